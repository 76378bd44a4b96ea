// The product's `oryon bench` harness (src/core/task-bench), measured on the built-in
// suite against the fake model server: its own overhead per task (wall time minus model
// time minus the task's own test runs; target ≤ 300 ms) and the speed-up of --jobs 2
// over --jobs 1 (target ≥ 1.6×, shown here as jobs-1 time / jobs-2 time inverted so a
// lower value is better: the jobs-2 time as a share of the jobs-1 time, target ≤ 62.5%).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { packageRoot } from '../src/config/paths.js';
import { createFixGates } from '../src/core/gates/fix-gates.js';
import { Journal } from '../src/core/journal/journal.js';
import { createOllamaModel } from '../src/core/model/ollama-client.js';
import { createSandboxRunner } from '../src/core/sandbox/create.js';
import { databasePath, openDatabase } from '../src/core/store/db.js';
import { runBench } from '../src/core/task-bench/run-bench.js';
import { BenchStore } from '../src/core/task-bench/store.js';
import { loadSuite } from '../src/core/task-bench/suite.js';
import type { TaskResult } from '../src/core/task-bench/types.js';
import { benchResponder, suiteTasks } from '../test/helpers/bench-model.js';
import { startFakeOllama } from '../test/helpers/fake-ollama.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

/**
 * What two of anything gain on this machine: the same work, one after the other and then
 * two at once, as time taken in parallel over time taken in turn (100 % = no gain, 50 % =
 * twice as fast). `--jobs 2` cannot beat it: a bench task is mostly short processes.
 */
async function twoAtOnce(argv: string[], rounds = 3): Promise<number> {
  const once = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', () => resolve());
    });
  const shares: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    await once();
    await once();
    const inTurn = performance.now() - start;
    start = performance.now();
    await Promise.all([once(), once()]);
    shares.push((100 * (performance.now() - start)) / inTurn);
  }
  return median(shares);
}

async function benchOnce(url: string, jobs: number, only: string | undefined): Promise<{ wallMs: number; results: TaskResult[] }> {
  const home = mkdtempSync(path.join(tmpdir(), 'oryon-perf-bench-'));
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: home,
    ORYON_HOME: home,
    OLLAMA_HOST: url,
    PATH: `${path.join(packageRoot, 'node_modules', '.bin')}:${process.env.PATH}`,
  };
  const { config, policy } = loadConfig({ env });
  const db = openDatabase(databasePath(home));
  const store = new BenchStore(home);
  const suite = loadSuite('datasets', { packageRoot, only });
  const started = performance.now();
  try {
    const outcome = await runBench(
      { suite, configs: [{ label: config.model.name, model: config.model.name, editFormat: 'auto', prompts: null }], tries: 2, repeat: 1, jobs, seed: 1 },
      {
        config,
        policy,
        home,
        journal: new Journal(db),
        store,
        createModel: (model) => createOllamaModel(model),
        sandboxFor: (record) => createSandboxRunner({ policy, config, env, onDecision: record }),
        gatesFor: (root, sandbox, runPolicy) => createFixGates({ config, policy: runPolicy, repoRoot: root, sandbox }),
      },
    );
    const failed = outcome.results.filter((r) => r.status !== 'passed');
    if (failed.length) throw new Error(`perf bench: ${failed.map((r) => `${r.task} ${r.status} ${r.error}`).join('; ')}`);
    return { wallMs: performance.now() - started, results: outcome.results };
  } finally {
    store.close();
    db.close();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  // ORYON_PERF_BENCH_ONLY narrows the suite (a glob) on a slow machine; the default is all of it.
  const only = process.env.ORYON_PERF_BENCH_ONLY;
  const fake = await startFakeOllama({ respond: benchResponder(suiteTasks('datasets'), {}) });
  const prev = process.env.OLLAMA_HOST;
  process.env.OLLAMA_HOST = fake.url;
  try {
    await benchOnce(fake.url, 1, 'py-fib'); // warm-up: module loading, Python's and Node's first start
    const serial = await benchOnce(fake.url, 1, only);
    const parallel = await benchOnce(fake.url, 2, only);
    const rs = serial.results;
    // The bench's own work: copy + git init/commit of the task, the check's bookkeeping, storing, cleanup.
    const harness = rs.map((r) => r.wallMs - r.fixMs - r.checkMs);
    // Inside runFix, besides model and tests: worktree, environment, context, gates (lint + security scan), diff.
    const loop = rs.map((r) => r.fixMs - r.modelMs - (r.testMs - r.checkMs));
    const everything = rs.map((r) => r.wallMs - r.modelMs - r.testMs);
    return [
      {
        name: `task-bench: bench harness overhead per task (${rs.length} tasks, median; wall - fix loop - broken-task check)`,
        value: median(harness),
        unit: 'ms',
      },
      { name: 'task-bench: fix loop overhead per task (fix loop - model - tests: worktree, env, context, gates, diff)', value: median(loop), unit: 'ms' },
      // The issue's figure: everything but the model and the task's own tests.
      { name: 'task-bench: all but model and tests per task (the two above)', value: median(everything), unit: 'ms', target: 300 },
      { name: "task-bench: the task's own test runs per task (median)", value: median(serial.results.map((r) => r.testMs)), unit: 'ms' },
      { name: 'task-bench: model time per task (median; the fake server answers at once)', value: median(rs.map((r) => r.modelMs)), unit: 'ms' },
      { name: 'task-bench: wall time per task, --jobs 1 (median)', value: median(rs.map((r) => r.wallMs)), unit: 'ms' },
      { name: 'task-bench: wall time per task, --jobs 2 (median; two at a time)', value: median(parallel.results.map((r) => r.wallMs)), unit: 'ms' },
      { name: 'task-bench: built-in suite, --jobs 1', value: serial.wallMs / 1000, unit: 's' },
      { name: 'task-bench: built-in suite, --jobs 2', value: parallel.wallMs / 1000, unit: 's' },
      { name: 'task-bench: --jobs 2 time / --jobs 1 time (1.6x faster = 62.5%)', value: (100 * parallel.wallMs) / serial.wallMs, unit: '%', target: 62.5 },
      // The machine's own ceiling, measured after the suite: two CPU-bound processes, and
      // two loops of 40 short processes (what a task mostly is), at once vs in turn.
      {
        name: 'task-bench: … this machine, two CPU-bound processes at once / in turn',
        value: await twoAtOnce([process.execPath, '-e', 'let x = 0; for (let i = 0; i < 2e8; i++) x += i;']),
        unit: '%',
      },
      {
        name: 'task-bench: … this machine, two loops of 40 `git --version` at once / in turn',
        value: await twoAtOnce(['/bin/sh', '-c', 'for i in $(seq 40); do git --version; done > /dev/null']),
        unit: '%',
      },
    ];
  } finally {
    if (prev === undefined) delete process.env.OLLAMA_HOST;
    else process.env.OLLAMA_HOST = prev;
    await fake.close();
  }
}
