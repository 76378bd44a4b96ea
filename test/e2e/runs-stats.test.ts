// Token budgets and `oryon runs stats`, end to end: a run that crosses the repo's daily
// budget stops after the current step, the next is refused (exit 4, the rule named), and
// stats show the outcome, latencies, tokens, the fallback taken and the budget use.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo, git, makeDirty, snapshot } from '../helpers/git-repo.js';
import { build } from './build.js';
import { closedPortUrl, fix, fixEnv, planReply, runs, userConfig } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

describe('token budgets and runs stats (e2e)', () => {
  it('stops a run that crosses tokens_per_day, refuses the next, and reports it all in runs stats', async () => {
    const task = datasetRepo('py-fib');
    // Tightening a limit needs no trust.
    mkdirSync(path.join(task.root, '.oryon'), { recursive: true });
    writeFileSync(path.join(task.root, '.oryon', 'policy.yaml'), 'limits:\n  tokens_per_day: 50\n');
    git(task.root, 'add', '-A');
    git(task.root, 'commit', '-qm', 'budget');
    makeDirty(task.root);
    const before = snapshot(task.root);
    fake = await startFakeOllama({ respond: (body) => ({ content: body.format ? planReply(['fib.py']) : task.solution }) });
    const env = fixEnv('http://127.0.0.1:9');
    // The primary refuses connections: every model step is answered by the fallback.
    userConfig(
      env,
      `model:\n  base_url: "${await closedPortUrl()}"\n  fallback:\n    - {provider: ollama, base_url: "${fake.url}", name: "qwen2.5-coder:7b"}\nmemory:\n  embedder: offline\n`,
    );

    const first = await fix(task.root, [task.issue], env);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/stopped after the current step: this repo used \d+ tokens this day \(UTC\); limits.tokens_per_day is 50/);
    expect(fake.chatRequests()).toHaveLength(1); // the plan; no edit was asked for
    expect(snapshot(task.root)).toEqual(before);

    const second = await fix(task.root, [task.issue], env);
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/refused by rule limits.tokens_per_day: this repo used \d+ tokens this day \(UTC\); limits.tokens_per_day is 50/);
    expect(fake.chatRequests()).toHaveLength(1);

    const stats = JSON.parse((await runs(task.root, ['stats', '--json'], env)).stdout);
    expect(stats.runs).toEqual({ total: 1, by_status: { failed: 1 } });
    expect(stats.success_rate).toBe(0);
    expect(stats.step_latency_ms.plan.count).toBe(1);
    expect(stats.step_latency_ms.plan.p50).toBeGreaterThanOrEqual(0);
    expect(stats.tokens_per_day).toHaveLength(1);
    expect(stats.tokens_per_day[0].tokens).toBeGreaterThan(50);
    expect(stats.fallbacks.steps).toBe(1);
    expect(Object.keys(stats.fallbacks.skipped)[0]).toMatch(/^ollama http:\/\/127.0.0.1:\d+ qwen2.5-coder:7b$/);
    expect(stats.budgets[0]).toMatchObject({ rule: 'limits.tokens_per_day', limit: 50 });
    expect(stats.budgets[0].used).toBeGreaterThan(50);

    const text = await runs(task.root, ['stats', '--since', '1d'], env);
    expect(text.stdout).toMatch(/1 run\(s\): failed 1; success rate 0% \(target ≥ 90%\)/);
    expect(text.stdout).toMatch(/limits.tokens_per_day: \d+ used of 50/);
    const bad = await runs(task.root, ['stats', '--since', 'yesterday'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since: expected a duration such as 7d, 24h or 2w');
  }, 180_000);
});
