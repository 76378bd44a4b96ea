// Attacks on the kernel and on root: sysctls, the keyring, ptrace, setuid files, thread
// bombs and root-only files. As root without a user namespace these all worked (issue 11).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TASK_SLACK } from '../../../src/core/sandbox/hardening.js';
import type { SandboxResult } from '../../../src/core/sandbox/types.js';
import { bwrap, processesWith, waitUntil, withBwrap } from '../../core/sandbox/fixture.js';
import { branches } from '../../helpers/git-repo.js';
import { build } from '../build.js';
import { attackTest, closeFakes, fixWithAttack, printed, testOutput } from './fix-harness.js';
import {
  RAN,
  attackEnv,
  attackRepo,
  attackTask,
  cleanupAttackDirs,
  fingerprint,
  isRoot,
  marker,
  plant,
  probeWritable,
  py,
  sandbox,
  setidFiles,
  sh,
} from './harness.js';

beforeAll(build, 120_000);
afterEach(closeFakes);
afterAll(cleanupAttackDirs);

const KERNEL_KNOBS = [
  '/proc/sys/kernel/core_pattern',
  '/proc/sys/kernel/modprobe',
  '/proc/sys/kernel/poweroff_cmd',
  '/proc/sysrq-trigger',
  '/sys/kernel/uevent_helper',
];
const existing = (files: string[]) => files.filter((file) => existsSync(file));
const sysctlSnapshot = () => fingerprint('/proc/sys/kernel/core_pattern', '/proc/sys/kernel/modprobe');

/** ctypes access to raw syscalls; numbers for the two architectures CI runs on. */
const SYSCALLS = `import ctypes, platform
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
ADD_KEY, REQUEST_KEY, KEYCTL = {"x86_64": (248, 249, 250), "aarch64": (217, 218, 219)}[platform.machine()]
def call(nr, *args):
    ctypes.set_errno(0)
    r = libc.syscall(nr, *args)
    return r, ctypes.get_errno()
`;

