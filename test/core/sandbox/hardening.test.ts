import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { PolicyDeniedError } from '../../../src/core/errors.js';
import type { Decision } from '../../../src/core/policy/decide.js';
import { detectCgroups } from '../../../src/core/sandbox/cgroup.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { prepareHardening } from '../../../src/core/sandbox/hardening.js';
import { makeRepo, tempDir } from '../../helpers/git-repo.js';
import { bwrap, testConfig, testPolicy, withBwrap } from './fixture.js';

// Issue 11, real runs: what the sandboxed command can no longer do, as root and as a user.

const isRoot = process.getuid?.() === 0;
const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tempDir('oryon-home-'), LANG: 'C.UTF-8', ...extra });
const tools = ['git', 'cp', 'chmod', 'ls', 'mkdir', 'ln', 'id', 'head', 'pwd'];
const allowAll = (limits: Parameters<typeof testPolicy>[0] = {}) => testPolicy(limits, { commands: { allow: [...testPolicy().commands.allow, ...tools] } });

function runner(policy = allowAll(), onDecision?: (decision: Decision) => void) {
  return createSandboxRunner({ policy, config: testConfig('required'), env: env(), ...(onDecision ? { onDecision } : {}) });
}

const py = (source: string): string[] => ['python3', '-c', source];

