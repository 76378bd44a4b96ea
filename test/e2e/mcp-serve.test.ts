// `oryon mcp serve` driven by the MCP SDK's own client over stdio, as Claude Code, Codex
// CLI or Gemini CLI would: the gate blocks a staged secret, the sandbox runs what the
// policy allows and refuses the rest naming the rule, memory search finds indexed code
// (never a path the policy hides), and every call is journaled.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Journal } from '../../src/core/journal/journal.js';
import { databasePath, openDatabase } from '../../src/core/store/db.js';
import { binPath, isolatedEnv, runCli } from '../helpers/cli.js';
import { startFakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo, git, makeRepo, snapshot, writeFile } from '../helpers/git-repo.js';
import { planReply } from './fix-helpers.js';
import { build } from './build.js';
import { githubToken } from '../helpers/secret-tokens.js';
import { FIXTURE_FILES } from '../core/memory/fixture.js';

const token = githubToken();
let client: Client | undefined;
beforeAll(build, 120_000);
afterEach(async () => {
  await client?.close();
  client = undefined;
});

async function serve(repo: string, env: Record<string, string>): Promise<Client> {
  client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [binPath, 'mcp', 'serve', '--repo', repo], env, stderr: 'pipe' }));
  return client;
}

const text = (result: Awaited<ReturnType<Client['callTool']>>): string => (result.content as Array<{ text: string }>)[0]!.text;

