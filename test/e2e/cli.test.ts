import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, repoRoot, runCli } from '../helpers/cli.js';

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

  it('a missing command shows the usage on stderr and exits 2; `help` exits 0', async () => {
    for (const args of [[], ['hook'], ['runs'], ['memory']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^Usage: oryon/);
      expect(result.stdout).toBe('');
    }
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: oryon/);
    const helpFor = await runCli(['help', 'doctor']);
    expect(helpFor.code).toBe(0);
    expect(helpFor.stdout).toContain('Usage: oryon doctor');
  });

  it('an unknown command exits 2', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command/);
  });

  it('each command group lists its subcommands', async () => {
    const groups: Record<string, string[]> = {
      hook: ['install', 'uninstall'],
      runs: ['list', 'show', 'export'],
      memory: ['index', 'search', 'stats', 'forget'],
    };
    for (const [group, subcommands] of Object.entries(groups)) {
      const result = await runCli([group, '--help']);
      expect(result.code).toBe(0);
      for (const sub of subcommands) expect(result.stdout).toMatch(new RegExp(`^\\s+${sub}\\b`, 'm'));
    }
  });

  it('oryon bench is a real command: report and check subcommands, and no model server is exit 3, not "not available yet"', async () => {
    const help = await runCli(['bench', '--help']);
    expect(help.code).toBe(0);
    for (const word of ['--suite', '--tries', '--jobs', '--seed', '--curriculum', 'report', 'check']) expect(help.stdout).toContain(word);
    const result = await runCli(['bench', '--only', 'py-fib']);
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain('not available yet');
    expect(result.stderr).toContain('127.0.0.1:9');
    expect(result.stdout).toBe('');
  });

  it('a checkout that was never built says so in one line, not a stack trace', async () => {
    const unbuilt = mkdtempSync(path.join(os.tmpdir(), 'oryon-unbuilt-'));
    mkdirSync(path.join(unbuilt, 'bin'));
    copyFileSync(path.join(repoRoot, 'bin', 'oryon'), path.join(unbuilt, 'bin', 'oryon'));
    const result = await promisify(execFile)(process.execPath, [path.join(unbuilt, 'bin', 'oryon'), '--version'], { env: isolatedEnv() }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect('code' in result ? result.code : 0).toBe(1);
    expect(result.stderr).toMatch(/^oryon: cannot load the compiled CLI: .*dist\/cli\/main\.js/);
    expect(result.stderr).toContain('hint: run "npm run build"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a failure outside the awaited command ends in one line; --debug adds the stack', async () => {
    const script = (debug: boolean) => `
      const { guardProcess, reportError } = await import(${JSON.stringify(path.join(repoRoot, 'dist/cli/report-error.js'))});
      guardProcess((error) => reportError(error, ${debug}));
      setTimeout(() => { throw new Error('boom in a callback'); });`;
    const run = (debug: boolean) =>
      promisify(execFile)(process.execPath, ['--input-type=module', '-e', script(debug)]).catch((error: { code: number; stderr: string }) => error);
    const quiet = await run(false);
    expect('code' in quiet ? quiet.code : 0).toBe(1);
    expect(quiet.stderr).toBe('oryon: unexpected error: boom in a callback\n  hint: run again with --debug for details\n');
    const loud = await run(true);
    expect(loud.stderr).toMatch(/^oryon: unexpected error: boom in a callback\nError: boom in a callback\n\s+at /);
  });
});
