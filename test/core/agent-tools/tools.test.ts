import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { WorkspaceView } from '../../../src/core/agent/workspace.js';
import { BUILTIN_TOOLS, effectiveToolSetting, toolsAllowed } from '../../../src/core/agent-tools/registry.js';
import { ToolSession } from '../../../src/core/agent-tools/session.js';
import type { ToolContext } from '../../../src/core/agent-tools/types.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';

const LONG = Array.from({ length: 1000 }, (_, i) => `export const value${i} = ${i};`).join('\n') + '\n';
let root: string;
let context: ToolContext;

function session(maxCalls = 12, resultTokens = 50_000): ToolSession {
  return new ToolSession(BUILTIN_TOOLS, context, { maxCalls, resultTokens });
}

beforeAll(() => {
  root = makeRepo({
    'src/pricing/discount.ts': 'export function discount(total: number): number {\n  return Math.round(total * 0.9);\n}\n',
    'src/long.ts': LONG,
    'README.md': '# shop\n',
    '.env': 'API_KEY=secret-7f3a\n',
  });
  symlinkSync('.env', path.join(root, 'notes.txt'));
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'link');
  const home = tempDir('oryon-home-');
  const env = { HOME: home, XDG_CONFIG_HOME: home, ORYON_HOME: home, PATH: process.env.PATH ?? '' };
  const { config, policy } = loadConfig({ repoRoot: root, env });
  config.sandbox.isolation = 'best-effort';
  const tracked = git(root, 'ls-files').trim().split('\n');
  context = {
    view: new WorkspaceView(root, tracked, policy),
    worktree: root,
    policy,
    sandbox: createSandboxRunner({ policy, config, env: { ...process.env, ...env } }),
    commandTimeoutMs: 20_000,
  };
});

