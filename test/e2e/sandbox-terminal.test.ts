import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, isolatedEnv, runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { bwrap, withBwrap } from '../core/sandbox/fixture.js';
import { build } from './build.js';

// `oryon sandbox` on a terminal: the command's escape sequences (an OSC 52 clipboard
// write, a title change, a bare CR and cursor-up that forge an oryon line) are shown as
// text. Through a pipe the bytes are left as they are.

beforeAll(build, 120_000);

const hasScript = spawnSync('script', ['--version']).status === 0;
const PRINT = String.raw`import sys; sys.stdout.write("\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07tests failed\r\x1b[1Agates: passed\n")`;

describe.skipIf(!bwrap.usable || !hasScript)(withBwrap('oryon sandbox output on a terminal'), () => {
  it('escapes control characters when stdout is a TTY', () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const command = [process.execPath, binPath, 'sandbox', '--', 'python3', '-c', PRINT].map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
    // script(1) gives the CLI a pseudo-terminal; its transcript is what the terminal got.
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repo, env: isolatedEnv(), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(String.raw`\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07tests failed\x0d\x1b[1Agates: passed`);
    expect(result.stdout).not.toContain('\u001b]52');
    expect(result.stdout).not.toContain('\u001b]0;');
  });

  it('keeps the bytes as they are through a pipe', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runCli(['sandbox', '--', 'python3', '-c', PRINT], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('\u001b]52;c;ZXZpbA==\u0007\u001b]0;pwned\u0007tests failed\r\u001b[1Agates: passed\n');
  });
});
