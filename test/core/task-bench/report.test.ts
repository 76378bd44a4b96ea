import { describe, expect, it } from 'vitest';
import { checkThresholds } from '../../../src/core/task-bench/check.js';
import { renderHtml } from '../../../src/core/task-bench/html.js';
import { compare, highestLevelCleared, summarize } from '../../../src/core/task-bench/summary.js';
import { configurationChart, historyChart, passRateBadge } from '../../../src/core/task-bench/svg.js';
import { loadThresholds } from '../../../src/core/task-bench/thresholds.js';
import type { TaskResult } from '../../../src/core/task-bench/types.js';
import { tempDir, writeFile } from '../../helpers/git-repo.js';

function result(config: string, task: string, passed: boolean[], extra: Partial<TaskResult> = {}): TaskResult {
  return {
    benchId: 'b1',
    suite: 'datasets',
    config,
    model: config,
    editFormat: 'auto',
    task,
    level: 1,
    language: 'python',
    repeat: 0,
    status: passed.some(Boolean) ? 'passed' : 'failed',
    passed,
    iterations: passed.length,
    editFailures: 0,
    promptTokens: 100,
    completionTokens: 20,
    modelMs: 500,
    testMs: 200,
    checkMs: 100,
    fixMs: 1500,
    wallMs: 2000,
    runId: `run-${task}`,
    seed: 1,
    temperature: 0,
    error: null,
    finishedAt: 0,
    ...extra,
  };
}

const results: TaskResult[] = [
  result('A', 't1', [true, true]),
  result('A', 't2', [false, true]),
  result('A', 't3', [true, true]),
  result('A', 't4', [false, false]),
  result('B', 't1', [true, true], { promptTokens: 300 }),
  result('B', 't2', [false, false]),
  result('B', 't3', [false, false]),
  result('B', 't4', [false, false]),
  result('B', 'broken', [false, false], { status: 'broken' }),
];

describe('summarize and compare', () => {
  it('counts pass@1 and pass@2 over graded tasks only, with the interval and medians', () => {
    const [a, b] = summarize(results, 2);
    expect(a).toMatchObject({ config: 'A', graded: 4, passes: [2, 3], passRate: 0.75, medianTokens: 120, medianSeconds: 2, broken: 0 });
    expect(b).toMatchObject({ config: 'B', graded: 4, passes: [1, 1], passRate: 0.25, broken: 1 });
    expect(a!.interval.low).toBeLessThan(0.75);
    expect(a!.interval.high).toBeGreaterThan(0.75);
  });

  it('pairs the same tasks and names those that differ', () => {
    const comparison = compare(results, 'A', 'B');
    expect(comparison.test).toMatchObject({ onlyA: 2, onlyB: 0 });
    expect(comparison.test.pValue).toBeCloseTo(0.5, 10);
    expect(comparison.differing).toEqual([
      { task: 't2', a: true, b: false },
      { task: 't3', a: true, b: false },
    ]);
  });

  it('finds the highest level cleared in order', () => {
    const levelled = [
      result('A', 'l1', [true], { level: 1 }),
      result('A', 'l2a', [true], { level: 2 }),
      result('A', 'l2b', [false], { level: 2 }),
      result('A', 'l3', [true], { level: 3 }),
    ];
    expect(highestLevelCleared(levelled, 0.5)).toBe(3);
    expect(highestLevelCleared(levelled, 0.6)).toBe(1);
    expect(highestLevelCleared([result('A', 'x', [false])], 0.5)).toBeNull();
  });
});