describe('model tools', () => {
  it('read_file answers numbered lines, a range, and refuses hidden, linked and outside paths with the rule', async () => {
    const s = session();
    const whole = await s.call({ name: 'read_file', arguments: { path: 'src/pricing/discount.ts' } });
    expect(whole).toMatchObject({ ok: true, cached: false });
    expect(whole.result).toContain('2|   return Math.round(total * 0.9);');
    const part = await s.call({ name: 'read_file', arguments: { path: 'src/long.ts', start: 500, end: 502 } });
    expect(part.result).toContain('lines 500-502 of 1000');
    expect(part.result).not.toContain('value502 ');
    expect(part.result).toMatch(/^500\| export const value499 = 499;$/m);

    const hidden = await s.call({ name: 'read_file', arguments: { path: '.env' } });
    expect(hidden).toMatchObject({ ok: false });
    expect(hidden.result).toMatch(/refused by policy rule paths\.deny: \.env/);
    expect(hidden.decisions[0]).toMatchObject({ allowed: false, kind: 'path', subject: '.env' });
    const linked = await s.call({ name: 'read_file', arguments: { path: 'notes.txt' } });
    expect(linked.ok).toBe(false);
    expect(linked.result).not.toContain('secret-7f3a');
    const outside = await s.call({ name: 'read_file', arguments: { path: '../../etc/passwd' } });
    expect(outside.result).toMatch(/paths\.inside-repo/);
    const gitDir = await s.call({ name: 'read_file', arguments: { path: '.git/config' } });
    expect(gitDir.result).toMatch(/inside \.git/);
    const bad = await s.call({ name: 'read_file', arguments: { path: 'README.md', start: 'one' } });
    expect(bad.result).toMatch(/^error: invalid arguments for read_file: start:/);
  });

  it('list_dir, grep and search_code never show what the policy hides', async () => {
    const s = session();
    const listing = (await s.call({ name: 'list_dir', arguments: { path: '.' } })).result;
    expect(listing).toContain('src/');
    expect(listing).toContain('notes.txt@');
    expect(listing).not.toMatch(/^\.env$/m);
    expect(listing).not.toMatch(/^\.git\/$/m);
    expect((await s.call({ name: 'list_dir', arguments: { path: '..' } })).ok).toBe(false);

    const found = (await s.call({ name: 'grep', arguments: { pattern: 'Math\\.round', glob: 'src/**/*.ts' } })).result;
    expect(found).toContain('src/pricing/discount.ts:2:');
    expect((await s.call({ name: 'grep', arguments: { pattern: 'API_KEY' } })).result).toMatch(/^no match/);
    expect((await s.call({ name: 'grep', arguments: { pattern: '(' } })).result).toMatch(/invalid regular expression/);
    expect((await s.call({ name: 'grep', arguments: { pattern: '(a+)+$' } })).result).toMatch(/nests quantifiers/);
    expect((await s.call({ name: 'grep', arguments: { pattern: '(\\w+)\\s*\\(' } })).ok).toBe(true);

    const searched = (await s.call({ name: 'search_code', arguments: { query: 'discount total' } })).result;
    expect(searched).toContain('(literal search)');
    expect(searched).toContain('src/pricing/discount.ts:');
  });

  it('search_code uses the memory search when given, and drops hits on hidden files', async () => {
    const s = new ToolSession(
      BUILTIN_TOOLS,
      {
        ...context,
        searchCode: async () => [
          { path: '.env', startLine: 1, endLine: 1, content: 'API_KEY=secret-7f3a' },
          { path: 'src/pricing/discount.ts', startLine: 1, endLine: 3, content: 'export function discount' },
        ],
      },
      { maxCalls: 5, resultTokens: 10_000 },
    );
    const result = (await s.call({ name: 'search_code', arguments: { query: 'price' } })).result;
    expect(result).toContain('(memory search)');
    expect(result).not.toContain('secret');
  });

  it('git_log and git_show read history, but not hidden paths nor option-like revisions', async () => {
    const s = session();
    expect((await s.call({ name: 'git_log', arguments: {} })).result).toMatch(/[0-9a-f]{7} \d{4}-\d\d-\d\d .*: link/);
    expect((await s.call({ name: 'git_show', arguments: { spec: 'HEAD:src/pricing/discount.ts' } })).result).toContain('Math.round(total * 0.9)');
    const secret = await s.call({ name: 'git_show', arguments: { spec: 'HEAD:.env' } });
    expect(secret.result).toMatch(/paths\.deny/);
    expect(secret.result).not.toContain('secret-7f3a');
    expect((await s.call({ name: 'git_show', arguments: { spec: '--output=/tmp/x:README.md' } })).result).toMatch(/expected "revision:path"/);
    expect((await s.call({ name: 'git_show', arguments: { spec: 'HEAD:missing.ts' } })).result).toMatch(/^error: git show/);
  });

  it('run_command runs allowed programs in the sandbox on a read-only checkout, and refuses others with the rule', async () => {
    const s = session();
    const ran = await s.call({ name: 'run_command', arguments: { argv: ['ls', 'src/pricing'] } });
    expect(ran.ok).toBe(true);
    expect(ran.result).toMatch(/^\$ ls src\/pricing\nexit code 0\ndiscount\.ts/);
    const write = await s.call({ name: 'run_command', arguments: { argv: ['sh', '-c', 'echo x > made.txt'] } });
    expect(write.result).not.toMatch(/exit code 0/);
    expect(existsSync(path.join(root, 'made.txt'))).toBe(false);
    const refused = await s.call({ name: 'run_command', arguments: { argv: ['curl', 'http://example.com'] } });
    expect(refused.result).toMatch(/refused by policy rule commands\.allow/);
    expect(refused.decisions[0]).toMatchObject({ allowed: false, kind: 'command' });
  });

  it('answers a repeated call from the cache, stops at max calls, names unknown tools, and cuts results to the share', async () => {
    const s = session(3, 200);
    const first = await s.call({ name: 'read_file', arguments: { path: 'README.md' } });
    const again = await s.call({ name: 'read_file', arguments: { path: 'README.md' } });
    expect(again).toMatchObject({ cached: true, result: first.result });
    const unknown = await s.call({ name: 'delete_repo', arguments: {} });
    expect(unknown.result).toMatch(/unknown tool "delete_repo"; the tools are: read_file, list_dir/);
    const over = await s.call({ name: 'read_file', arguments: { path: 'src/long.ts' } });
    expect(over.result).toMatch(/tool call limit reached \(agent\.max_tool_calls is 3\)/);

    const small = session(5, 300);
    const cut = await small.call({ name: 'read_file', arguments: { path: 'src/long.ts' } });
    expect(cut.bytes).toBeGreaterThan(4000);
    expect(cut.result.length).toBeLessThan(1200);
    expect(cut.result).toMatch(/share of the context\)$/);
    expect((await small.call({ name: 'read_file', arguments: { path: 'README.md' } })).result).toMatch(/used their share/);
  });

  it('agent.tools and the policy cap choose the offered set', () => {
    expect(effectiveToolSetting('all', 'read')).toBe('read');
    expect(effectiveToolSetting('read', 'all')).toBe('read');
    expect(effectiveToolSetting('all', 'off')).toBe('off');
    expect(toolsAllowed(BUILTIN_TOOLS, 'read').map((t) => t.name)).toEqual(['read_file', 'list_dir', 'search_code', 'grep', 'git_log', 'git_show']);
    expect(toolsAllowed(BUILTIN_TOOLS, 'all').map((t) => t.name)).toContain('run_command');
    expect(toolsAllowed(BUILTIN_TOOLS, 'off')).toEqual([]);
  });

  it('read_file on a 1,000-line file answers in well under 5 ms', async () => {
    const s = session(1000, 10_000_000);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) times.push((await s.call({ name: 'read_file', arguments: { path: 'src/long.ts', start: 1, end: 1000 + (i % 2) } })).ms);
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(5);
  });
});
