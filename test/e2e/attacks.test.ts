import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxResult } from '../../src/core/sandbox/types.js';
import { binPath, isolatedEnv, runCli, type CliResult } from '../helpers/cli.js';
import { makeRepo, tempDir } from '../helpers/git-repo.js';
import { bwrap, processesWith, uniqueMarker, waitUntil, withBwrap } from '../core/sandbox/fixture.js';

// Attacks through `oryon sandbox` (the built CLI) on temp repos: each must be blocked,
// and the reason must be visible to the user.

const servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function listener(): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.end('secret handshake\n');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, connections: () => connections };
}

/** Runs the CLI and samples its peak resident memory (VmHWM) until it exits. */
function runCliMeasured(args: string[], cwd: string, env: Record<string, string>): Promise<CliResult & { peakRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // Exited between samples.
      }
    }, 20);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ code, stdout, stderr, peakRssMb: peakKb / 1024 });
    });
  });
}

describe.skipIf(!bwrap.usable)(withBwrap('attacks through oryon sandbox'), () => {
  it('a TCP connection to a loopback listener fails, and the listener sees nothing (python and node)', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const { port, connections } = await listener();
    const python = await runCli(
      ['sandbox', '--', 'python3', '-c', `import socket\ntry:\n  socket.create_connection(("127.0.0.1", ${port}), timeout=3); print("CONNECTED")\nexcept OSError as e:\n  print("blocked:", e)`],
      { cwd: repo },
    );
    expect(python.stdout).toMatch(/^blocked: .*(refused|unreachable)/i);
    const node = await runCli(
      ['sandbox', '--', 'node', '-e', `require("net").connect(${port}, "127.0.0.1").on("connect", () => { console.log("CONNECTED"); process.exit(0) }).on("error", (e) => console.log("blocked:", e.code))`],
      { cwd: repo },
    );
    expect(node.stdout).toMatch(/^blocked: (ECONNREFUSED|ENETUNREACH)/);
    expect(connections()).toBe(0);
  });

  it('a write outside the worktree fails and leaves no file (another dir, $HOME, the parent, a host dir)', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = isolatedEnv();
    const outside = tempDir('oryon-outside-');
    const hostFile = `/var/tmp/${uniqueMarker()}`;
    const script = `echo pwned > ${outside}/escape.txt; echo pwned > "$HOME/escape.txt"; echo pwned > ../escape.txt; echo pwned > ${hostFile}; echo done`;
    const result = await runCli(['sandbox', '--', 'sh', '-c', script], { cwd: repo, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('done\n');
    // Paths under the host's /tmp do not exist in the sandbox's private /tmp; the rest of the host is read-only.
    expect(result.stderr).toContain(`cannot create ${outside}/escape.txt`);
    expect(result.stderr).toContain(`cannot create ${env.HOME}/escape.txt`);
    expect(result.stderr).toMatch(new RegExp(`cannot create ${hostFile}: Read-only file system`));
    expect(existsSync(path.join(outside, 'escape.txt'))).toBe(false);
    expect(existsSync(path.join(env.HOME!, 'escape.txt'))).toBe(false);
    // `../` lands in the sandbox's throw-away /tmp at most, never on the host.
    expect(existsSync(path.join(path.dirname(repo), 'escape.txt'))).toBe(false);
    expect(existsSync(hostFile)).toBe(false);
  });

  it('a planted ~/.ssh/id_rsa cannot be read', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = isolatedEnv();
    mkdirSync(path.join(env.HOME!, '.ssh'));
    writeFileSync(path.join(env.HOME!, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nplanted\n', { mode: 0o600 });
    const result = await runCli(['sandbox', '--', 'sh', '-c', 'cat "$HOME/.ssh/id_rsa"; ls -A "$HOME/.ssh"; echo rc=$?'], { cwd: repo, env });
    expect(result.stdout + result.stderr).not.toContain('planted');
    expect(result.stdout + result.stderr).not.toContain('PRIVATE KEY');
    expect(result.stderr).toMatch(/id_rsa: No such file/);
  });

  it('secret environment variables of the oryon process are not present inside', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = isolatedEnv({ MY_API_TOKEN: 'tok-planted', AWS_SECRET_ACCESS_KEY: 'aws-planted', GITHUB_TOKEN: 'ghp_planted', OPENAI_API_KEY: 'sk-planted', DATABASE_PASSWORD: 'pw-planted' });
    const result = await runCli(['sandbox', '--', 'env'], { cwd: repo, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('PATH=');
    expect(result.stdout).not.toMatch(/planted|MY_API_TOKEN|AWS_|GITHUB_|OPENAI|PASSWORD/);
  });

  it('a fork bomb is contained: oryon returns, the reason is reported, nothing is left, the host can still fork', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'limits:\n  max_processes: 32\n  command_timeout_ms: 10000\n' });
    const marker = uniqueMarker();
    // Bounded (2000) so a broken limit cannot take the machine down; children sleep, not spin.
    const bomb = `import os, time\nn = 0\ntry:\n  while n < 2000:\n    if os.fork() == 0:\n      time.sleep(60); os._exit(0)\n    n += 1\nexcept OSError:\n  print("fork failed after", n, flush=True)\ntime.sleep(60)  # ${marker}`;
    const started = Date.now();
    const result = await runCli(['sandbox', '--json', '--', 'python3', '-c', bomb], { cwd: repo });
    const document = JSON.parse(result.stdout) as SandboxResult;
    expect(Date.now() - started).toBeLessThan(20_000);
    // As root RLIMIT_NPROC does not bind, so the watchdog kills the sandbox; otherwise fork() fails at the limit.
    const forkFailed = /fork failed after (\d+)/.exec(document.stdout);
    expect(document.killedBy?.rule === 'limits.max_processes' || (forkFailed !== null && Number(forkFailed[1]) <= 32)).toBe(true);
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
    expect(spawnSync('true').status).toBe(0);
  });

  it('an infinite loop is killed at the policy timeout and its process group is gone', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'limits:\n  command_timeout_ms: 1000\n' });
    const marker = uniqueMarker();
    const started = Date.now();
    const result = await runCli(['sandbox', '--', 'sh', '-c', `while :; do :; done # ${marker}`], { cwd: repo });
    expect(result.code).toBe(137);
    expect(result.stderr).toContain('killed after 1000 ms (limits.command_timeout_ms)');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
  });

  it('200 MB of output is capped, memory stays bounded and the truncation is reported', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const script = 'import sys\nline = b"x" * 1023 + b"\\n"\nw = sys.stdout.buffer.write\nw(b"FIRST\\n")\nfor _ in range(200 * 1024): w(line)\nw(b"LAST\\n")';
    const result = await runCliMeasured(['sandbox', '--json', '--', 'python3', '-c', script], repo, isolatedEnv());
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as SandboxResult;
    expect(document.outputTruncated).toBe(true);
    expect(document.exitCode).toBe(0);
    expect(document.stdout.startsWith('FIRST\n')).toBe(true);
    expect(document.stdout.endsWith('LAST\n')).toBe(true);
    expect(document.stdout).toMatch(/\[\.\.\. oryon: \d+ bytes of output omitted \(cap 1048576 bytes\) \.\.\.\]/);
    expect(document.stdout.length).toBeLessThan(1048576 + 200);
    // Holding the output would take over 200 MB; the cap keeps oryon near its baseline.
    expect(result.peakRssMb).toBeGreaterThan(0);
    expect(result.peakRssMb).toBeLessThan(160);
    const human = await runCli(['sandbox', '--', 'python3', '-c', script], { cwd: repo });
    expect(human.stderr).toContain('output truncated');
  });

  it('a symlink in the repo pointing outside does not lead to the secret', async () => {
    const env = isolatedEnv();
    const secretDir = tempDir('oryon-secret-');
    writeFileSync(path.join(secretDir, 'secret.txt'), 'planted-outside\n');
    mkdirSync(path.join(env.HOME!, '.ssh'));
    writeFileSync(path.join(env.HOME!, '.ssh', 'id_rsa'), 'planted-key\n');
    const parent = tempDir('oryon-parent-');
    writeFileSync(path.join(parent, '.env'), 'API_TOKEN=planted-dotenv\n');
    mkdirSync(path.join(parent, 'repo'));
    const repo = makeRepo({ 'a.txt': 'a\n' }, path.join(parent, 'repo'));
    symlinkSync(path.join(secretDir, 'secret.txt'), path.join(repo, 'leak'));
    symlinkSync(path.join(env.HOME!, '.ssh', 'id_rsa'), path.join(repo, 'key'));
    symlinkSync('../.env', path.join(repo, 'dotenv'));
    const result = await runCli(['sandbox', '--', 'sh', '-c', 'cat leak; cat key; cat dotenv; echo done'], { cwd: repo, env });
    expect(result.stdout).toBe('done\n');
    expect(result.stdout + result.stderr).not.toContain('planted');
    expect(result.stderr.match(/No such file/g)?.length).toBe(3);
  });

  it('a denied command (curl) exits 4 naming commands.allow, and nothing runs', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const { port, connections } = await listener();
    const result = await runCli(['sandbox', '--', 'curl', `http://127.0.0.1:${port}/`], { cwd: repo });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^oryon: command refused by commands\.allow: "curl" is not in commands\.allow/);
    const hidden = await runCli(['sandbox', '--', 'sh', '-c', `if curl http://127.0.0.1:${port}/; then :; fi`], { cwd: repo });
    expect(hidden.code).toBe(4);
    expect(hidden.stderr).toContain('"curl" (inside sh -c) is not in commands.allow');
    expect(connections()).toBe(0);
  });
});
