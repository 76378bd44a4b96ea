import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError, InterruptedError, PolicyDeniedError } from '../../../src/core/errors.js';
import type { Decision } from '../../../src/core/policy/decide.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { detectBubblewrap } from '../../../src/core/sandbox/detect.js';
import { TASK_SLACK } from '../../../src/core/sandbox/hardening.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';
import { bwrap, processesWith, testConfig, testPolicy, uniqueMarker, waitUntil, withBwrap } from './fixture.js';

const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tempDir('oryon-home-'), LANG: 'C.UTF-8', ...extra });

describe.skipIf(!bwrap.usable)(withBwrap('the bubblewrap sandbox'), () => {
  const runner = (policy = testPolicy(), extraEnv: Record<string, string> = {}) =>
    createSandboxRunner({ policy, config: testConfig('required'), env: env(extraEnv) });

  it('runs argv in cwd and reports exit code, streams and isolation', async () => {
    const repo = makeRepo({ 'a.txt': 'hello\n' });
    const result = await runner().run({ argv: ['sh', '-c', 'cat a.txt; echo oops 1>&2; exit 3'], cwd: repo });
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: 'hello\n',
      stderr: 'oops\n',
      isolation: 'bwrap',
      timedOut: false,
      outputTruncated: false,
    });
    expect(result.output).toBe('hello\noops\n');
    expect(result.argv).toEqual(['sh', '-c', 'cat a.txt; echo oops 1>&2; exit 3']);
  });

  it('lets the command write in the worktree and /tmp, and nowhere else', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const outside = tempDir('oryon-outside-');
    const home = tempDir('oryon-home-');
    // A name of its own: a host may well have a /tmp/scratch of its own already.
    const scratch = `/tmp/oryon-scratch-${process.pid}-${Date.now()}`;
    const script = [
      'echo ok > new.txt',
      `echo tmp > ${scratch} && cat ${scratch}`,
      `echo x > ${outside}/escape.txt || echo outside-denied`,
      `echo x > ${home}/escape.txt || echo home-denied`,
      'echo x > /etc/oryon-escape || echo etc-denied',
      // /var/tmp is private too (issue 11): writable inside, nothing reaches the host's.
      'echo vartmp > /var/tmp/oryon-escape && cat /var/tmp/oryon-escape',
    ].join('; ');
    const result = await createSandboxRunner({ policy: testPolicy(), config: testConfig('required'), env: env({ HOME: home }) }).run({
      argv: ['sh', '-c', script],
      cwd: repo,
      writable: true,
    });
    expect(readFileSync(path.join(repo, 'new.txt'), 'utf8')).toBe('ok\n');
    expect(result.stdout).toContain('tmp\n');
    for (const word of ['outside-denied', 'home-denied', 'etc-denied', 'vartmp\n']) expect(result.stdout).toContain(word);
    expect(existsSync(path.join(outside, 'escape.txt'))).toBe(false);
    expect(existsSync(path.join(home, 'escape.txt'))).toBe(false);
    expect(existsSync('/etc/oryon-escape')).toBe(false);
    expect(existsSync('/var/tmp/oryon-escape')).toBe(false);
    expect(existsSync(scratch)).toBe(false);
  });

  it('keeps .git read-only in a main checkout', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner().run({
      argv: ['sh', '-c', 'echo evil > .git/hooks/pre-commit || echo hook-denied; echo x >> .git/config || echo config-denied'],
      cwd: repo,
    });
    expect(result.stdout).toBe('hook-denied\nconfig-denied\n');
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it("keeps a linked worktree's .git file, its admin dir and the main .git read-only, and git still reads them", async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const worktree = path.join(tempDir('oryon-wt-'), 'run');
    git(repo, 'worktree', 'add', '--detach', '--quiet', worktree, 'HEAD');
    const policy = testPolicy({}, { commands: { allow: [...testPolicy().commands.allow, 'git'] } });
    const script = [
      'git log --format=%s',
      'echo "gitdir: /elsewhere" > .git || echo dotgit-denied',
      `echo x > ${repo}/.git/hooks/post-checkout || echo main-denied`,
      `echo x > ${repo}/.git/worktrees/run/HEAD || echo admin-denied`,
      `cat ${repo}/a.txt || echo main-tree-hidden`,
    ].join('; ');
    const result = await runner(policy).run({ argv: ['sh', '-c', script], cwd: worktree });
    expect(result.stdout).toBe('initial\ndotgit-denied\nmain-denied\nadmin-denied\nmain-tree-hidden\n');
    expect(readFileSync(path.join(worktree, '.git'), 'utf8')).toContain(path.join(repo, '.git', 'worktrees', 'run'));
  });

  it('masks credential stores in the home, even when the home is inside the worktree', async () => {
    // A dotfiles-style layout: the only way a home under the test's temp dir is visible at all.
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const home = path.join(repo, 'home');
    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    writeFileSync(path.join(home, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n');
    mkdirSync(path.join(home, '.aws'));
    writeFileSync(path.join(home, '.aws', 'credentials'), 'aws_secret_access_key=abc\n');
    writeFileSync(path.join(home, '.netrc'), 'machine x login y password z\n');
    writeFileSync(path.join(home, 'notes.txt'), 'visible\n');
    const script = 'cat ~/notes.txt; ls -A ~/.ssh ~/.aws; cat ~/.ssh/id_rsa ~/.aws/credentials; cat ~/.netrc; echo end';
    const result = await runner(testPolicy(), { HOME: home }).run({ argv: ['sh', '-c', script], cwd: repo });
    expect(result.stdout).toContain('visible\n');
    expect(result.output).not.toMatch(/PRIVATE KEY|aws_secret|password z/);
    expect(result.stderr).toMatch(/id_rsa: No such file/);
    expect(result.stdout.trim().endsWith('end')).toBe(true);
    // The real files are untouched.
    expect(readFileSync(path.join(home, '.netrc'), 'utf8')).toContain('password z');
  });

  it('has no network unless the policy allows it', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.end('hello\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const client = `import socket\ntry:\n  s = socket.create_connection(("127.0.0.1", ${port}), timeout=2)\n  print("connected", s.recv(10))\nexcept OSError as e:\n  print("blocked", e)`;
    try {
      const closed = await runner().run({ argv: ['python3', '-c', client], cwd: repo });
      expect(closed.stdout).toMatch(/^blocked/);
      expect(connections).toBe(0);
      const open = await runner(testPolicy({}, { network: true })).run({ argv: ['python3', '-c', client], cwd: repo });
      expect(open.stdout).toMatch(/^connected/);
      expect(connections).toBe(1);
    } finally {
      server.close();
    }
  });

  it('hides /run (daemon sockets) when there is no network', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner().run({ argv: ['ls', '-A', '/run'], cwd: repo });
    expect(result).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('passes only the allowlisted environment', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner(testPolicy(), { MY_API_TOKEN: 'tok-1', AWS_SECRET_ACCESS_KEY: 'aws-1', GITHUB_TOKEN: 'gh-1' }).run({
      argv: ['env'],
      cwd: repo,
      env: { EXTRA_FLAG: 'yes', LEAKED_SECRET: 'no' },
    });
    expect(result.stdout).toContain('EXTRA_FLAG=yes');
    expect(result.stdout).toContain('TMPDIR=/tmp');
    expect(result.stdout).not.toMatch(/tok-1|aws-1|gh-1|LEAKED_SECRET/);
  });

  it('runs Python without a bytecode cache, so a same-size edit in the same second is not masked', async () => {
    const repo = makeRepo({ 'm.py': 'X = 1\n', 't.py': 'import m\nprint(m.X)\n' });
    const first = await runner().run({ argv: ['python3', 't.py'], cwd: repo });
    writeFileSync(path.join(repo, 'm.py'), 'X = 2\n');
    const second = await runner().run({ argv: ['python3', 't.py'], cwd: repo });
    expect([first.stdout.trim(), second.stdout.trim()]).toEqual(['1', '2']);
    expect(existsSync(path.join(repo, '__pycache__'))).toBe(false);
  });

  it('feeds input on stdin', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner().run({ argv: ['cat'], cwd: repo, input: 'from stdin\n' });
    expect(result.stdout).toBe('from stdin\n');
  });

  it('kills the whole sandbox at the timeout, including processes that left the group', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const marker = uniqueMarker();
    // The child calls setsid(): only the PID namespace takes it down with the rest.
    const script = `import os, time\nif os.fork() == 0:\n  os.setsid()\n  time.sleep(60)\nwhile True: pass  # ${marker}`;
    const result = await runner(testPolicy({ command_timeout_ms: 800 })).run({ argv: ['python3', '-c', script], cwd: repo });
    expect(result.timedOut).toBe(true);
    expect(result.killedBy).toEqual({ rule: 'limits.command_timeout_ms', reason: 'killed after 800 ms' });
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGKILL');
    expect(result.durationMs).toBeLessThan(5000);
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
  });

  it("takes the shorter of the policy timeout and the caller's", async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner(testPolicy({ command_timeout_ms: 600 })).run({
      argv: ['python3', '-c', 'import time; time.sleep(30)'],
      cwd: repo,
      timeoutMs: 60_000,
    });
    expect(result.killedBy?.reason).toBe('killed after 600 ms');
  });

  it('stops on abort, kills everything and rejects with an interruption', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const marker = uniqueMarker();
    const controller = new AbortController();
    const run = runner().run({ argv: ['python3', '-c', `import time\ntime.sleep(60)  # ${marker}`], cwd: repo, signal: controller.signal });
    expect(await waitUntil(() => processesWith(marker).length > 0)).toBe(true);
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
  });

  it('contains a fork bomb: the run ends, with the process limit or a fork failure as the reason', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const marker = uniqueMarker();
    // Bounded at 2000 so that even a broken limit cannot hurt the machine; children sleep, not spin.
    const bomb = `import os, time\nn = 0\ntry:\n  while n < 2000:\n    if os.fork() == 0:\n      time.sleep(60); os._exit(0)\n    n += 1\nexcept OSError as e:\n  print("fork failed after", n, flush=True)\ntime.sleep(60)  # ${marker}`;
    const result = await runner(testPolicy({ max_processes: 32, command_timeout_ms: 10_000 })).run({ argv: ['python3', '-c', bomb], cwd: repo });
    const stoppedByWatchdog = result.killedBy?.rule === 'limits.max_processes';
    const forkFailed = /fork failed after (\d+)/.exec(result.stdout);
    expect(stoppedByWatchdog || forkFailed !== null).toBe(true);
    // The kernel's task limit sits TASK_SLACK above the watchdog's, so a bomb that outruns
    // the watchdog's sampling fails to fork somewhere between the two, never past the kernel's.
    if (forkFailed) expect(Number(forkFailed[1])).toBeLessThanOrEqual(32 + TASK_SLACK);
    expect(result.durationMs).toBeLessThan(12_000);
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
  });

  it('caps the output and says so', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const script = 'import sys\nsys.stdout.write("START\\n")\nfor _ in range(5000): sys.stdout.write("x" * 1023 + "\\n")\nsys.stdout.write("END\\n")';
    const result = await runner(testPolicy({ max_output_bytes: 64 * 1024 })).run({ argv: ['python3', '-c', script], cwd: repo });
    expect(result.outputTruncated).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith('START\n')).toBe(true);
    expect(result.stdout.endsWith('END\n')).toBe(true);
    expect(result.stdout).toMatch(/bytes of output omitted/);
    expect(result.output.length).toBeLessThan(64 * 1024 + 200);
  });

  it('refuses a command the policy does not allow, before running anything, and reports the decision', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const decisions: Decision[] = [];
    const sandbox = createSandboxRunner({
      policy: testPolicy(),
      config: testConfig('required'),
      env: env(),
      onDecision: (decision) => decisions.push(decision),
    });
    await expect(sandbox.run({ argv: ['curl', 'http://example.com'], cwd: repo })).rejects.toMatchObject({
      constructor: PolicyDeniedError,
      rule: 'commands.allow',
      exitCode: 4,
    });
    await expect(sandbox.run({ argv: ['sh', '-c', 'echo hi && wget http://x'], cwd: repo })).rejects.toThrow(
      /"wget" \(inside sh -c\) is not in commands.allow/,
    );
    expect(decisions.map((decision) => decision.allowed)).toEqual([false, false]);
  });

  it("keeps the repo's .oryon settings read-only: no edit, no replacement, no new file", async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'network: false\n', 'remove.py': 'import os\nos.remove(".oryon/policy.yaml")\n' });
    const script = [
      'echo "network: true" >> .oryon/policy.yaml || echo edit-denied',
      'echo "network: true" > .oryon/new.yaml || echo create-denied',
      'python3 remove.py 2>/dev/null || echo rm-denied',
      'echo ok > b.txt && echo worktree-writable',
    ].join('; ');
    const result = await runner().run({ argv: ['sh', '-c', script], cwd: repo, writable: true });
    expect(result.stdout).toBe('edit-denied\ncreate-denied\nrm-denied\nworktree-writable\n');
    expect(result.stderr).toContain('Read-only file system');
    expect(readFileSync(path.join(repo, '.oryon/policy.yaml'), 'utf8')).toBe('network: false\n');
    expect(existsSync(path.join(repo, '.oryon/new.yaml'))).toBe(false);
  });

  it('reports what the limits did as decisions: the kill at the timeout and the cut output', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const decisions: Decision[] = [];
    // 4 s, not 1: python starting under the dropped uid on a loaded machine can take a second before it prints.
    const sandbox = createSandboxRunner({
      policy: testPolicy({ command_timeout_ms: 4000, max_output_bytes: 4096 }),
      config: testConfig('required'),
      env: env(),
      onDecision: (decision) => decisions.push(decision),
    });
    const argv = ['python3', '-c', 'import time\nprint("x" * 10000, flush=True)\ntime.sleep(30)'];
    const result = await sandbox.run({ argv, cwd: repo });
    expect(result.killedBy?.rule).toBe('limits.command_timeout_ms');
    // Without a usable cgroup (an unprivileged user here), the first run also says so (allowed: a gap, not a refusal).
    const cgroupGap = decisions.findIndex((decision) => decision.rule === 'limits.memory_mb' && decision.allowed);
    if (cgroupGap >= 0) decisions.splice(cgroupGap, 1);
    expect(decisions).toEqual([
      { allowed: true, kind: 'command', subject: argv.join(' '), rule: 'commands.allow', reason: 'matches "python3"' },
      { allowed: false, kind: 'limit', subject: argv.join(' '), rule: 'limits.command_timeout_ms', reason: 'killed after 4000 ms' },
      {
        allowed: false,
        kind: 'limit',
        subject: argv.join(' '),
        rule: 'limits.max_output_bytes',
        reason: 'output over 4096 bytes; only its first and last bytes were kept',
      },
    ]);
    decisions.length = 0;
    await sandbox.run({ argv: ['true'], cwd: repo });
    expect(decisions.map((decision) => decision.rule)).toEqual(['commands.allow']);
  });

  it('refuses a working directory that does not exist, or /', async () => {
    await expect(runner().run({ argv: ['true'], cwd: path.join(tempDir(), 'missing') })).rejects.toBeInstanceOf(BadInputError);
    await expect(runner().run({ argv: ['true'], cwd: '/' })).rejects.toThrow(/refusing to run a sandbox with \/ as its writable directory/);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('detectBubblewrap'), () => {
  it('finds a usable bwrap with its version, and caches the answer', async () => {
    const status = await detectBubblewrap();
    expect(status).toMatchObject({ available: true, usable: true });
    expect(status.version).toMatch(/^\d+\.\d+/);
    expect(await detectBubblewrap()).toBe(status);
  });
});
