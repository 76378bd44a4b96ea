// Chaos: `oryon fix` against model servers with injected faults (the fault script of
// test/helpers/faults.ts). Each fault either ends in success — through a retry or the
// fallback endpoint, with `runs show` telling what happened — or in exit 3 with a clear
// message. Either way the user's tree is byte-identical.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama } from '../helpers/fake-ollama.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.js';
import type { FakeReply } from '../helpers/fake-ollama.js';
import { branches, datasetRepo, makeDirty, snapshot } from '../helpers/git-repo.js';
import { build } from './build.js';
import { closedPortUrl, fix, fixEnv, planReply, runs, userConfig, worktreeDirs } from './fix-helpers.js';

let servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});
beforeAll(build, 120_000);

type Task = ReturnType<typeof datasetRepo>;

/** Plan requests carry a schema (response_format / format); edit requests do not. */
const responder =
  (task: Task) =>
  (body: any): FakeReply =>
    body.response_format || body.format ? { content: planReply(['fib.py']) } : { content: task.solution };

interface Case {
  name: string;
  faults?: string;
  /** Extra model settings (YAML lines under model:). */
  settings?: string;
  /** Use a refused port as the primary instead of the faulty server. */
  refused?: boolean;
  fallback?: boolean;
  /** Scripted replies for the primary instead of the responder. */
  replies?: (task: Task) => FakeReply[];
  /** What `runs show` must tell. */
  story: RegExp[];
}

const CASES: Case[] = [
  {
    name: 'connection refused → fallback',
    refused: true,
    fallback: true,
    story: [
      /skipped openai-compatible http:\/\/127.0.0.1:\d+\/v1 qwen2.5-coder-7b: cannot reach/,
      /answered by ollama http:\/\/127.0.0.1:\d+ qwen2.5-coder:7b/,
    ],
  },
  { name: '500/503 burst → retry on the same server', faults: '500,503', story: [] },
  { name: 'stream dropped after 3 chunks → retried from the start', faults: 'drop:3', story: [/1 reply stream\(s\) cut mid-reply, retried from the start/] },
  {
    name: 'stalled first token → fallback',
    faults: 'stall-first:6000',
    settings: 'first_token_timeout_ms: 700',
    fallback: true,
    story: [/skipped .*sent nothing for 0.7s \(model.first_token_timeout_ms\)/, /answered by ollama/],
  },
  {
    name: 'stall mid-stream → fallback',
    faults: 'stall:3:8000',
    settings: 'request_timeout_ms: 2500',
    fallback: true,
    story: [/took longer than 2.5s \(model.request_timeout_ms\)/, /answered by ollama/],
  },
  { name: 'malformed SSE line → retry', faults: 'malformed:2', story: [] },
  {
    name: 'truncated JSON plan → corrective retry',
    replies: (task) => [{ content: planReply(['fib.py']).slice(0, 40) }, { content: planReply(['fib.py']) }, { content: task.solution }],
    story: [/plan\s+ok/],
  },
];

async function setup(task: Task, chaos: Case): Promise<{ env: Record<string, string>; primary: FakeOpenAI }> {
  const primary = await startFakeOpenAI({ faults: chaos.faults ?? '', ...(chaos.replies ? { replies: chaos.replies(task) } : { respond: responder(task) }) });
  servers.push(primary);
  const base = chaos.refused ? `${await closedPortUrl()}/v1` : primary.baseUrl;
  let fallback = '';
  if (chaos.fallback) {
    const backup = await startFakeOllama({ respond: responder(task) });
    servers.push(backup);
    fallback = `  fallback:\n    - {provider: ollama, base_url: "${backup.url}", name: "qwen2.5-coder:7b"}\n`;
  }
  const env = fixEnv('http://127.0.0.1:9');
  const settings = chaos.settings ? `  ${chaos.settings}\n` : '';
  userConfig(
    env,
    `model:\n  provider: openai-compatible\n  base_url: "${base}"\n  name: qwen2.5-coder-7b\n${settings}${fallback}memory:\n  embedder: offline\n`,
  );
  return { env, primary };
}

describe('oryon fix under injected model faults (e2e)', () => {
  for (const chaos of CASES) {
    it(
      chaos.name,
      async () => {
        const task = datasetRepo('py-fib');
        makeDirty(task.root);
        const before = snapshot(task.root);
        const { env, primary } = await setup(task, chaos);
        const result = await fix(task.root, ['--json', task.issue], env);
        expect(result.stderr).not.toMatch(/error:/);
        expect(result.code).toBe(0);
        const doc = JSON.parse(result.stdout);
        expect(doc).toMatchObject({ status: 'succeeded', files_changed: ['fib.py'], iterations: 1 });
        expect(snapshot(task.root)).toEqual(before);
        if (chaos.faults) expect(primary.faults.injected.length).toBeGreaterThan(0);
        const story = await runs(task.root, ['show', doc.run_id], env);
        for (const pattern of chaos.story) expect(story.stdout).toMatch(pattern);
      },
      120_000,
    );
  }

  it('every endpoint failing ends in exit 3 with a clear message, nothing applied', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const branchesBefore = branches(task.root);
    const primary = await startFakeOpenAI({ faults: '503,503,503', respond: responder(task) });
    servers.push(primary);
    const env = fixEnv('http://127.0.0.1:9');
    const refused = await closedPortUrl();
    userConfig(
      env,
      `model:\n  provider: openai-compatible\n  base_url: "${primary.baseUrl}"\n  name: qwen2.5-coder-7b\n  fallback:\n    - {provider: ollama, base_url: "${refused}", name: "qwen2.5-coder:7b"}\nmemory:\n  embedder: offline\n`,
    );
    const result = await fix(task.root, [task.issue], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /no model endpoint answered \(2 tried\) — openai-compatible .* answered 503.*gave up after 3 attempts\); ollama .*: cannot reach Ollama/,
    );
    expect(snapshot(task.root)).toEqual(before);
    expect(branches(task.root)).toEqual(branchesBefore);
    expect(worktreeDirs(env)).toEqual([]);
  }, 120_000);
});
