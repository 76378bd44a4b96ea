import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxResult } from '../../src/core/sandbox/types.js';
import { binPath, isolatedEnv, runCli } from '../helpers/cli.js';
import { makeRepo, tempDir } from '../helpers/git-repo.js';
import { bwrap, pathWithoutBwrap, processesWith, uniqueMarker, waitUntil, withBwrap } from '../core/sandbox/fixture.js';

// `oryon sandbox -- CMD` through the built CLI (npx tsc -p tsconfig.build.json first).

describe.skipIf(!bwrap.usable)(withBwrap('oryon sandbox (built CLI)'), () => {
  it('runs the command at the repo top level and exits with its status', async () => {
    const repo = makeRepo({ 'src/a.txt': 'a\n' });
    const result = await runCli(['sandbox', '--', 'python3', '-c', 'import os, sys; print(os.getcwd()); print("to stderr", file=sys.stderr); sys.exit(7)'], {
      cwd: path.join(repo, 'src'),
    });
    expect(result.code).toBe(7);
    expect(result.stdout).toBe(`${repo}\n`);
    expect(result.stderr).toBe('to stderr\n');
  });

  it('--repo picks the repository; --json prints the SandboxResult', async () => {
    const repo = makeRepo({ 'a.txt': 'hello\n' });
    const result = await runCli(['sandbox', '--repo', repo, '--json', '--', 'cat', 'a.txt'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as SandboxResult;
    expect(document).toMatchObject({
      argv: ['cat', 'a.txt'],
      exitCode: 0,
      signal: null,
      stdout: 'hello\n',
      output: 'hello\n',
      isolation: 'bwrap',
      timedOut: false,
      outputTruncated: false,
    });
    expect(typeof document.durationMs).toBe('number');
  });

  it('gives a read-only checkout, as lint gets; with --write, writes persist as in test runs', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const readOnly = await runCli(['sandbox', '--', 'sh', '-c', 'echo made > made.txt'], { cwd: repo });
    expect(readOnly.code).not.toBe(0);
    expect(readOnly.stderr).toContain('Read-only file system');
    expect(existsSync(path.join(repo, 'made.txt'))).toBe(false);
    const result = await runCli(['sandbox', '--write', '--', 'sh', '-c', 'echo made > made.txt && cat made.txt'], { cwd: repo });
    expect(result).toMatchObject({ code: 0, stdout: 'made\n' });
    expect(readFileSync(path.join(repo, 'made.txt'), 'utf8')).toBe('made\n');
  });

  it('--help documents --write', async () => {
    const result = await runCli(['sandbox', '--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--write\s+let the command change the checkout/);
  });

  it('cannot plant .oryon/policy.yaml in a repo without one, even with --write, and leaves no trace', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const plant = 'mkdir -p .oryon; echo "network: true" > .oryon/policy.yaml';
    const result = await runCli(['sandbox', '--write', '--', 'sh', '-c', plant], { cwd: repo });
    expect(result.code).not.toBe(0);
    expect(existsSync(path.join(repo, '.oryon'))).toBe(false);
    // The next run still has the packaged policy: no network client is allowed.
    expect((await runCli(['sandbox', '--', 'wget', 'http://example.com'], { cwd: repo })).code).toBe(4);
  });

  it("masks the repo's .env and keys, even ignored and deep ones", async () => {
    const repo = makeRepo({ '.gitignore': '.env\nconfig/\n', 'a.txt': 'a\n' });
    writeFileSync(path.join(repo, '.env'), 'API_TOKEN=top-secret-1\n');
    mkdirSync(path.join(repo, 'config', 'prod', 'tls'), { recursive: true });
    writeFileSync(path.join(repo, 'config', 'prod', 'tls', 'server.key'), 'top-secret-2\n');
    const result = await runCli(['sandbox', '--', 'sh', '-c', 'cat .env config/prod/tls/server.key a.txt'], { cwd: repo });
    expect(result.stdout).toBe('a\n');
    expect(result.stdout + result.stderr).not.toContain('top-secret');
  });

  it('refuses a command outside commands.allow with exit 4 and the rule', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runCli(['sandbox', '--', 'wget', 'http://example.com'], { cwd: repo });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('commands.allow');
    expect(result.stderr).toContain('"wget" is not in commands.allow');
    expect(result.stdout).toBe('');
  });

  it('honours the project policy: a command it allows runs', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'commands:\n  allow: [sh, wc]\n' });
    const trustEnv = isolatedEnv();
    // wc is not in the defaults: the repo policy loosens them, so it needs oryon trust.
    expect((await runCli(['sandbox', '--', 'wc', '-l', 'a.txt'], { cwd: repo, env: trustEnv })).code).toBe(4);
    expect((await runCli(['trust'], { cwd: repo, env: trustEnv })).code).toBe(0);
    const result = await runCli(['sandbox', '--', 'wc', '-l', 'a.txt'], { cwd: repo, env: trustEnv });
    expect(result).toMatchObject({ code: 0, stdout: '1 a.txt\n' });
    const refused = await runCli(['sandbox', '--', 'cat', 'a.txt'], { cwd: repo, env: trustEnv });
    expect(refused.code).toBe(4);
  });

  it('reports a timeout kill with its rule and exits 137', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'limits:\n  command_timeout_ms: 500\n' });
    const result = await runCli(['sandbox', '--', 'python3', '-c', 'import time; time.sleep(30)'], { cwd: repo });
    expect(result.code).toBe(137);
    expect(result.stderr).toContain('killed after 500 ms (limits.command_timeout_ms)');
  });

  it('Ctrl-C (SIGINT) stops the command and everything in the sandbox, exit 130', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const marker = uniqueMarker();
    const child = spawn(process.execPath, [binPath, 'sandbox', '--', 'python3', '-c', `import time\ntime.sleep(60)  # ${marker}`], {
      cwd: repo,
      env: isolatedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Wait for the python process itself (oryon's and bwrap's command lines hold the marker too).
    const pythonRunning = () =>
      processesWith(marker).some((pid) => {
        try {
          return path.basename(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!).startsWith('python');
        } catch {
          return false;
        }
      });
    expect(await waitUntil(pythonRunning, 10_000)).toBe(true);
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
  });

  it('exits 2 without a command, and outside a repository', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const none = await runCli(['sandbox'], { cwd: repo });
    expect(none.code).toBe(2);
    const outside = await runCli(['sandbox', '--', 'true'], { cwd: tempDir() });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('not a git repository');
  });
});

describe('oryon sandbox without bubblewrap (built CLI)', () => {
  const env = () => isolatedEnv({ PATH: pathWithoutBwrap() });

  it('refuses with exit 4, naming sandbox.isolation and how to install bubblewrap', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runCli(['sandbox', '--', 'true'], { cwd: repo, env: env() });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('sandbox.isolation');
    expect(result.stderr).toContain('sudo apt-get install bubblewrap');
  });

  it('runs best-effort when the project config allows it, and says isolation is missing', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/config.yaml': 'sandbox:\n  isolation: best-effort\n' });
    const bestEffortEnv = env();
    expect((await runCli(['trust'], { cwd: repo, env: bestEffortEnv })).code).toBe(0);
    const result = await runCli(['sandbox', '--json', '--', 'cat', 'a.txt'], { cwd: repo, env: bestEffortEnv });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ isolation: 'none', stdout: 'a\n' });
    expect(result.stderr).toContain('best-effort isolation');
  });
});
