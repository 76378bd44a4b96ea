import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { packageRoot } from '../../config/paths.js';
import type { EditFormatSetting } from '../../core/agent/edit-format.js';
import { BadInputError, ExitCode } from '../../core/errors.js';
import { createFixGates } from '../../core/gates/fix-gates.js';
import { Journal } from '../../core/journal/journal.js';
import { createOllamaModel } from '../../core/model/ollama-client.js';
import { createSandboxRunner } from '../../core/sandbox/create.js';
import { databasePath, openDatabase } from '../../core/store/db.js';
import { forTerminal } from '../../core/terminal/escape.js';
import { assertModelsPulled } from '../../core/task-bench/preflight.js';
import { runBench, type BenchProgress } from '../../core/task-bench/run-bench.js';
import { BenchStore } from '../../core/task-bench/store.js';
import { loadSuite } from '../../core/task-bench/suite.js';
import { compareAll, summarize } from '../../core/task-bench/summary.js';
import { comparisonText, summaryTable } from '../../core/task-bench/table.js';
import { loadThresholds } from '../../core/task-bench/thresholds.js';
import type { BenchConfiguration } from '../../core/task-bench/types.js';
import { findRepo, loadForRepo, type CommonOptions } from '../context.js';
import { out, printJson, progress } from '../output.js';