describe.skipIf(!bwrap.usable)(withBwrap('the hardened sandbox'), () => {
  const cleanup: string[] = [];
  afterAll(() => {
    for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  });

  it('never runs the command as root, and cannot write kernel settings or read root-only files', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const secret = path.join(tempDir('oryon-rootonly-'), 'only-root');
    writeFileSync(secret, 'root secret\n', { mode: 0o600 });
    // Probe by opening for writing, never by writing.
    const probe = [
      'import os',
      'print("uid", os.getuid(), os.geteuid())',
      'for p in ["/proc/sys/kernel/core_pattern", "/proc/sys/kernel/hostname", "/proc/sysrq-trigger"]:',
      '  try:',
      '    open(p, "r+").close(); print("writable", p)',
      '  except OSError as e: print("denied", p, e.errno)',
      'try:',
      '  print(open("/etc/shadow").read()[:4])',
      'except OSError: print("shadow-denied")',
    ].join('\n');
    const result = await runner().run({ argv: py(probe), cwd: repo, writable: true });
    expect(result.stdout).not.toContain('writable');
    expect(result.stdout).toMatch(/denied \/proc\/sys\/kernel\/core_pattern/);
    if (isRoot) {
      expect(result.stdout).toContain('uid 65534 65534\n');
      expect(result.stdout).toContain('shadow-denied');
    }
    expect(readFileSync(secret, 'utf8')).toBe('root secret\n');
  });

  it.skipIf(!isRoot)('gives the worktree back as it was: owners kept, new files owned like its root, links untouched', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', 'sub/b.txt': 'b\n' });
    chownSync(path.join(repo, 'sub/b.txt'), 1234, 2345);
    const outside = path.join(tempDir('oryon-outside-'), 'target');
    writeFileSync(outside, 'outside\n');
    const script = 'echo new > new.txt && mkdir -p d/e && echo x > d/e/f && echo more >> sub/b.txt && ln -s ' + outside + ' link && id -u > who';
    const result = await runner().run({ argv: ['sh', '-c', script], cwd: repo, writable: true });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(path.join(repo, 'who'), 'utf8').trim()).toBe('65534');
    const root = statSync(repo);
    for (const file of ['a.txt', 'new.txt', 'd', 'd/e', 'd/e/f', 'who', '.git', '.git/config']) {
      expect(lstatSync(path.join(repo, file))).toMatchObject({ uid: root.uid, gid: root.gid });
    }
    expect(lstatSync(path.join(repo, 'sub/b.txt'))).toMatchObject({ uid: 1234, gid: 2345 });
    expect(lstatSync(path.join(repo, 'link'))).toMatchObject({ uid: root.uid });
    expect(statSync(outside)).toMatchObject({ uid: 0, gid: 0 });
  });

  it.skipIf(!isRoot)('reaches a worktree under a directory the unprivileged uid cannot enter', async () => {
    // Outside the private /tmp: the root's home (0700) on the host's tree.
    const home = os.homedir();
    if ((statSync(home).mode & 0o001) !== 0) return;
    const parent = mkdtempSync(path.join(home, '.oryon-test-'));
    cleanup.push(parent);
    chmodSync(parent, 0o700);
    const repo = makeRepo({ 'a.txt': 'hello\n' }, (mkdirSync(path.join(parent, 'repo')), path.join(parent, 'repo')));
    const result = await runner().run({ argv: ['sh', '-c', 'cat a.txt && echo ok > out && pwd'], cwd: repo, writable: true });
    expect(result).toMatchObject({ exitCode: 0, stdout: `hello\n${repo}\n` });
    expect(statSync(path.join(repo, 'out')).uid).toBe(statSync(repo).uid);
  });

  it('denies the kernel keyring and ptrace attach, keeps PTRACE_TRACEME', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const script = [
      'import ctypes, os, platform',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'nr = {"x86_64": (250, 248, 101), "aarch64": (219, 217, 117)}[platform.machine()]',
      'def call(*args):',
      '  ctypes.set_errno(0); r = libc.syscall(*args); return r, ctypes.get_errno()',
      // keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0): allowed, it answers with an id.
      'print("keyctl", call(nr[0], 0, -3, 0))',
      'print("add_key", call(nr[1], b"user", b"oryon", b"x", 1, -3))',
      'pid = os.fork()',
      'if pid == 0:',
      '  import time; time.sleep(5); os._exit(0)',
      'print("attach", call(nr[2], 16, pid, 0, 0))',
      'print("seize", call(nr[2], 0x4206, pid, 0, 0))',
      'os.kill(pid, 9)',
      'child = os.fork()',
      'if child == 0:',
      '  r = call(nr[2], 0, 0, 0, 0); os._exit(0 if r[0] == 0 else 1)',
      'print("traceme", os.waitpid(child, 0)[1])',
    ].join('\n');
    const result = await runner().run({ argv: py(script), cwd: repo, writable: true });
    expect(result.stdout).toContain('keyctl (-1, 1)\n');
    expect(result.stdout).toContain('add_key (-1, 1)\n');
    expect(result.stdout).toContain('attach (-1, 1)\n');
    expect(result.stdout).toContain('seize (-1, 1)\n');
    expect(result.stdout).toContain('traceme 0\n');
  });

  it('covers listening unix sockets of host daemons without network, and keeps them with it', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    // A database-style socket in the project (visible in the sandbox, outside /run and /tmp).
    const socketPath = path.join(repo, 'db.sock');
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.end('hello\n');
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const client = `import socket\ns = socket.socket(socket.AF_UNIX)\ntry:\n  s.connect(${JSON.stringify(socketPath)}); print("connected", s.recv(10))\nexcept OSError as e: print("blocked", e.errno)`;
    try {
      const closed = await runner().run({ argv: py(client), cwd: repo, writable: true });
      expect(closed.stdout).toMatch(/^blocked/);
      expect(connections).toBe(0);
      expect(lstatSync(socketPath).isSocket()).toBe(true);
      const open = await runner({ ...allowAll(), network: true }).run({ argv: py(client), cwd: repo, writable: true });
      expect(open.stdout).toMatch(/^connected/);
      expect(connections).toBe(1);
    } finally {
      server.close();
    }
  });

  it('strips setuid and setgid bits the command left, and reports each as a decision', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const decisions: Decision[] = [];
    const result = await runner(allowAll(), (decision) => decisions.push(decision)).run({
      argv: ['sh', '-c', 'cp /bin/sh ./rootshell && chmod 4755 ./rootshell && echo x > g && chmod 2755 g && ls -l rootshell'],
      cwd: repo,
      writable: true,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^-rwsr-xr-x/);
    expect(statSync(path.join(repo, 'rootshell')).mode & 0o7777).toBe(0o755);
    expect(statSync(path.join(repo, 'g')).mode & 0o7777).toBe(0o755);
    expect(result.setIdStripped?.map((file) => [path.basename(file.path), file.mode, file.stripped]).sort()).toEqual([
      ['g', 0o2755, true],
      ['rootshell', 0o4755, true],
    ]);
    expect(
      decisions
        .filter((decision) => decision.rule === 'sandbox.setid')
        .map((decision) => path.basename(decision.subject))
        .sort(),
    ).toEqual(['g', 'rootshell']);
  });

  it('counts threads against the process limit', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    // Bounded at 400 threads that sleep; the limit is 64. The kernel may refuse a thread a
    // little above the limit (TASK_SLACK), but the command keeps what it got: the watchdog,
    // counting tasks, ends the run with the rule named.
    const script = [
      'import threading, time',
      'n = 0',
      'try:',
      '  for n in range(400):',
      '    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()',
      'except RuntimeError:',
      '  print("thread failed after", n, flush=True)',
      'print("holding", flush=True)',
      'time.sleep(30)',
    ].join('\n');
    const result = await runner(allowAll({ max_processes: 64, command_timeout_ms: 15_000 })).run({ argv: py(script), cwd: repo, writable: true });
    expect(result.timedOut).toBe(false);
    expect(result.killedBy?.rule).toBe('limits.max_processes');
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('sizes the private /tmp and /var/tmp', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner(allowAll({ tmp_mb: 2 })).run({
      argv: ['sh', '-c', 'head -c 3000000 /dev/zero > /tmp/big || echo tmp-full; head -c 3000000 /dev/zero > /var/tmp/big || echo vartmp-full'],
      cwd: repo,
      writable: true,
    });
    expect(result.stdout).toBe('tmp-full\nvartmp-full\n');
  });

  it('ends a run that writes more than max_write_mb to the worktree, naming the rule', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const decisions: Decision[] = [];
    const script = 'import time\nfor i in range(40):\n  open("blob%d" % i, "wb").write(b"x" * 1048576)\n  time.sleep(0.1)\nprint("done")';
    const result = await runner(allowAll({ max_write_mb: 4 }), (decision) => decisions.push(decision)).run({ argv: py(script), cwd: repo, writable: true });
    expect(result.killedBy?.rule).toBe('limits.max_write_mb');
    expect(result.stdout).not.toContain('done');
    expect(decisions.some((decision) => decision.rule === 'limits.max_write_mb' && !decision.allowed)).toBe(true);
  });

  it('fails a run that was over max_write_mb when it exited, even with exit code 0', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner(allowAll({ max_write_mb: 1 })).run({ argv: py('open("blob", "wb").write(b"x" * 3 * 1048576)'), cwd: repo, writable: true });
    expect(result.killedBy?.rule).toBe('limits.max_write_mb');
    expect(result.exitCode).not.toBe(0);
  });

  it.skipIf(detectCgroups().kind === 'none' || detectCgroups().kind === 'systemd-run')("bounds the sandbox's memory as a whole with a cgroup", async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    // Three processes of 48 MiB each: every one is under memory_mb, together they are not.
    const script = [
      'import os, time',
      'for i in range(3):',
      '  if os.fork() == 0:',
      '    b = bytearray(48 * 1024 * 1024)',
      '    for j in range(0, len(b), 4096): b[j] = 1',
      '    time.sleep(3); os._exit(0)',
      'print(open("/proc/self/cgroup").read(), flush=True)',
      'codes = [os.wait()[1] for i in range(3)]',
      'print("codes", codes)',
    ].join('\n');
    const result = await runner(allowAll({ memory_mb: 100 })).run({ argv: py(script), cwd: repo, writable: true });
    expect(result.stdout).toMatch(/oryon-sandbox-/);
    expect(result.stdout).toMatch(/codes \[.*\b9\b.*\]/);
  });

  it('refuses under isolation: required when the command cannot run unprivileged (exit 4, rule named)', () => {
    if (!isRoot) return;
    const { config } = loadConfig({ env: { HOME: tempDir('oryon-cfg-home-') } });
    // A "bwrap" that cannot run the drop's trial.
    const attempt = () => prepareHardening({ bwrap: '/bin/false', config: { ...config, sandbox: { ...config.sandbox, isolation: 'required' } }, env: env() });
    expect(attempt).toThrow(PolicyDeniedError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ rule: 'sandbox.uid', exitCode: 4 });
    }
    const relaxed = prepareHardening({ bwrap: '/bin/false', config: { ...config, sandbox: { ...config.sandbox, isolation: 'best-effort' } }, env: env() });
    expect(relaxed.privilege.mode).toBe('root');
    expect(relaxed.gaps.map((gap) => gap.rule)).toContain('sandbox.uid');
  });

  it('refuses on an architecture without a seccomp filter under required, journals it under best-effort', () => {
    const { config } = loadConfig({ env: { HOME: tempDir('oryon-cfg-home-') } });
    const required = { ...config, sandbox: { ...config.sandbox, isolation: 'required' as const } };
    expect(() => prepareHardening({ bwrap: bwrap.path!, config: required, env: env(), arch: 'riscv64' })).toThrow(/sandbox.seccomp/);
    const relaxed = prepareHardening({
      bwrap: bwrap.path!,
      config: { ...required, sandbox: { ...required.sandbox, isolation: 'best-effort' } },
      env: env(),
      arch: 'riscv64',
    });
    expect(relaxed.seccomp).toBeUndefined();
    expect(relaxed.gaps).toContainEqual({ rule: 'sandbox.seccomp', reason: expect.stringMatching(/riscv64/) });
  });

  it('keeps git usable for the dropped uid and the repository files readable', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner().run({
      argv: ['sh', '-c', 'git log --format=%s && git status --porcelain && echo b > b.txt && git status --porcelain'],
      cwd: repo,
      writable: true,
    });
    expect(result.stdout).toBe('initial\n?? b.txt\n');
    expect(existsSync(path.join(repo, 'b.txt'))).toBe(true);
  });
});
