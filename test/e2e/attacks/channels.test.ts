// Side doors: descriptors inherited from oryon's caller, unix sockets on the file system,
// the command allowlist wrapped in `env -S`, size limits that were per process or per file,
// and control sequences written to the user's terminal.
import { execFileSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxResult } from '../../../src/core/sandbox/types.js';
import { bwrap, processesWith, waitUntil, withBwrap } from '../../core/sandbox/fixture.js';
import { binPath } from '../../helpers/cli.js';
import { build } from '../build.js';
import { RAN, attackDir, attackEnv, attackRepo, cleanupAttackDirs, fingerprint, marker, plant, py, sandbox, sh } from './harness.js';

beforeAll(build, 120_000);
const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});
afterAll(cleanupAttackDirs);

/** A listener that counts connections: on a unix socket path, or on loopback TCP. */
async function listen(where: string | 0): Promise<{ address: string | number; connections: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.end('secret handshake\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => (where === 0 ? server.listen(0, '127.0.0.1', resolve) : server.listen(where, resolve)));
  const address = where === 0 ? (server.address() as net.AddressInfo).port : where;
  return { address, connections: () => connections };
}

/** A cgroup v2 this user could create a child in: delegated (writable) or through a systemd user scope. */
function cgroupOffered(): boolean {
  if (!existsSync('/sys/fs/cgroup/cgroup.controllers')) return false;
  const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
  try {
    accessSync(path.join('/sys/fs/cgroup', own ?? '/'), constants.W_OK);
    return true;
  } catch {
    try {
      execFileSync('systemd-run', ['--user', '--scope', '--quiet', 'true'], { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  }
}

const connectUnix = (socket: string) =>
  `import socket\ns = socket.socket(socket.AF_UNIX)\ntry:\n    s.connect(${JSON.stringify(socket)})\n    print("CONNECTED", s.recv(100))\nexcept OSError as e:\n    print("BLOCKED", e.strerror, flush=True)`;

describe.skipIf(!bwrap.usable)(withBwrap('inherited descriptors'), () => {
  it('a read-only descriptor from the caller is not inside, and cannot be reopened read-write through /proc/self/fd', async () => {
    const dir = attackDir('fd-');
    const file = path.join(dir, 'host-file.txt');
    writeFileSync(file, 'host content\n');
    const before = fingerprint(file);
    const fd = openSync(file, 'r');
    try {
      const repo = attackRepo({ 'a.txt': 'a\n' });
      const code = `import os\nfor n in sorted(int(n) for n in os.listdir("/proc/self/fd")):\n    try:\n        print("fd", n, os.readlink("/proc/self/fd/%d" % n), flush=True)\n    except OSError:\n        pass\nfor n in range(3, 12):\n    try:\n        with open("/proc/self/fd/%d" % n, "w") as h:\n            h.write("pwned")\n        print("REOPENED", n, flush=True)\n    except OSError:\n        pass`;
      // fd 3 of oryon's child is bwrap's info pipe: the caller's descriptor sits above it, at 5.
      const result = await sandbox(repo, py(code), { extraFds: ['ignore', 'ignore', fd] });
      expect(result.stdout).toContain(RAN);
      expect(result.stdout).not.toContain('REOPENED');
      expect(result.stdout).not.toContain(file);
    } finally {
      closeSync(fd);
    }
    expect(fingerprint(file)).toBe(before);
  });

  it('an inherited directory descriptor does not open the directory it points to', async () => {
    const dir = attackDir('fd-dir-');
    const secret = marker('dirfd');
    plant(dir, { 'secret.txt': `${secret}\n` });
    const fd = openSync(dir, 'r');
    try {
      const repo = attackRepo({ 'a.txt': 'a\n' });
      const code = `import os\nfor n in range(3, 12):\n    try:\n        names = os.listdir("/proc/self/fd/%d" % n)\n        print("LISTED", n, names, flush=True)\n        print(open("/proc/self/fd/%d/secret.txt" % n).read())\n    except OSError:\n        pass`;
      const result = await sandbox(repo, py(code), { extraFds: ['ignore', 'ignore', fd] });
      expect(result.stdout).toContain(RAN);
      expect(result.stdout).not.toContain(secret);
      expect(result.stdout).not.toContain('secret.txt');
    } finally {
      closeSync(fd);
    }
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('unix sockets and the network'), () => {
  it('a unix socket under /var/tmp (an ssh-agent) cannot be connected to', async () => {
    const socket = `/var/tmp/oryon-attack-${process.pid}-${Date.now()}.sock`;
    const { connections } = await listen(socket);
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(repo, py(connectUnix(socket)));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('CONNECTED');
    expect(connections()).toBe(0);
  });

  it('a database socket in a folder the sandbox can see cannot be connected to', async () => {
    const socket = path.join(attackDir('pg-'), '.s.PGSQL.5432');
    const { connections } = await listen(socket);
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(repo, py(connectUnix(socket)));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('CONNECTED');
    expect(connections()).toBe(0);
  });

  it('a unix socket inside the writable tree cannot be connected to either', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const socket = path.join(repo, 'dev.sock');
    const { connections } = await listen(socket);
    const result = await sandbox(repo, py(connectUnix(socket)), { write: true });
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('CONNECTED');
    expect(connections()).toBe(0);
  });

  it('an abstract unix socket on the host is out of reach (its own network namespace)', async () => {
    const name = `\0oryon-attack-${process.pid}-${Date.now()}`;
    const { connections } = await listen(name);
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(repo, py(connectUnix(name)));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('CONNECTED');
    expect(connections()).toBe(0);
  });

  it('nothing under /run is reachable without network (docker, dbus, systemd sockets)', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(repo, sh('ls -A /run /var/run'));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout.split('\n').filter((line) => line && !line.endsWith(':') && line !== RAN)).toEqual([]);
  });

  it('env -S and env --split-string cannot smuggle curl past commands.allow', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const { address: port, connections } = await listen(0);
    const url = `http://127.0.0.1:${port}/`;
    for (const argv of [
      ['env', '-S', `curl ${url}`],
      ['env', `--split-string=curl ${url}`],
      ['env', '-iS', `curl ${url}`],
      ['sh', '-c', `env -S "curl ${url}"`],
      ['env', '-S', `env curl ${url}`],
    ]) {
      const result = await sandbox(repo, argv);
      expect(result.code, argv.join(' ')).toBe(4);
      expect(result.stderr, argv.join(' ')).toContain('commands.allow');
    }
    expect(connections()).toBe(0);
  });

  it('the /dev/tty of the caller is not reachable', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(
      repo,
      py(`try:\n    open("/dev/tty", "w").write("forged")\n    print("OPENED")\nexcept OSError as e:\n    print("BLOCKED", e.strerror)`),
    );
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('OPENED');
  });

  it('a daemonized process does not outlive the command', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const tag = marker('daemon');
    const code = `import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execvp("python3", ["python3", "-c", "import time; time.sleep(60)  # ${tag}"])\n    os._exit(0)\ntime.sleep(0.5)\nprint("detached", flush=True)`;
    const result = await sandbox(repo, py(code));
    expect(result.stdout).toContain('detached');
    expect(await waitUntil(() => processesWith(tag).length === 0)).toBe(true);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('memory and disk budgets'), () => {
  it('the private /tmp has a size (limits.tmp_mb): filling it stops there', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'limits:\n  tmp_mb: 32\n' });
    const code = `import os\nwritten = 0\ntry:\n    with open("/tmp/fill", "wb") as h:\n        for _ in range(256):\n            h.write(b"x" * (1 << 20)); h.flush(); written += 1\nexcept OSError as e:\n    print("STOPPED", e.strerror, flush=True)\nprint("written_mb", written, flush=True)`;
    const result = await sandbox(repo, py(code));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).toMatch(/STOPPED No space left on device/);
    expect(Number(/written_mb (\d+)/.exec(result.stdout)?.[1])).toBeLessThanOrEqual(32);
  });

  it('writing past limits.max_write_mb into the tree fails the command, and the disk is not filled', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'limits:\n  max_write_mb: 16\n  max_file_size_mb: 64\n' });
    // Many files, each under max_file_size_mb: a per-file limit alone would let all of them through.
    const code = `import os\nwritten = 0\ntry:\n    for i in range(512):\n        with open("blob-%03d.bin" % i, "wb") as h:\n            h.write(b"x" * (1 << 20))\n        written += 1\nexcept OSError as e:\n    print("STOPPED", e.strerror, flush=True)\nprint("written_mb", written, flush=True)`;
    const result = await sandbox(repo, py(code), { write: true, json: true });
    const document = JSON.parse(result.stdout) as SandboxResult;
    expect(document.stdout).toContain(RAN);
    expect(document.killedBy?.rule === 'limits.max_write_mb' || /STOPPED/.test(document.stdout)).toBe(true);
    expect(document.stdout).not.toContain('written_mb 512');
    const bytes = readdirSync(repo)
      .filter((name) => name.startsWith('blob-'))
      .reduce((sum, name) => sum + statSync(path.join(repo, name)).size, 0);
    // The budget is sampled (every 25 ms, more on a large tree): a fast writer gets one interval's worth
    // past it, on a loaded machine tens of MiB, never the 512 MiB it asked for.
    expect(bytes).toBeLessThan(256 << 20);
  });

  it('several processes together stay within memory_mb (a cgroup, when the system offers one)', async (context) => {
    const repo = attackRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'limits:\n  memory_mb: 256\n  command_timeout_ms: 20000\n' });
    // Four processes of 200 MiB each: every one is under RLIMIT_DATA, together they are 800 MiB.
    const code = `import os, time\nkids = []\nfor _ in range(4):\n    pid = os.fork()\n    if pid == 0:\n        try:\n            b = bytearray(200 << 20)\n            for i in range(0, len(b), 4096): b[i] = 1\n            print("HELD", flush=True)\n            time.sleep(3)\n        except MemoryError:\n            print("DENIED", flush=True)\n        os._exit(0)\n    kids.append(pid)\nfor pid in kids: os.waitpid(pid, 0)`;
    const result = await sandbox(repo, py(code), { json: true });
    const document = JSON.parse(result.stdout) as SandboxResult;
    expect(document.stdout).toContain(RAN);
    const held = document.stdout.match(/^HELD$/gm)?.length ?? 0;
    if (held > 1 && document.killedBy?.rule !== 'limits.memory_mb') {
      context.skip(!cgroupOffered(), 'no cgroup (v2 delegation or a systemd user scope) is offered to this user: memory_mb binds each process only');
    }
    expect(held).toBeLessThanOrEqual(1);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('control sequences written to the terminal'), () => {
  it('OSC 52, title changes, cursor movement and C1 controls reach the terminal escaped', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const env = attackEnv();
    const forged = '\\x1b]52;c;cHduZWQ=\\x07\\x1b]0;owned\\x07\\x1b[2K\\r\\x1b[1Aoryon: all gates passed\\x9b31mred\\x1b[0m';
    // In the repo, so the sandbox sees it wherever the checkout is (under /tmp too).
    writeFileSync(path.join(repo, 'forge.py'), `import sys\nsys.stdout.write("${forged}\\n")\nsys.stderr.write("${forged}\\n")\n`);
    // util-linux `script` gives oryon a real pty; its transcript is what the user would see.
    const command = `${process.execPath} ${binPath} sandbox -- python3 forge.py`;
    const seen = execFileSync('script', ['-qfec', command, '/dev/null'], { cwd: repo, env, encoding: 'utf8', timeout: 20_000 });
    expect(seen).toContain('oryon: all gates passed');
    expect(seen).not.toContain('\x1b');
    expect(seen).not.toContain('\x07');
    expect(seen).not.toContain('\u009b');
  });
});