interface BenchFlags extends CommonOptions {
  suite: string;
  editFormat?: string;
  prompts?: string;
  tries: string;
  repeat: string;
  jobs: string;
  seed?: string;
  only?: string;
  curriculum?: boolean;
  out?: string;
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BadInputError(`${flag}: expected a positive integer, got "${value}"`);
  return n;
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** --model A,B × --edit-format x,y × --prompts P,Q: every combination is one configuration. */
export function configurations(models: string[], formats: EditFormatSetting[], prompts: Array<string | null> = [null]): BenchConfiguration[] {
  const configs: BenchConfiguration[] = [];
  for (const model of models) {
    for (const editFormat of formats) {
      for (const promptsDir of prompts) {
        const parts = [
          model,
          ...(formats.length > 1 ? [editFormat] : []),
          ...(prompts.length > 1 ? [promptsDir === null ? 'default' : path.basename(promptsDir)] : []),
        ];
        configs.push({ label: parts.join('/'), model, editFormat, prompts: promptsDir });
      }
    }
  }
  return configs;
}

const PROMPT_NAMES = ['system', 'plan', 'edit', 'edit-whole', 'edit-diff', 'feedback-edit', 'feedback-test', 'feedback-gates'];

/** --prompts DIR[,DIR...]: `default` is the packaged set; a folder must hold at least one template. */
function parsePrompts(value: string | undefined): Array<string | null> {
  const dirs = list(value);
  if (!dirs.length) return [null];
  return [...new Set(dirs)].map((dir) => {
    if (dir === 'default') return null;
    const full = path.resolve(dir);
    if (!existsSync(full) || !statSync(full).isDirectory()) throw new BadInputError(`--prompts: ${full} is not a folder`);
    if (!PROMPT_NAMES.some((name) => existsSync(path.join(full, `${name}.md`)))) {
      throw new BadInputError(`--prompts: ${full} holds none of the prompt templates (${PROMPT_NAMES.map((n) => `${n}.md`).join(', ')})`);
    }
    return full;
  });
}

function parseFormats(value: string | undefined, fallback: EditFormatSetting): EditFormatSetting[] {
  const formats = list(value);
  if (!formats.length) return [fallback];
  for (const format of formats)
    if (!['auto', 'diff', 'whole'].includes(format)) throw new BadInputError(`--edit-format: expected auto, diff or whole, got "${format}"`);
  return [...new Set(formats)] as EditFormatSetting[];
}

const tty = (text: string): string => forTerminal(text, process.stderr.isTTY);

function progressLine(p: BenchProgress): string {
  const rate = p.graded ? `${Math.round((p.passed / p.graded) * 100)}%` : '-';
  const eta = p.etaMs === null ? '?' : `${Math.round(p.etaMs / 1000)}s`;
  const width = 20;
  const filled = Math.round((p.done / Math.max(1, p.total)) * width);
  return `bench [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}  pass ${rate}  eta ${eta}  ${tty(p.last.task)} (${tty(p.last.config)}): ${p.last.status}`;
}

export async function benchCommand(_options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<BenchFlags>();
  const tries = positiveInt('--tries', flags.tries);
  const repeat = positiveInt('--repeat', flags.repeat);
  const jobs = positiveInt('--jobs', flags.jobs);
  const seed = flags.seed === undefined ? null : Number(flags.seed);
  if (seed !== null && !Number.isInteger(seed)) throw new BadInputError(`--seed: expected an integer, got "${flags.seed}"`);

  const repoRoot = findRepo(flags);
  // The tasks are not the user's repo: the user's config applies, the repo's .oryon files do not.
  const { config, policy, home } = loadForRepo({ ...flags, model: undefined }, undefined);
  const models = flags.model ? list(flags.model) : [config.model.name];
  if (!models.length) throw new BadInputError('--model: expected a model name or a comma list of names');
  const configs = configurations([...new Set(models)], parseFormats(flags.editFormat, config.agent.edit_format), parsePrompts(flags.prompts));
  const suite = loadSuite(flags.suite, { packageRoot, only: flags.only });
  for (const problem of suite.problems) progress(`bench: skipped ${tty(problem.task)}: ${tty(problem.message)}`);
  if (!suite.tasks.length) throw new BadInputError(`suite ${suite.name}: no task could be loaded`);
  const { thresholds } = loadThresholds(repoRoot ?? process.cwd());

  const probe = createOllamaModel(config.model);
  await assertModelsPulled(
    configs.map((c) => c.model),
    async () => (await probe.tags()).map((tag) => tag.name),
  );

  const db = openDatabase(databasePath(home));
  const journal = new Journal(db);
  const store = new BenchStore(home, flags.out);
  // Ctrl-C: running tasks stop and clean up; finished results are already stored.
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    progress('bench: interrupted: stopping running tasks; finished results are kept...');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  progress(`bench: suite ${tty(suite.name)}: ${suite.tasks.length} task(s) × ${configs.length} configuration(s) × ${repeat}, ${tries} tries, ${jobs} job(s)`);
  let outcome;
  try {
    outcome = await runBench(
      { suite, configs, tries, repeat, jobs, seed, curriculum: flags.curriculum ? { minPassRate: thresholds.curriculum.min_pass_rate } : undefined },
      {
        config,
        policy,
        home,
        journal,
        store,
        createModel: (model) => createOllamaModel(model),
        sandboxFor: (record) => createSandboxRunner({ policy, config, onDecision: record }),
        gatesFor: (root, sandbox, runPolicy) => createFixGates({ config, policy: runPolicy, repoRoot: root, sandbox }),
        signal: controller.signal,
        onProgress: (p) => progress(progressLine(p)),
      },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    store.close();
    db.close();
  }

  const summaries = summarize(outcome.results, tries, thresholds.curriculum.min_pass_rate);
  const comparisons = compareAll(
    outcome.results,
    configs.map((c) => c.label),
  );
  for (const result of outcome.results.filter((r) => r.status === 'broken' || r.status === 'error'))
    progress(`bench: ${result.status}: ${tty(result.error ?? result.task)}`);
  if (flags.json) {
    printJson({
      bench_id: outcome.info.id,
      suite: suite.name,
      status: outcome.info.status,
      tries,
      configurations: summaries.map((s) => ({
        config: s.config,
        graded: s.graded,
        pass_at: s.passes,
        pass_rate: s.passRate,
        ci95: [s.interval.low, s.interval.high],
        median_tokens: s.medianTokens,
        median_seconds: s.medianSeconds,
        edit_failures: s.editFailures,
        broken: s.broken,
        errors: s.errors,
        highest_level: s.highestLevel,
      })),
      comparisons: comparisons.map((c) => ({
        a: c.a,
        b: c.b,
        only_a: c.test.onlyA,
        only_b: c.test.onlyB,
        p_value: c.test.pValue,
        significant: c.test.significant,
        differing: c.differing.map((d) => d.task),
      })),
      curriculum: outcome.curriculum?.map((c) => ({ config: c.config, highest_cleared: c.highestCleared, levels: c.levels })) ?? null,
      skipped: suite.problems,
      results: outcome.results.map((r) => ({
        config: r.config,
        task: r.task,
        status: r.status,
        passed: r.passed,
        run_id: r.runId,
        tokens: r.promptTokens + r.completionTokens,
        wall_ms: Math.round(r.wallMs),
        error: r.error,
      })),
    });
  } else {
    out(`bench ${outcome.info.id} (suite ${tty(suite.name)})`);
    out(forTerminal(summaryTable(summaries, tries), process.stdout.isTTY));
    for (const comparison of comparisons) out(forTerminal(comparisonText(comparison), process.stdout.isTTY));
    for (const c of outcome.curriculum ?? [])
      out(
        forTerminal(
          `curriculum ${c.config}: highest level cleared ${c.highestCleared ?? 'none'} (${c.levels.map((l) => `L${l.level} ${Math.round(l.passRate * 100)}%`).join(', ')})`,
          process.stdout.isTTY,
        ),
      );
    out(`explain a task: oryon runs show RUN   report: oryon bench report ${outcome.info.id}`);
  }
  if (outcome.interrupted) {
    progress(`bench: interrupted; ${outcome.results.length} finished result(s) kept in bench run ${outcome.info.id}`);
    return ExitCode.interrupted;
  }
  return ExitCode.ok;
}
