import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'oryon-init-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
});

describe('oryon init', () => {
  it('writes a commented config and the policy, both valid', async () => {
    const result = await runCli(['init'], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote .oryon/config.yaml');
    const config = readFileSync(path.join(repo, '.oryon/config.yaml'), 'utf8');
    expect(config).toContain('# Context window sent on every request');
    expect(config).toMatch(/^#\s+num_ctx: 32768$/m);
    // Every setting is commented out: the file parses to nothing until the user edits it.
    expect(parse(config)).toBeNull();
    const policy = parse(readFileSync(path.join(repo, '.oryon/policy.yaml'), 'utf8'));
    expect(policy.max_mode).toBe('sovereign');
    expect(policy.paths.deny).toContain('.env*');
  });

  it('refuses to overwrite without --force, then overwrites with it', async () => {
    await runCli(['init'], { cwd: repo });
    writeFileSync(path.join(repo, '.oryon/policy.yaml'), 'max_mode: advisor\n');
    const refused = await runCli(['init'], { cwd: repo });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exist');
    expect(refused.stderr).toMatch(/^oryon: \.oryon\/config\.yaml and \.oryon\/policy\.yaml already exist\n/);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(path.join(repo, '.oryon/policy.yaml'), 'utf8')).toBe('max_mode: advisor\n');
    const forced = await runCli(['init', '--force'], { cwd: repo });
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(repo, '.oryon/policy.yaml'), 'utf8')).toContain('forbidden_patterns');
  });

  it('fails with exit 2 outside a git repository', async () => {
    const result = await runCli(['init'], { cwd: mkdtempSync(path.join(os.tmpdir(), 'oryon-norepo-')) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oryon: not a git repository/);
  });

  it('names the one file that is in the way', async () => {
    await runCli(['init'], { cwd: repo });
    rmSync(path.join(repo, '.oryon/config.yaml'));
    const refused = await runCli(['init', '--json'], { cwd: repo });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('oryon: .oryon/policy.yaml already exists\n  hint: pass --force to overwrite it\n');
  });
});
