import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'oryon-badcfg-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  mkdirSync(path.join(repo, '.oryon'));
});

// Every command that reads settings fails the same way: exit 2, one line naming the
// file, line, column and key, and no stack trace.
describe('a broken .oryon/config.yaml', () => {
  it.each([
    ['fix', ['fix', 'make it work']],
    ['apply', ['apply', '-']],
    ['gate', ['gate', '--all']],
  ])('stops oryon %s with exit 2 and the position', async (_name, args) => {
    writeFileSync(path.join(repo, '.oryon/config.yaml'), 'model:\n  name: qwen2.5-coder:7b\n  num_ctx: big\n');
    const result = await runCli(args, { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')[0]).toBe('oryon: .oryon/config.yaml:3:3 model.num_ctx: expected a positive integer, got "big"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports invalid YAML syntax with its line', async () => {
    writeFileSync(path.join(repo, '.oryon/config.yaml'), 'model:\n  name: "unterminated\n');
    const result = await runCli(['apply', '-'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oryon: \.oryon\/config\.yaml:\d+:\d+ invalid YAML: /);
  });

  it('reports a broken user config by its path', async () => {
    const env = isolatedEnv();
    mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
    writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'), 'agent:\n  mode: yolo\n');
    const result = await runCli(['apply', '-'], { cwd: repo, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('oryon/config.yaml:2:3 agent.mode: expected one of advisor, operator, autopilot, sovereign, got "yolo"');
  });

  it('reports a broken policy by its path', async () => {
    writeFileSync(path.join(repo, '.oryon/policy.yaml'), 'paths:\n  deny: .env\n');
    const result = await runCli(['apply', '-'], { cwd: repo });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^oryon: \.oryon\/policy\.yaml:2:3 paths\.deny: .*got "\.env"/);
  });
});
