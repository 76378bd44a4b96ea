// `oryon runs list|show` end to end, over runs made by the real CLI.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo, type DatasetTask } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama;
let task: DatasetTask;
let env: Record<string, string>;
const ids: string[] = [];

beforeAll(async () => {
  build();
  task = datasetRepo('py-fizzbuzz');
  const wrong = task.solution.replace('return "FizzBuzz"', 'return "Fizzbuzz"');
  fake = await startFakeOllama({
    replies: [
      { content: planReply(['fizzbuzz.py'], 'Return FizzBuzz for multiples of 15'), thinking: 'multiples of 15 first' },
      { content: wrong },
      { content: task.solution },
      { content: planReply(['fizzbuzz.py'], 'Advise only') },
      { content: task.solution },
    ],
  });
  env = fixEnv(fake.url);
  for (const args of [[task.issue], ['--mode', 'advisor', task.issue]]) {
    const result = await fix(task.root, ['--json', ...args], env);
    expect(result.code).toBe(0);
    ids.push(JSON.parse(result.stdout).run_id);
  }
}, 120_000);
afterAll(async () => {
  await fake.close();
});

describe('oryon runs (e2e)', () => {
  it('lists runs newest first, as text and JSON', async () => {
    const listed = await runs(task.root, ['list', '--json'], env);
    expect(listed.code).toBe(0);
    const doc = JSON.parse(listed.stdout);
    expect(doc.runs.map((r: { run_id: string }) => r.run_id)).toEqual([ids[1], ids[0]]);
    expect(doc.runs[1]).toMatchObject({ status: 'succeeded', mode: 'operator', iterations: 2, issue: task.issue });
    expect(doc.runs[1].branch).toMatch(/^oryon\//);
    const text = await runs(task.root, ['list'], env);
    expect(text.stdout.split('\n')[0]).toContain(ids[1]);
    expect(text.stdout).toContain('succeeded');
    const limited = JSON.parse((await runs(task.root, ['list', '--json', '--limit', '1'], env)).stdout);
    expect(limited.runs).toHaveLength(1);
  });

  it('shows the whole story of a run: plan, steps, tokens, timings, diffstat, tests', async () => {
    const shown = await runs(task.root, ['show', ids[0]!, '--json'], env);
    expect(shown.code).toBe(0);
    const doc = JSON.parse(shown.stdout);
    expect(doc).toMatchObject({ run_id: ids[0], status: 'succeeded', plan: { summary: 'Return FizzBuzz for multiples of 15' } });
    // Gate steps (lint, security, secrets) come and go with the installed scanners; the loop's own steps do not.
    const loopSteps = doc.steps.filter((s: { kind: string }) => s.kind !== 'gates');
    expect(doc.environment).toMatchObject({ shared: [], venv: null });
    expect(loopSteps.map((s: { kind: string; outcome: string }) => `${s.kind}:${s.outcome}`)).toEqual([
      'environment:none',
      'context:ok',
      'plan:ok',
      'edit:applied',
      'test:failed',
      'edit:applied',
      'test:passed',
      'commit:committed',
    ]);
    expect(loopSteps[2].thinking).toBe('multiples of 15 first');
    expect(loopSteps[3].prompt).toContain('fizzbuzz.py');
    expect(loopSteps[3].tokens_in).toBeGreaterThan(0);
    expect(doc.tokens.prompt).toBeGreaterThan(0);
    expect(doc.wall_ms).toBeGreaterThan(0);
    expect(doc.diffstat).toContain('1 file changed');
    expect(doc.diff).toContain('+        return "FizzBuzz"');
    expect(doc.tests.map((t: { outcome: string }) => t.outcome)).toEqual(['failed', 'passed']);
    expect(doc.tests[0].output).toContain('Fizzbuzz');
    expect(doc.decisions.some((d: { kind: string }) => d.kind === 'mode')).toBe(true);
    // The context step and memory's recall are part of the story, at the top level too.
    expect(doc.iterations).toBe(2);
    expect(doc.context).toMatchObject({ files: expect.any(Number), hidden: 0, instructions: [], test: expect.arrayContaining(['python3']) });
    expect(doc.context.ranked.map((r: { path: string }) => r.path)).toContain('fizzbuzz.py');
    expect(doc.memory).toEqual(loopSteps[1].detail.memory);
    expect(doc.memory.chunks.length).toBeGreaterThan(0);
    expect(doc.tests[0]).toMatchObject({ command: doc.context.test, exitCode: 1, failed: 1, timedOut: false });

    const text = await runs(task.root, ['show', ids[0]!.slice(0, 20)], env);
    expect(text.code).toBe(0);
    for (const heading of ['Plan', 'Steps', 'Tests', 'Diffstat', 'Memory recall', 'Policy decisions (0 denied)']) expect(text.stdout).toContain(heading);
    expect(text.stdout).toContain('iteration 1: failed');
    expect(text.stdout).toMatch(/iteration 1: failed \(python3 -m \S+.*, 1 failed, [\d.]+s\)/);
    expect(text.stdout).toMatch(/^context: \d+ files \(0 hidden by the policy\); instructions: none; test command: python3 -m /m);
    expect(text.stdout).toMatch(/^ {2}fizzbuzz\.py:\d+-\d+ {2}score /m);
    expect(text.stdout).toMatch(/^ {2}allow mode operator: /m);
    expect(text.stdout).toMatch(/2 iteration\(s\); tokens \d+ in \/ \d+ out; model [\d.]+s/);
  });

  it('refuses unknown ids with exit 2', async () => {
    const unknown = await runs(task.root, ['show', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run with id "nope"');
    expect((await runs(task.root, ['export', 'nope'], env)).code).toBe(2);
  });

  it('exports an evidence pack with every prompt and reply', async () => {
    const file = path.join(env.HOME!, 'pack.json');
    const exported = await runs(task.root, ['export', ids[0]!, '-o', file], env);
    expect(exported.code).toBe(0);
    const pack = JSON.parse(readFileSync(file, 'utf8'));
    expect(pack).toMatchObject({ format: 'oryon-evidence/2', run: { id: ids[0], status: 'succeeded' } });
    const editSteps = pack.steps.filter((s: { kind: string }) => s.kind === 'edit');
    expect(editSteps).toHaveLength(2);
    expect(editSteps[1].prompt).toContain('the tests failed');
    expect(pack.change.diff).toContain('FizzBuzz');
    const stdout = await runs(task.root, ['export', ids[1]!], env);
    expect(JSON.parse(stdout.stdout)).toMatchObject({ run: { id: ids[1] }, mode: { effective: 'advisor' } });
  });

  it('lists every repo’s runs outside a repo', async () => {
    const outside = await runs(env.HOME!, ['list', '--json'], env);
    expect(outside.code).toBe(0);
    expect(JSON.parse(outside.stdout).runs).toHaveLength(2);
  });
});
