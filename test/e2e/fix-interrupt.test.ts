// Ctrl-C, kill -9 and context limits, end to end.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateMessagesTokens } from '../../src/core/model/token-budget.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { branches, datasetRepo, extraWorktrees, git, makeDirty, snapshot, writeFile } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs, startFix, waitFor, worktreeDirs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

async function showRun(repo: string, id: string, env: Record<string, string>) {
  const shown = await runs(repo, ['show', id, '--json'], env);
  expect(shown.code).toBe(0);
  return JSON.parse(shown.stdout);
}

describe('oryon fix: interruption and limits (e2e)', () => {
  it('SIGINT mid-stream: exit 130, stream cancelled, tree intact, worktree gone, run interrupted', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: task.solution, firstTokenDelayMs: 30_000 }] });
    const env = fixEnv(fake.url);
    const run = startFix(task.root, ['--json', task.issue], env);
    await waitFor(() => fake!.chatRequests().length === 2, 20_000, 'the edit request');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('interrupted');
    const doc = JSON.parse(result.stdout);
    expect(doc.status).toBe('interrupted');
    expect(Object.keys(doc).sort()).toEqual([
      'branch',
      'commit',
      'files_changed',
      'iterations',
      'mode',
      'model_ms',
      'run_id',
      'status',
      'tests',
      'tokens',
      'wall_ms',
    ]);
    expect(doc).toMatchObject({ branch: null, commit: null, files_changed: [], tests: { passed: null } });
    await waitFor(() => fake!.requests.filter((r) => r.path === '/api/chat')[1]!.aborted === true, 5_000, 'the stream to be cancelled');
    expect(snapshot(task.root)).toEqual(before);
    expect(worktreeDirs(env)).toEqual([]);
    expect(extraWorktrees(task.root)).toEqual([]);
    expect(branches(task.root)).toEqual(['main']);
    expect((await showRun(task.root, doc.run_id, env)).status).toBe('interrupted');
  });

  it('SIGINT while the tests run: the test process is stopped and the run exits 130', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: task.solution }] });
    const env = fixEnv(fake.url);
    const started = Date.now();
    const run = startFix(task.root, ['--json', '--test-command', `python3 -c "import time; time.sleep(60)"`, task.issue], env);
    await waitFor(() => run.stderr().includes('test: running'), 20_000, 'the test command');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(worktreeDirs(env)).toEqual([]);
    expect(snapshot(task.root)).toEqual(before);
    expect(branches(task.root)).toEqual(['main']);
    expect((await showRun(task.root, JSON.parse(result.stdout).run_id, env)).status).toBe('interrupted');
  });

  it('kill -9 mid-run: the next run cleans the stale worktree, marks the old run interrupted and works', async () => {
    const task = datasetRepo('js-is-prime');
    makeDirty(task.root);
    const before = snapshot(task.root);
    fake = await startFakeOllama({ replies: [{ content: planReply(['src/primes.js']) }, { content: task.solution, firstTokenDelayMs: 60_000 }] });
    const env = fixEnv(fake.url);
    const killed = startFix(task.root, ['--json', task.issue], env);
    await waitFor(() => fake!.chatRequests().length === 2, 20_000, 'the edit request');
    killed.child.kill('SIGKILL');
    await killed.done;
    const stale = worktreeDirs(env);
    expect(stale).toHaveLength(1);
    expect(snapshot(task.root)).toEqual(before);
    // Any later look at the journal (not only the next fix) shows the dead run as interrupted.
    const listedEarly = JSON.parse((await runs(task.root, ['list', '--json'], env)).stdout);
    expect(listedEarly.runs.map((r: { status: string }) => r.status)).toEqual(['interrupted']);

    fake.enqueue({ content: planReply(['src/primes.js']) }, { content: task.solution });
    const next = await fix(task.root, ['--json', task.issue], env);
    expect(next.code).toBe(0);
    expect(next.stderr).toContain('cleaned 1 stale worktree');
    expect(worktreeDirs(env)).toEqual([]);
    expect(extraWorktrees(task.root)).toEqual([]);
    expect((await showRun(task.root, stale[0]!, env)).status).toBe('interrupted');
    expect(snapshot(task.root)).toEqual(before);
    const listed = JSON.parse((await runs(task.root, ['list', '--json'], env)).stdout);
    expect(listed.runs.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'interrupted']);
  });

  it('shrinks a context too large for num_ctx to fit, and says what it left out', async () => {
    const task = datasetRepo('py-fib');
    writeFile(task.root, 'fib_tables.py', Array.from({ length: 4000 }, (_, i) => `FIB_TABLE_${i} = fib(${i % 30})\n`).join(''));
    for (let i = 0; i < 600; i++) writeFile(task.root, `pkg/mod_${i}.py`, `value = ${i}\n`);
    git(task.root, 'add', '-A');
    git(task.root, 'commit', '-q', '-m', 'big');
    fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: task.solution }] });
    const env = fixEnv(fake.url);
    mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
    writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'), 'model:\n  num_ctx: 4096\n  reply_reserve_tokens: 1024\n');
    const result = await fix(task.root, ['--json', task.issue], env);
    expect(result.code).toBe(0);
    const requests = fake.chatRequests();
    expect(requests).toHaveLength(2);
    for (const body of requests) {
      expect(body.options.num_ctx).toBe(4096);
      expect(estimateMessagesTokens(body.messages)).toBeLessThanOrEqual(4096 - 1024);
    }
    const plan = (requests[0].messages as Array<{ content: string }>).map((m) => m.content).join('\n');
    expect(plan).toContain('a, b = 1, 1');
    expect(plan).toMatch(/fib_tables\.py \(4000 lines; excerpt: lines [\d, -]+; the rest does not fit the context window\)/);
    expect(plan).toMatch(/⋮ \(lines \d+-4000 not shown\)/);
    expect(plan).toMatch(/\(\.\.\. and \d+ more tracked files, not listed: the context window is full\)/);
    expect(result.stderr).toMatch(/left out for space: .*fib_tables\.py/);
  });

  it('a prompt that cannot fit even when shrunk fails with a clear message, never truncated', async () => {
    const task = datasetRepo('py-fib');
    fake = await startFakeOllama({ replies: [] });
    const env = fixEnv(fake.url);
    mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
    writeFileSync(path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'), 'model:\n  num_ctx: 600\n  reply_reserve_tokens: 400\n');
    const result = await fix(task.root, [task.issue], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/prompt needs about \d+ tokens but only \d+ fit in the context window/);
    expect(result.stderr).toContain('hint: raise model.num_ctx');
    expect(fake.chatRequests()).toHaveLength(0);
    expect(worktreeDirs(env)).toEqual([]);
  });
});
