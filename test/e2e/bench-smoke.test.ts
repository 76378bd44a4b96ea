import { it } from 'vitest';
import { startFakeOllama } from '../helpers/fake-ollama.js';
import { benchResponder, datasetTasks } from '../helpers/bench-model.js';
import { isolatedEnv, runCli, repoRoot } from '../helpers/cli.js';
import path from 'node:path';
it('smoke', async () => {
  const tasks = datasetTasks();
  const fake = await startFakeOllama({ respond: benchResponder(tasks, { 'qwen2.5-coder:7b': { 'py-fizzbuzz': 'fails', 'py-fib': 'solves-on-retry' } }) });
  const env = isolatedEnv({ OLLAMA_HOST: fake.url, PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH}` });
  const t0 = Date.now();
  const r = await runCli(['bench', ...(process.env.BENCH_ARGS ?? '').split(' ').filter(Boolean)], { env, cwd: '/tmp' });
  console.log(r.code, r.stdout, r.stderr, Date.now() - t0);
  await fake.close();
}, 300_000);
it('timing', async () => {
  const tasks = datasetTasks();
  const fake = await startFakeOllama({ respond: benchResponder(tasks, {}) });
  const env = isolatedEnv({ OLLAMA_HOST: fake.url, PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH}` });
  const r = await runCli(['bench', '--only', 'py-fib', '--json'], { env, cwd: '/tmp' });
  const doc = JSON.parse(r.stdout);
  const show = await runCli(['runs', 'show', doc.results[0].run_id, '--json'], { env, cwd: '/tmp' });
  const story = JSON.parse(show.stdout); console.log(JSON.stringify(doc.results), story.wall_ms, JSON.stringify(story.steps.map((s: any) => [s.kind, s.wall_ms, s.detail?.durationMs])));
  await fake.close();
}, 300_000);