describe.skipIf(!bwrap.usable)(withBwrap('attacks on the kernel and root, through oryon sandbox'), () => {
  it('no file under /proc/sys opens for writing (probed by open, never written)', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const before = sysctlSnapshot();
    const walk = `import os\nprobed = opened = 0\nfor root, dirs, files in os.walk("/proc/sys"):\n    for f in files:\n        p = os.path.join(root, f)\n        probed += 1\n        try:\n            os.close(os.open(p, os.O_WRONLY))\n            opened += 1\n            print("OPENED", p)\n        except OSError:\n            pass\nprint("probed", probed, "opened", opened)`;
    const result = await sandbox(repo, py(walk));
    expect(result.stdout).toContain(RAN);
    const counts = /probed (\d+) opened (\d+)/.exec(result.stdout);
    expect(Number(counts?.[1])).toBeGreaterThan(100);
    expect(result.stdout).not.toContain('OPENED');
    expect(Number(counts?.[2])).toBe(0);
    expect(sysctlSnapshot()).toBe(before);
  });

  it('core_pattern, modprobe, poweroff_cmd, sysrq-trigger and uevent_helper cannot be opened for writing', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const knobs = existing(KERNEL_KNOBS);
    const before = sysctlSnapshot();
    const result = await sandbox(repo, py(probeWritable(knobs)));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('OPENED');
    expect(result.stdout.match(/^DENIED /gm)?.length).toBe(knobs.length);
    expect(sysctlSnapshot()).toBe(before);
  });

  it('add_key into the user keyring fails, and no key is left behind on the host', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const description = marker('oryon-attack-key');
    const code = `${SYSCALLS}print("add_key", *call(ADD_KEY, b"user", ${JSON.stringify(description)}.encode(), b"covert-payload", ctypes.c_size_t(14), ctypes.c_int(-4)))`;
    const result = await sandbox(repo, py(code));
    expect(result.stdout).toContain(RAN);
    const [, value, errno] = /add_key (-?\d+) (\d+)/.exec(result.stdout) ?? [];
    expect(Number(value)).toBe(-1);
    expect([1, 38]).toContain(Number(errno)); // EPERM (seccomp) or ENOSYS
    expect(readFileSync('/proc/keys', 'utf8')).not.toContain(description);
  });

  it("keyctl cannot reach the caller's user or session keyring", async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    // KEYCTL_GET_KEYRING_ID (0) of KEY_SPEC_USER_KEYRING (-4) and KEY_SPEC_SESSION_KEYRING (-3); KEYCTL_READ (11) of the user keyring.
    const code = `${SYSCALLS}buf = ctypes.create_string_buffer(4096)\nfor name, args in [("user", (0, -4, 0)), ("session", (0, -3, 0)), ("read", (11, -4, buf, 4096))]:\n    print("keyctl", name, *call(KEYCTL, *[ctypes.c_long(a) if isinstance(a, int) else a for a in args]))`;
    const result = await sandbox(repo, py(code));
    expect(result.stdout).toContain(RAN);
    const calls = [...result.stdout.matchAll(/keyctl (\w+) (-?\d+) (\d+)/g)];
    expect(calls.map((call) => call[1])).toEqual(['user', 'session', 'read']);
    for (const call of calls) {
      expect(Number(call[2]), `keyctl ${call[1]}`).toBe(-1);
      expect([1, 38], `keyctl ${call[1]} errno`).toContain(Number(call[3]));
    }
  });

  it('request_key is denied (EPERM), not merely unanswered (ENOKEY)', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const code = `${SYSCALLS}print("request_key", *call(REQUEST_KEY, b"user", b"oryon-probe", None, ctypes.c_int(0)))`;
    const result = await sandbox(repo, py(code));
    expect(result.stdout).toContain(RAN);
    const [, value, errno] = /request_key (-?\d+) (\d+)/.exec(result.stdout) ?? [];
    expect(Number(value)).toBe(-1);
    expect([1, 38]).toContain(Number(errno));
  });

  it('ptrace cannot attach to (or seize) a process the attacker did not start', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    // A sleeps; B, its sibling, tries to attach to it: a non-child, as a host process would be.
    const code = `import ctypes, os, time, signal
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.restype = ctypes.c_long
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
a = os.fork()
if a == 0:
    time.sleep(30); os._exit(0)
r, w = os.pipe()
b = os.fork()
if b == 0:
    out = []
    for name, req in (("attach", 16), ("seize", 0x4206)):
        ctypes.set_errno(0)
        res = libc.ptrace(req, a, None, None)
        out.append("%s %d %d" % (name, res, ctypes.get_errno()))
        if res == 0:
            libc.ptrace(17, a, None, None)
    os.write(w, ("\\n".join(out) + "\\n").encode()); os._exit(0)
os.waitpid(b, 0)
print(os.read(r, 4096).decode(), end="", flush=True)
os.kill(a, signal.SIGKILL)`;
    const result = await sandbox(repo, py(code));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).toMatch(/^attach -1 1$/m);
    expect(result.stdout).toMatch(/^seize -1 1$/m);
  });

  it('a setuid-root copy of a shell left in the tree keeps no setuid bit, or the run fails naming it', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(
      repo,
      py('import os, shutil\nshutil.copy("/bin/sh", "rootsh")\nos.chmod("rootsh", 0o4755)\nprint(oct(os.stat("rootsh").st_mode))'),
      { write: true },
    );
    expect(result.stdout).toContain(RAN);
    expect(setidFiles(repo)).toEqual([]);
    if (result.code !== 0) expect(result.stderr).toContain('rootsh');
  });

  it('setgid files and a setuid file deep in the tree are stripped too', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const script =
      'import os, shutil\nos.makedirs("deep/er/still")\nfor name, mode in (("deep/er/still/tool", 0o4755), ("sgid", 0o2755), ("both", 0o6755)):\n    shutil.copy("/bin/sh", name)\n    os.chmod(name, mode)';
    const result = await sandbox(repo, py(script), { write: true });
    expect(result.stdout).toContain(RAN);
    expect(setidFiles(repo)).toEqual([]);
  });

  it('1,000 threads against max_processes 32 are stopped at the limit, and nothing is left', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'limits:\n  max_processes: 32\n  command_timeout_ms: 8000\n' });
    const tag = marker('oryon-threads');
    const code = `import threading, time\nstarted = 0\ntry:\n    for _ in range(1000):\n        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\n        started += 1\nexcept RuntimeError as e:\n    print("thread start failed after", started, flush=True)\nprint("started", started, flush=True)\ntime.sleep(30)  # ${tag}`;
    const result = await sandbox(repo, py(code), { json: true });
    const document = JSON.parse(result.stdout) as SandboxResult;
    expect(document.stdout).toContain(RAN);
    // Killed by the watchdog, or thread creation failed at RLIMIT_NPROC (then it sleeps to the timeout).
    const failedAt = /thread start failed after (\d+)/.exec(document.stdout);
    expect(document.killedBy?.rule === 'limits.max_processes' || (failedAt !== null && Number(failedAt[1]) <= 32 + TASK_SLACK)).toBe(true);
    expect(await waitUntil(() => processesWith(tag).length === 0)).toBe(true);
  });

  it.skipIf(!isRoot)('root-only files (/etc/shadow, a 0600 root file outside every mask) cannot be read', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const secretDir = path.join(path.dirname(repo), 'srv');
    const secret = marker('root-only');
    plant(secretDir, { 'root-only.conf': `${secret}\n` }, 0o600);
    const result = await sandbox(repo, sh(`cat /etc/shadow; cat ${secretDir}/root-only.conf`));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout).not.toMatch(/^root:/m);
    expect(result.stderr).toMatch(/shadow: Permission denied/);
    // Denied, or not there at all when the attack folder sits under the private /tmp (a checkout under /tmp).
    expect(result.stderr).toMatch(/root-only\.conf: (Permission denied|No such file or directory)/);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('attacks on the kernel and root, as a repo test during oryon fix'), () => {
  it('a repo test that opens core_pattern (and sysrq-trigger) for writing is denied; the host value is unchanged', async () => {
    const knobs = existing(KERNEL_KNOBS);
    const task = attackTask({ 'test_attack.py': attackTest(probeWritable(knobs)) });
    const env = attackEnv();
    const before = sysctlSnapshot();
    const { result, run } = await fixWithAttack(task, env);
    expect(result.code).toBe(1);
    const output = testOutput(run);
    expect(output).toContain(RAN);
    expect(printed(output, 'OPENED')).toBe(false);
    expect(output.match(/^DENIED /gm)?.length).toBe(knobs.length);
    expect(sysctlSnapshot()).toBe(before);
    expect(branches(task.root)).toEqual(['main']);
  }, 60_000);

  it('a setuid shell made by a repo test is not left anywhere: not in the repo, the state dir or the branch', async () => {
    const task = attackTask({
      'test_attack.py': attackTest(
        'import shutil\nshutil.copy("/bin/sh", "rootsh")\nos.chmod("rootsh", 0o4755)\nprint("mode", oct(os.stat("rootsh").st_mode))',
      ),
    });
    const env = attackEnv();
    const { result, run } = await fixWithAttack(task, env);
    expect(testOutput(run)).toContain(RAN);
    expect(result.code).toBe(1);
    expect(setidFiles(task.root)).toEqual([]);
    expect(setidFiles(env.ORYON_HOME)).toEqual([]);
  }, 60_000);

  it('a thread bomb in a repo test is stopped at max_processes and journaled', async () => {
    const task = attackTask({
      '.oryon/policy.yaml': 'limits:\n  max_processes: 32\n  command_timeout_ms: 15000\n',
      'test_attack.py': attackTest(
        'import threading, time\nfor _ in range(1000):\n    threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\nprint("started all", flush=True)\ntime.sleep(30)',
      ),
    });
    const env = attackEnv();
    const started = Date.now();
    const { result, run } = await fixWithAttack(task, env);
    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(45_000);
    // A killed pytest prints nothing: the journaled kill (or the failed thread start) is the evidence.
    const output = testOutput(run);
    expect(printed(output, 'started all')).toBe(false);
    // Killed by the watchdog (journaled), or thread creation failed at RLIMIT_NPROC inside a user namespace.
    const kills = run.decisions.filter((decision: { rule: string }) => decision.rule === 'limits.max_processes');
    expect(kills.length > 0 || /can't start new thread/.test(output)).toBe(true);
  }, 60_000);
});
