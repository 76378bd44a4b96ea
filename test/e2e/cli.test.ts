import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const SPEC_COMMANDS = ['fix', 'chat', 'apply', 'gate', 'hook', 'sandbox', 'runs', 'memory', 'bench', 'doctor', 'init'];

describe('oryon CLI basics (built CLI)', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(version);
    }
  });

  it('--help lists every SPEC command, the common options and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of SPEC_COMMANDS) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    for (const option of ['--repo', '--json', '--model', '--mode', '--version', '--help']) expect(result.stdout).toContain(option);
    expect(result.stdout).toMatch(/130\s+interrupted/);
  });

  it('each command has its own --help', async () => {
    const result = await runCli(['doctor', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: oryon doctor');
  });

  it('an unknown flag exits 2 with a message on stderr', async () => {
    const result = await runCli(['doctor', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
    expect(result.stdout).toBe('');
    const top = await runCli(['--bogus']);
    expect(top.code).toBe(2);
  });

  it('an unknown command exits 2', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command/);
  });
});
