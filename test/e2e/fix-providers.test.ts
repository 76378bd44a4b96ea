// `oryon fix`, `oryon doctor` and `oryon runs show` against a fake OpenAI-compatible
// server (SSE, usage chunks, [DONE]), configured as a user would.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.js';
import type { FakeReply } from '../helpers/fake-ollama.js';
import { runCli } from '../helpers/cli.js';
import { datasetRepo, makeDirty, snapshot } from '../helpers/git-repo.js';
import { build } from './build.js';
import { closedPortUrl, fix, fixEnv, planReply, runs, userConfig } from './fix-helpers.js';

let servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});
beforeAll(build, 120_000);

async function openai(replies: FakeReply[], options: Parameters<typeof startFakeOpenAI>[0] = {}): Promise<FakeOpenAI> {
  const server = await startFakeOpenAI({ replies, ...options });
  servers.push(server);
  return server;
}

describe('openai-compatible provider (e2e)', () => {
  it('oryon fix plans, edits and commits through /v1/chat/completions; the tree stays byte-identical', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const server = await openai([{ content: planReply(['fib.py']) }, { content: task.solution }], { apiKey: 'sk-e2e-key-0001' });
    const env = fixEnv('http://127.0.0.1:9', { E2E_MODEL_KEY: 'sk-e2e-key-0001' });
    userConfig(env, `model:\n  provider: openai-compatible\n  base_url: ${server.baseUrl}\n  name: qwen2.5-coder-7b\n  api_key_env: E2E_MODEL_KEY\n`);
    const result = await fix(task.root, ['--json', task.issue], env);
    expect(result.stderr).toContain('plan: Fix the bug');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ status: 'succeeded', files_changed: ['fib.py'] });
    expect(doc.tokens.prompt).toBeGreaterThan(0);
    expect(doc.tokens.completion).toBeGreaterThan(0);
    expect(snapshot(task.root)).toEqual(before);
    const chats = server.chatRequests();
    expect(chats).toHaveLength(2);
    expect(chats[0].response_format.type).toBe('json_schema');
    expect(chats.every((body) => body.stream === true && body.stream_options?.include_usage === true)).toBe(true);
    // The memory embedder found nomic-embed-text in /v1/models and used /v1/embeddings.
    expect(server.requests.some((r) => r.path === '/v1/embeddings')).toBe(true);
    // The key is read from the environment and never journaled.
    const shown = await runs(task.root, ['show', doc.run_id, '--json'], env);
    expect(shown.stdout).not.toContain('sk-e2e-key-0001');
  }, 120_000);

  it('refuses a missing base_url and an api_key_env set by the repository', async () => {
    const task = datasetRepo('py-fib');
    const env = fixEnv('http://127.0.0.1:9');
    userConfig(env, 'model:\n  provider: openai-compatible\n');
    const missing = await fix(task.root, [task.issue], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('model.base_url: required when model.provider is openai-compatible');

    const repoEnv = fixEnv('http://127.0.0.1:9');
    mkdirSync(path.join(task.root, '.oryon'), { recursive: true });
    writeFileSync(path.join(task.root, '.oryon', 'config.yaml'), 'model:\n  api_key_env: AWS_SECRET_ACCESS_KEY\n');
    const hostile = await fix(task.root, [task.issue], repoEnv);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toContain("model.api_key_env can only be set in the user config, not in a repository's");
  }, 120_000);

  it('oryon doctor checks the OpenAI-compatible server and says how to fix it', async () => {
    const server = await openai([]);
    const task = datasetRepo('py-fib');
    const env = fixEnv('http://127.0.0.1:9');
    userConfig(env, `model:\n  provider: openai-compatible\n  base_url: ${server.baseUrl}\n  name: qwen2.5-coder-7b\n`);
    const ok = await runCli(['doctor', '--json'], { cwd: task.root, env });
    const report = JSON.parse(ok.stdout);
    const check = (name: string) => report.checks.find((c: { name: string }) => c.name === name);
    expect(check('model-server')).toMatchObject({ ok: true, detail: `OpenAI-compatible server at ${server.baseUrl} (2 models)` });
    expect(check('chat-model')).toMatchObject({ ok: true, detail: 'qwen2.5-coder-7b served (context 32768 tokens)' });

    const down = await closedPortUrl();
    userConfig(env, `model:\n  provider: openai-compatible\n  base_url: ${down}/v1\n  name: qwen2.5-coder-7b\n`);
    const bad = await runCli(['doctor'], { cwd: task.root, env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`cannot reach the OpenAI-compatible server at ${down}/v1`);
    expect(bad.stdout).toMatch(/fix: start it \(llama-server, vllm serve, LM Studio…\) or fix model.base_url/);
  }, 120_000);
});
