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