describe('oryon mcp serve (e2e, SDK client over stdio)', () => {
  it('lists its tools; gates the staged change; runs allowed commands in the sandbox and refuses others', async () => {
    const repo = makeRepo({ 'app.py': 'def main():\n    return 1\n' });
    writeFile(repo, 'app.py', `def main():\n    token = "${token}"\n    return 1\n`);
    git(repo, 'add', 'app.py');
    const before = snapshot(repo);
    const env = isolatedEnv();
    const mcp = await serve(repo, env);

    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['oryon_fix', 'oryon_gate', 'oryon_memory_search', 'oryon_runs_show', 'oryon_sandbox_run']);

    const gated = await mcp.callTool({ name: 'oryon_gate', arguments: { staged: true } });
    const report = JSON.parse(text(gated));
    expect(report).toMatchObject({ passed: false, files: ['app.py'], summary: { blocking: 1 } });
    expect(report.findings[0]).toMatchObject({ file: 'app.py', line: 2, rule: 'secrets/github-token', blocking: true });
    expect(JSON.parse(text(await mcp.callTool({ name: 'oryon_gate', arguments: { files: ['app.py'] } })))).toMatchObject({ passed: false });

    const ran = JSON.parse(text(await mcp.callTool({ name: 'oryon_sandbox_run', arguments: { argv: ['ls'] } })));
    expect(ran).toMatchObject({ exit_code: 0, timed_out: false });
    expect(ran.stdout).toContain('app.py');
    const wrote = JSON.parse(text(await mcp.callTool({ name: 'oryon_sandbox_run', arguments: { argv: ['sh', '-c', 'echo x > new.txt'] } })));
    expect(wrote.exit_code).not.toBe(0);
    const refused = await mcp.callTool({ name: 'oryon_sandbox_run', arguments: { argv: ['curl', 'https://example.com'] } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/^command refused by commands\.allow: "curl" is not in commands\.allow/);

    const missing = await mcp.callTool({ name: 'oryon_runs_show', arguments: { id: 'nope' } });
    expect(missing.isError).toBe(true);
    const bad = await mcp.callTool({ name: 'oryon_sandbox_run', arguments: { argv: [] } });
    expect(bad.isError).toBe(true);
    expect(snapshot(repo)).toEqual(before);

    await mcp.close();
    client = undefined;
    const journal = new Journal(openDatabase(databasePath(env.ORYON_HOME!)));
    const decisions = journal.db.prepare('SELECT kind, subject, allowed, rule FROM decisions WHERE run_id IS NULL ORDER BY id').all() as Array<{
      kind: string;
      subject: string;
      allowed: number;
      rule: string;
    }>;
    expect(decisions).toContainEqual({ kind: 'tool', subject: 'mcp serve: oryon_gate --staged', allowed: 1, rule: 'mcp serve' });
    expect(decisions).toContainEqual({ kind: 'command', subject: 'curl https://example.com', allowed: 0, rule: 'commands.allow' });
    expect(decisions).toContainEqual({ kind: 'tool', subject: 'mcp serve: oryon_sandbox_run ls', allowed: 1, rule: 'mcp serve' });
  }, 120_000);

  it('oryon_fix runs a fix and returns its result document; oryon_runs_show tells its story', async () => {
    const task = datasetRepo('py-fib');
    const fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: task.solution }] });
    try {
      const mcp = await serve(task.root, isolatedEnv({ OLLAMA_HOST: fake.url }));
      const fixed = await mcp.callTool({ name: 'oryon_fix', arguments: { issue: task.issue } });
      const result = JSON.parse(text(fixed));
      expect(fixed.isError).toBeFalsy();
      expect(result).toMatchObject({ exit_code: 0, status: 'succeeded', files_changed: ['fib.py'] });
      const story = JSON.parse(text(await mcp.callTool({ name: 'oryon_runs_show', arguments: { id: result.run_id } })));
      expect(story).toMatchObject({ run_id: result.run_id, status: 'succeeded', branch: result.branch });
    } finally {
      await fake.close();
    }
  }, 180_000);

  it('oryon_memory_search returns indexed code with its lines, never a path the policy hides; bad arguments are a clear error', async () => {
    // .env holds the same words as slugify's comment: the policy hides it from memory and search.
    const repo = makeRepo({ ...FIXTURE_FILES, '.env': 'SLUG_HINT=turns a title into a url slug, lower case, dashes between words\n' });
    const env = isolatedEnv();
    const index = await runCli(['memory', 'index', '--json'], { cwd: repo, env });
    expect(index.code, index.stderr).toBe(0);
    // Every file but .env (indexable by name) is indexed: the policy leaves it out.
    expect(JSON.parse(index.stdout)).toMatchObject({ embedder: 'offline:v1-384', files: Object.keys(FIXTURE_FILES).length - 1 });
    const mcp = await serve(repo, env);

    const found = await mcp.callTool({ name: 'oryon_memory_search', arguments: { query: 'turn a title into a url slug', k: 5 } });
    expect(found.isError).toBeFalsy();
    const hits = JSON.parse(text(found)) as Array<{ path: string; startLine: number; endLine: number; score: number; content: string }>;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(5);
    const slug = FIXTURE_FILES['src/text/slug.ts']!.split('\n');
    const slugifyLine = slug.findIndex((line) => line.startsWith('export function slugify')) + 1;
    expect(hits[0]).toMatchObject({ path: 'src/text/slug.ts', score: expect.any(Number) });
    expect(hits[0]!.startLine).toBeLessThanOrEqual(slugifyLine);
    expect(hits[0]!.endLine).toBeGreaterThanOrEqual(slugifyLine);
    // The content is the file's own lines startLine..endLine.
    expect(hits[0]!.content).toContain(
      slug
        .slice(hits[0]!.startLine - 1, hits[0]!.endLine)
        .join('\n')
        .trimEnd(),
    );
    expect(hits.map((hit) => hit.path)).not.toContain('.env');
    const literal = JSON.parse(text(await mcp.callTool({ name: 'oryon_memory_search', arguments: { query: 'SLUG_HINT' } }))) as Array<{ path: string }>;
    expect(literal.map((hit) => hit.path)).not.toContain('.env');

    const invalid: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /\bquery\b/],
      [{ query: '' }, /\bquery\b/],
      [{ query: 'slug', k: 0 }, /\bk\b/],
    ];
    for (const [args, names] of invalid) {
      const bad = await mcp.callTool({ name: 'oryon_memory_search', arguments: args });
      expect(bad.isError, JSON.stringify(args)).toBe(true);
      expect(text(bad)).toMatch(/Invalid arguments for tool oryon_memory_search/);
      expect(text(bad)).toMatch(names);
    }

    await mcp.close();
    client = undefined;
    const journal = new Journal(openDatabase(databasePath(env.ORYON_HOME!)));
    const decisions = journal.db.prepare('SELECT subject, allowed FROM decisions WHERE run_id IS NULL ORDER BY id').all();
    expect(decisions).toContainEqual({ subject: 'mcp serve: oryon_memory_search turn a title into a url slug', allowed: 1 });
  }, 120_000);
});
