// The model finds what the context did not show: a fix in a repo too large for the
// window, where the file to change is left out of the plan prompt, succeeds because the
// (scripted) model searches and reads with tools. Native tool calling over the fake
// Ollama, journaled and shown by `runs show`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkoutIsPrivate } from '../helpers/checkout.js';
import { DEFAULT_FAKE_MODELS, startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { makeDirty, makeRepo, snapshot } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const RATES = 'def apply_rate(amount, rate):\n    return amount * rate\n';
const FIXED = 'def apply_rate(amount, rate):\n    return round(amount * rate, 2)\n';
const TOOL_MODELS = [{ ...DEFAULT_FAKE_MODELS[0]!, capabilities: ['completion', 'tools'] }, DEFAULT_FAKE_MODELS[1]!];

/** A shop of many helper modules: together they overflow the window, so ranking leaves most out. */
function shopRepo(): string {
  const files: Record<string, string> = {
    'shop/__init__.py': '',
    'shop/rates.py': RATES,
    'tests/__init__.py': '',
    'tests/test_rates.py':
      'import unittest\nfrom shop.rates import apply_rate\n\n\nclass RatesTest(unittest.TestCase):\n    def test_cents(self):\n        self.assertEqual(apply_rate(10.05, 0.3), 3.02)\n\n\nif __name__ == "__main__":\n    unittest.main()\n',
  };
  for (let m = 0; m < 30; m++) {
    files[`shop/helpers_${m}.py`] = Array.from({ length: 120 }, (_, j) => `def helper_${m}_${j}(value):\n    return value + ${j}\n`).join('\n');
  }
  return makeRepo(files);
}

describe('oryon fix with model tools (e2e)', () => {
  it('finds the file it was not shown with grep and read_file, fixes it, and journals each call', async () => {
    const repo = shopRepo();
    makeDirty(repo);
    const before = snapshot(repo);
    fake = await startFakeOllama({
      models: TOOL_MODELS,
      replies: [
        { toolCalls: [{ name: 'grep', arguments: { pattern: 'def apply_rate', glob: 'shop/**' } }] },
        {
          toolCalls: [
            { name: 'read_file', arguments: { path: 'shop/rates.py' } },
            { name: 'grep', arguments: { glob: 'shop/**', pattern: 'def apply_rate' } },
          ],
        },
        { content: planReply(['shop/rates.py'], 'Round the rated amount to cents') },
        { content: `shop/rates.py\n\`\`\`\n${FIXED}\`\`\`\n` },
      ],
    });
    const env = fixEnv(fake.url);
    const issue = 'Charges come out with fractions of a cent: 10.05 at 0.3 gives 3.0149999 instead of 3.02';
    const result = await fix(repo, ['--json', '--test-command', 'python3 -m unittest -q', issue], env);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ status: 'succeeded', files_changed: ['shop/rates.py'] });
    expect(result.stderr).toMatch(/tool: grep \{"pattern":"def apply_rate","glob":"shop\/\*\*"\} → \d+ bytes/);
    expect(result.stderr).toMatch(/tool: read_file .* → \d+ bytes/);

    const requests = fake.chatRequests();
    // The plan prompt did not carry the file: the model had to look.
    const planText = requests[0].messages.map((m: { content: string }) => m.content).join('\n');
    expect(planText).not.toContain('return amount * rate');
    // Tools were offered natively (read-only by default: no run_command), and the results went back as tool messages.
    expect(fake.offeredTools()[0]).toEqual(['read_file', 'list_dir', 'search_code', 'grep', 'git_log', 'git_show']);
    expect(requests[0].format).toBeUndefined();
    const toolMessages = requests[2].messages.filter((m: { role: string }) => m.role === 'tool');
    expect(toolMessages.map((m: { tool_name: string }) => m.tool_name)).toEqual(['grep', 'read_file', 'grep']);
    expect(toolMessages[0].content).toContain('shop/rates.py:1: def apply_rate(amount, rate):');
    expect(toolMessages[1].content).toContain('2|     return amount * rate');
    expect(requests[1].messages.find((m: { role: string; tool_calls?: unknown }) => m.role === 'assistant')?.tool_calls).toEqual([
      { function: { name: 'grep', arguments: { pattern: 'def apply_rate', glob: 'shop/**' } } },
    ]);
    expect(snapshot(repo)).toEqual(before);

    const story = JSON.parse((await runs(repo, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.tool_calls.map((c: { name: string; cached: boolean; ok: boolean }) => `${c.name}:${c.ok}:${c.cached}`)).toEqual([
      'grep:true:false',
      'read_file:true:false',
      'grep:true:true',
    ]);
    expect(story.tool_calls[1]).toMatchObject({ iteration: 0, purpose: 'plan', args: { path: 'shop/rates.py' } });
    expect(story.tool_calls[1].bytes).toBeGreaterThan(40);
    expect(typeof story.tool_calls[1].ms).toBe('number');
    const human = (await runs(repo, ['show', doc.run_id], env)).stdout;
    expect(human).toContain('Tool calls (3)');
    expect(human).toMatch(/plan read_file \{"path":"shop\/rates\.py"\} → \d+ bytes, [\d.]+ms, ok/);
  }, 120_000);

  // The server runs from this checkout's node_modules, which a checkout under /tmp hides from the sandbox.
  it.skipIf(checkoutIsPrivate)(
    'uses a tool of a real MCP server (server-filesystem, sandboxed) in a run; the call is an allowed, journaled decision',
    async () => {
      const repo = shopRepo();
      fake = await startFakeOllama({
        models: TOOL_MODELS,
        replies: [
          {
            toolCalls: [
              { name: 'fs.read_text_file', arguments: { path: 'shop/rates.py' } },
              { name: 'fs.write_file', arguments: { path: 'shop/x.py', content: '' } },
            ],
          },
          { content: planReply(['shop/rates.py']) },
          { content: `shop/rates.py\n\`\`\`\n${FIXED}\`\`\`\n` },
        ],
      });
      const env = fixEnv(fake.url);
      const server = path.resolve('node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
      mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
      writeFileSync(
        path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'),
        `mcp:\n  servers:\n    fs: { command: node, args: [${JSON.stringify(server)}, "."] }\n  allow: ["fs.read_*"]\n`,
      );
      const result = await fix(repo, ['--json', '--test-command', 'python3 -m unittest -q', 'Charges come out with fractions of a cent'], env);
      expect(result.code, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout);
      const offered = fake.offeredTools()[0]!;
      expect(offered).toContain('fs.read_text_file');
      expect(offered).not.toContain('fs.write_file');
      const toolMessages = fake.chatRequests()[1].messages.filter((m: { role: string }) => m.role === 'tool');
      expect(toolMessages[0]).toMatchObject({ tool_name: 'fs.read_text_file' });
      expect(toolMessages[0].content).toContain('return amount * rate');
      expect(toolMessages[1].content).toMatch(/unknown tool "fs\.write_file"/);

      const story = JSON.parse((await runs(repo, ['show', doc.run_id, '--json'], env)).stdout);
      expect(story.tool_calls.map((c: { name: string; ok: boolean }) => `${c.name}:${c.ok}`)).toEqual(['fs.read_text_file:true', 'fs.write_file:false']);
      expect(story.decisions).toContainEqual({
        kind: 'tool',
        subject: 'fs.read_text_file',
        allowed: true,
        rule: 'mcp.allow: fs.read_*',
        reason: 'mcp:fs fs.read_text_file is allowed',
      });
    },
    120_000,
  );

  it('goes on without an MCP server that does not start, saying which', async () => {
    const repo = shopRepo();
    fake = await startFakeOllama({
      models: TOOL_MODELS,
      replies: [{ content: planReply(['shop/rates.py']) }, { content: `shop/rates.py\n\`\`\`\n${FIXED}\`\`\`\n` }],
    });
    const env = fixEnv(fake.url);
    mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
    writeFileSync(
      path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'),
      'mcp:\n  servers:\n    broken: { command: node, args: ["/nonexistent/mcp.js"] }\n  allow: ["broken.*"]\n',
    );
    const result = await fix(repo, ['--json', '--test-command', 'python3 -m unittest -q', 'Charges come out with fractions of a cent'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/MCP server broken: failed to start: .*; the run goes on without it/);
    const story = JSON.parse((await runs(repo, ['show', JSON.parse(result.stdout).run_id, '--json'], env)).stdout);
    expect(story.decisions).toContainEqual(expect.objectContaining({ kind: 'tool', subject: 'broken', allowed: false, rule: 'mcp.servers' }));
  }, 120_000);
});
