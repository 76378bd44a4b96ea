// `oryon mcp serve` driven by the MCP SDK's own client over stdio, as Claude Code, Codex
// CLI or Gemini CLI would: the gate blocks a staged secret, the sandbox runs what the
// policy allows and refuses the rest naming the rule, and every call is journaled.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Journal } from '../../src/core/journal/journal.js';
import { databasePath, openDatabase } from '../../src/core/store/db.js';
import { binPath, isolatedEnv } from '../helpers/cli.js';
import { startFakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo, git, makeRepo, snapshot, writeFile } from '../helpers/git-repo.js';
import { planReply } from './fix-helpers.js';
import { build } from './build.js';
import { githubToken } from '../helpers/secret-tokens.js';

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
});
