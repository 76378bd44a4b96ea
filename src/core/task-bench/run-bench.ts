// The whole bench: every task under every configuration (and repeat), `jobs` at a time,
// each in its own repo copy and worktree. Results are stored as each task finishes, so
// an interrupt keeps them. With a curriculum, levels run easiest first and a
// configuration stops climbing at the first level it fails to clear.
import type { Config } from '../../config/schema.js';
import type { Journal } from '../journal/journal.js';
import { newRunId } from '../journal/run-id.js';
import type { ChatModel } from '../model/types.js';
import type { Policy } from '../policy/schema.js';
import type { TaskRunContext } from './run-task.js';
import { runBenchTask } from './run-task.js';
import type { BenchStore } from './store.js';
import type { Suite } from './suite.js';
import type { BenchTask } from './task.js';
import type { BenchConfiguration, BenchRunInfo, TaskResult } from './types.js';

export interface BenchPlan {
  suite: Suite;
  configs: BenchConfiguration[];
  tries: number;
  repeat: number;
  jobs: number;
  /** Sent as the model's seed (plus the repeat index); null keeps the config's. */
  seed: number | null;
  curriculum?: { minPassRate: number } | undefined;
}

export interface BenchProgress {
  done: number;
  total: number;
  passed: number;
  graded: number;
  elapsedMs: number;
  etaMs: number | null;
  last: TaskResult;
}

export interface BenchDeps {
  config: Config;
  policy: Policy;
  home: string;
  journal: Journal;
  store: BenchStore;
  createModel(model: Config['model']): ChatModel;
  sandboxFor: TaskRunContext['sandboxFor'];
  gatesFor?: TaskRunContext['gatesFor'];
  signal?: AbortSignal | undefined;
  onProgress?(progress: BenchProgress): void;
  /** Injectable for tests; a new id otherwise. */
  benchId?: string;
}

export interface CurriculumOutcome {
  config: string;
  /** The highest level whose pass rate reached the minimum (null: not even the first). */
  highestCleared: number | null;
  levels: Array<{ level: number; passRate: number; cleared: boolean }>;
}

export interface BenchOutcome {
  info: BenchRunInfo;
  results: TaskResult[];
  interrupted: boolean;
  curriculum: CurriculumOutcome[] | undefined;
}

interface Job {
  task: BenchTask;
  configuration: BenchConfiguration;
  repeat: number;
}

/** The config a configuration runs with: its model and edit format, the bench's seed. */
export function configFor(base: Config, configuration: BenchConfiguration, seed: number | null, repeat: number): Config {
  const runSeed = seed === null ? base.model.seed : seed + repeat;
  return { ...base, model: { ...base.model, name: configuration.model, seed: runSeed }, agent: { ...base.agent, edit_format: configuration.editFormat } };
}

/** Run up to `jobs` at once, in order; stops starting new ones once the signal aborts. */
async function pool<T>(items: T[], jobs: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

const graded = (result: TaskResult): boolean => result.status === 'passed' || result.status === 'failed';

export async function runBench(plan: BenchPlan, deps: BenchDeps): Promise<BenchOutcome> {
  const info: BenchRunInfo = {
    id: deps.benchId ?? newRunId(),
    suite: plan.suite.name,
    startedAt: Date.now(),
    finishedAt: null,
    status: 'running',
    tries: plan.tries,
    repeat: plan.repeat,
    jobs: plan.jobs,
    seed: plan.seed,
    curriculum: plan.curriculum !== undefined,
    configs: plan.configs,
  };
  deps.store.startRun(info);
  const results: TaskResult[] = [];
  const started = performance.now();
  const models = new Map<string, ChatModel>();
  let total = plan.suite.tasks.length * plan.configs.length * plan.repeat;
  let passed = 0;

  const runJob = async (job: Job): Promise<void> => {
    const config = configFor(deps.config, job.configuration, plan.seed, job.repeat);
    const key = `${config.model.name}\u0000${config.model.seed}`;
    let model = models.get(key);
    if (!model) models.set(key, (model = deps.createModel(config.model)));
    const result = await runBenchTask(job.task, job.configuration, job.repeat, {
      benchId: info.id,
      suite: plan.suite.name,
      config,
      policy: deps.policy,
      home: deps.home,
      journal: deps.journal,
      model,
      sandboxFor: deps.sandboxFor,
      gatesFor: deps.gatesFor,
      tries: plan.tries,
      signal: deps.signal,
    });
    // An interrupted task is not a result: only what finished is kept.
    if (result.status === 'interrupted') return;
    results.push(result);
    deps.store.addResult(result);
    if (result.status === 'passed') passed++;
    const elapsedMs = performance.now() - started;
    const done = results.length;
    deps.onProgress?.({
      done,
      total,
      passed,
      graded: results.filter(graded).length,
      elapsedMs,
      etaMs: done ? (elapsedMs / done) * (total - done) : null,
      last: result,
    });
  };

  const jobsFor = (tasks: BenchTask[], configs: BenchConfiguration[]): Job[] =>
    configs.flatMap((configuration) => tasks.flatMap((task) => Array.from({ length: plan.repeat }, (_, repeat) => ({ task, configuration, repeat }))));

  let curriculum: CurriculumOutcome[] | undefined;
  if (plan.curriculum) {
    const levels = [...new Set(plan.suite.tasks.map((task) => task.level))].sort((a, b) => a - b);
    const outcomes = new Map(
      plan.configs.map((c) => [c.label, { config: c.label, highestCleared: null as number | null, levels: [] as CurriculumOutcome['levels'] }]),
    );
    let climbing = [...plan.configs];
    for (const level of levels) {
      if (!climbing.length || deps.signal?.aborted) break;
      const tasks = plan.suite.tasks.filter((task) => task.level === level);
      await pool(jobsFor(tasks, climbing), plan.jobs, deps.signal, runJob);
      if (deps.signal?.aborted) break;
      const stillClimbing: BenchConfiguration[] = [];
      for (const configuration of climbing) {
        const levelResults = results.filter((r) => r.config === configuration.label && r.level === level && graded(r));
        const passRate = levelResults.length ? levelResults.filter((r) => r.status === 'passed').length / levelResults.length : 0;
        const cleared = levelResults.length > 0 && passRate >= plan.curriculum.minPassRate;
        const outcome = outcomes.get(configuration.label)!;
        outcome.levels.push({ level, passRate, cleared });
        if (cleared) {
          outcome.highestCleared = level;
          stillClimbing.push(configuration);
        } else {
          // Tasks above a failed level are never run for this configuration.
          total -= plan.suite.tasks.filter((task) => task.level > level).length * plan.repeat;
        }
      }
      climbing = stillClimbing;
    }
    curriculum = [...outcomes.values()];
  } else {
    await pool(jobsFor(plan.suite.tasks, plan.configs), plan.jobs, deps.signal, runJob);
  }

  const interrupted = deps.signal?.aborted === true;
  info.status = interrupted ? 'interrupted' : 'finished';
  info.finishedAt = Date.now();
  deps.store.finishRun(info.id, info.status);
  return { info, results, interrupted, curriculum };
}
