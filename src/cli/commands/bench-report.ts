import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BadInputError, ExitCode } from '../../core/errors.js';
import { forTerminal } from '../../core/terminal/escape.js';
import { checkThresholds } from '../../core/task-bench/check.js';
import { renderHtml } from '../../core/task-bench/html.js';
import { BenchStore } from '../../core/task-bench/store.js';
import { compareAll, summarize } from '../../core/task-bench/summary.js';
import { configurationChart, historyChart, passRateBadge, type HistoryPoint } from '../../core/task-bench/svg.js';
import { comparisonText, summaryTable } from '../../core/task-bench/table.js';
import { loadThresholds } from '../../core/task-bench/thresholds.js';
import type { BenchRunInfo, TaskResult } from '../../core/task-bench/types.js';
import { findRepo, loadForRepo, type CommonOptions } from '../context.js';
import { out, printJson, progress } from '../output.js';

interface ReportFlags extends CommonOptions {
  html?: string;
  svg?: string;
  history: string;
}

interface CheckFlags extends CommonOptions {
  baseline?: string;
  thresholds?: string;
  badge?: string;
}

const tty = (text: string): string => forTerminal(text, process.stdout.isTTY);

function openStore(flags: CommonOptions): BenchStore {
  const { home } = loadForRepo({ ...flags, model: undefined }, undefined);
  return new BenchStore(home);
}

function maxTries(runs: readonly BenchRunInfo[]): number {
  return Math.max(1, ...runs.map((run) => run.tries));
}

/** Pass rate per configuration for the last `count` runs, oldest first. */
function historyPoints(store: BenchStore, count: number): HistoryPoint[] {
  const runs = store.runs(count).reverse();
  return runs.flatMap((run) =>
    summarize(store.results(run.id), run.tries).map((s) => ({ label: `${run.id.slice(0, 8)}`, config: s.config, passRate: s.passRate })),
  );
}

function write(file: string, text: string): void {
  writeFileSync(path.resolve(file), text);
  progress(`bench: wrote ${file}`);
}

export async function benchReportCommand(ids: string[], _options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<ReportFlags>();
  const historyCount = Number(flags.history);
  if (!Number.isInteger(historyCount) || historyCount < 1) throw new BadInputError(`--history: expected a positive integer, got "${flags.history}"`);
  const store = openStore(flags);
  try {
    const runs = ids.length ? ids.map((id) => store.run(id)) : [store.run('latest')];
    const results: TaskResult[] = runs.flatMap((run) =>
      // Several runs: a configuration is named by its run too, so the same model in two runs compares side by side.
      store.results(run.id).map((r) => (runs.length > 1 ? { ...r, config: `${r.config}@${run.id.slice(0, 8)}` } : r)),
    );
    const tries = maxTries(runs);
    const summaries = summarize(results, tries);
    const configs = [...new Set(results.map((r) => r.config))];
    const comparisons = compareAll(results, configs);
    const chart = configurationChart(summaries);
    const history = historyChart(historyPoints(store, historyCount));
    if (flags.svg) write(flags.svg, chart);
    if (flags.html) write(flags.html, renderHtml({ runs, summaries, comparisons, results, charts: [chart, history], tries }));
    if (flags.json) {
      printJson({ runs: runs.map((r) => r.id), configurations: summaries, comparisons });
      return ExitCode.ok;
    }
    for (const run of runs) out(`bench ${run.id}: suite ${tty(run.suite)}, ${new Date(run.startedAt).toISOString()}, ${run.status}`);
    out(tty(summaryTable(summaries, tries)));
    for (const comparison of comparisons) out(tty(comparisonText(comparison)));
    const failing = results.filter((r) => r.status !== 'passed');
    if (failing.length) {
      out('not passed:');
      for (const r of failing)
        out(tty(`  ${r.config} ${r.task}: ${r.status}${r.runId ? ` (oryon runs show ${r.runId})` : ''}${r.error ? ` — ${r.error}` : ''}`));
    }
    return ExitCode.ok;
  } finally {
    store.close();
  }
}

export async function benchCheckCommand(_options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CheckFlags>();
  const root = findRepo(flags) ?? process.cwd();
  const { thresholds, file } = loadThresholds(root, flags.thresholds);
  const store = openStore(flags);
  try {
    const latest = store.run('latest');
    const summaries = summarize(store.results(latest.id), latest.tries, thresholds.curriculum.min_pass_rate);
    let baseline;
    if (flags.baseline) {
      const base = store.run(flags.baseline);
      baseline = summarize(store.results(base.id), base.tries);
    }
    const breaches = checkThresholds(latest.suite, summaries, thresholds, baseline);
    if (flags.badge) {
      const graded = summaries.reduce((sum, s) => sum + s.graded, 0);
      const passed = summaries.reduce((sum, s) => sum + s.passRate * s.graded, 0);
      write(flags.badge, passRateBadge(graded ? passed / graded : 0));
    }
    if (flags.json) printJson({ bench_id: latest.id, suite: latest.suite, thresholds: file, passed: breaches.length === 0, breaches });
    else {
      out(`bench ${latest.id} (suite ${tty(latest.suite)}) against ${file ?? 'no thresholds file'}${flags.baseline ? ` and baseline ${flags.baseline}` : ''}`);
      if (!breaches.length) out('ok: every threshold holds');
      for (const breach of breaches) out(tty(`broken: ${breach.config}: ${breach.what}`));
    }
    return breaches.length ? ExitCode.notDone : ExitCode.ok;
  } finally {
    store.close();
  }
}