describe('thresholds and check', () => {
  it('loads bench/thresholds.yaml, else .oryon/bench.yaml, else defaults', () => {
    const root = tempDir();
    expect(loadThresholds(root)).toMatchObject({ file: null, thresholds: { baseline_margin: 0.05, curriculum: { min_pass_rate: 0.5 } } });
    writeFile(root, '.oryon/bench.yaml', 'suites:\n  datasets:\n    min_pass_rate: 0.5\n');
    expect(loadThresholds(root).file).toMatch(/\.oryon\/bench\.yaml$/);
    writeFile(root, 'bench/thresholds.yaml', 'suites:\n  datasets:\n    min_pass_rate: 0.8\n');
    expect(loadThresholds(root).thresholds.suites.datasets!.min_pass_rate).toBe(0.8);
  });

  it('names the file and key of a bad threshold', () => {
    const root = tempDir();
    writeFile(root, 'bench/thresholds.yaml', 'suites:\n  datasets:\n    min_pass_rate: 80\n');
    expect(() => loadThresholds(root)).toThrow(/bench\/thresholds\.yaml: suites\.datasets\.min_pass_rate: expected a rate between 0 and 1/);
    writeFile(root, 'bench/thresholds.yaml', 'suites:\n  datasets:\n    min_pass: 0.8\n');
    expect(() => loadThresholds(root)).toThrow(/suites\.datasets/);
  });

  it('names each broken threshold and a fall below the baseline', () => {
    const summaries = summarize(results, 2);
    const { thresholds } = loadThresholds(tempDir());
    thresholds.suites.datasets = { min_pass_rate: 0.5, max_tokens_per_task: 110, max_seconds_per_task: 1 };
    const breaches = checkThresholds('datasets', summaries, thresholds);
    expect(breaches.map((b) => `${b.config}: ${b.what}`)).toEqual([
      'A: median tokens per task 120 is over max_tokens_per_task 110 (suite datasets)',
      'A: median time per task 2.0s is over max_seconds_per_task 1s (suite datasets)',
      'B: pass rate 25.0% is under min_pass_rate 50.0% (suite datasets)',
      'B: median tokens per task 120 is over max_tokens_per_task 110 (suite datasets)',
      'B: median time per task 2.0s is over max_seconds_per_task 1s (suite datasets)',
    ]);
    thresholds.suites = {};
    const baseline = summarize(
      results.map((r) => ({ ...r, status: 'passed' as const, passed: [true, true] })),
      2,
    );
    expect(checkThresholds('datasets', summaries, thresholds, baseline).map((b) => b.what)).toEqual([
      "pass rate 75.0% fell below the baseline's 100.0% by more than the margin 5.0%",
      "pass rate 25.0% fell below the baseline's 100.0% by more than the margin 5.0%",
    ]);
    expect(checkThresholds('datasets', summaries, thresholds, summaries)).toEqual([]);
  });
});

describe('charts, badge and HTML', () => {
  it('draws bars and CI whiskers per configuration, escaping names', () => {
    const summaries = summarize([...results, result('<b>&"x', 't1', [true])], 2);
    const svg = configurationChart(summaries);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/class="ci"/g)).toHaveLength(3);
    expect(svg).toContain('&lt;b&gt;&amp;&quot;x');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('75%');
  });

  it('draws history as one line per configuration', () => {
    const svg = historyChart([
      { label: 'r1', config: 'A', passRate: 0.5 },
      { label: 'r2', config: 'A', passRate: 0.75 },
      { label: 'r2', config: 'B', passRate: 0.25 },
    ]);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });

  it('colours the badge by pass rate', () => {
    expect(passRateBadge(0.92)).toContain('>92%<');
    expect(passRateBadge(0.92)).toContain('#4c1');
    expect(passRateBadge(0.3)).toContain('#e05d44');
  });

  it('writes one page without scripts or external assets, every task escaped', () => {
    const hostile = result('A', '<img src=x onerror=alert(1)>', [false], { error: '</td><script>alert(1)</script>' });
    const page = renderHtml({ runs: [], summaries: summarize([hostile], 1), comparisons: [], results: [hostile], charts: ['<svg></svg>'], tries: 1 });
    expect(page).not.toMatch(/<script|<img/);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('<svg></svg>');
  });
});
