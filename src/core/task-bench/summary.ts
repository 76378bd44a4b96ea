// From task results to what tables, charts and checks show: per configuration pass@k
// with a Wilson interval, median tokens and time; and, between two configurations,
// the tasks where they differ and an exact McNemar test on the paired outcomes.
import { median, pairedTest, wilsonInterval, type Interval, type McNemarResult } from './stats.js';
import type { TaskResult } from './types.js';

export interface ConfigSummary {
  config: string;
  /** Graded results (passed or failed): broken tasks and errors are not counted. */
  graded: number;
  /** passes[k]: tasks passed by try k+1. */
  passes: number[];
  /** pass rate at the last try, with its 95% interval. */
  passRate: number;
  interval: Interval;
  medianTokens: number;
  medianSeconds: number;
  medianModelSeconds: number;
  editFailures: number;
  errors: number;
  broken: number;
  /** Highest level cleared in order (each level's pass rate at least the minimum). */
  highestLevel: number | null;
}

export interface Comparison {
  a: string;
  b: string;
  test: McNemarResult;
  /** Tasks (task#repeat) with a different final outcome. */
  differing: Array<{ task: string; a: boolean; b: boolean }>;
}

const isGraded = (r: TaskResult): boolean => r.status === 'passed' || r.status === 'failed';
const finalPass = (r: TaskResult): boolean => r.status === 'passed';

/** Levels in order; the highest one reached before the first whose pass rate is under min. */
export function highestLevelCleared(results: readonly TaskResult[], minPassRate: number): number | null {
  const levels = [...new Set(results.filter(isGraded).map((r) => r.level))].sort((a, b) => a - b);
  let highest: number | null = null;
  for (const level of levels) {
    const at = results.filter((r) => isGraded(r) && r.level === level);
    if (at.filter(finalPass).length / at.length < minPassRate) break;
    highest = level;
  }
  return highest;
}

export function summarize(results: readonly TaskResult[], tries: number, minPassRate = 0.5): ConfigSummary[] {
  const configs = [...new Set(results.map((r) => r.config))];
  return configs.map((config) => {
    const mine = results.filter((r) => r.config === config);
    const graded = mine.filter(isGraded);
    const passes = Array.from({ length: tries }, (_, k) => graded.filter((r) => r.passed[k] ?? r.passed[r.passed.length - 1] ?? false).length);
    const final = graded.filter(finalPass).length;
    return {
      config,
      graded: graded.length,
      passes,
      passRate: graded.length ? final / graded.length : 0,
      interval: wilsonInterval(final, graded.length),
      medianTokens: median(graded.map((r) => r.promptTokens + r.completionTokens)),
      medianSeconds: median(graded.map((r) => r.wallMs / 1000)),
      medianModelSeconds: median(graded.map((r) => r.modelMs / 1000)),
      editFailures: graded.reduce((sum, r) => sum + r.editFailures, 0),
      errors: mine.filter((r) => r.status === 'error').length,
      broken: mine.filter((r) => r.status === 'broken').length,
      highestLevel: highestLevelCleared(mine, minPassRate),
    };
  });
}

/** Pair the same task (and repeat) under a and b; only tasks graded under both count. */
export function compare(results: readonly TaskResult[], a: string, b: string): Comparison {
  const key = (r: TaskResult): string => `${r.task}#${r.repeat}`;
  const underB = new Map(results.filter((r) => r.config === b && isGraded(r)).map((r) => [key(r), r]));
  const pairs: Array<readonly [boolean, boolean]> = [];
  const differing: Comparison['differing'] = [];
  for (const ra of results.filter((r) => r.config === a && isGraded(r))) {
    const rb = underB.get(key(ra));
    if (!rb) continue;
    pairs.push([finalPass(ra), finalPass(rb)]);
    if (finalPass(ra) !== finalPass(rb)) differing.push({ task: ra.repeat ? key(ra) : ra.task, a: finalPass(ra), b: finalPass(rb) });
  }
  return { a, b, test: pairedTest(pairs), differing };
}

/** Every configuration against the first (the baseline of a side-by-side run). */
export function compareAll(results: readonly TaskResult[], configs: readonly string[]): Comparison[] {
  return configs.slice(1).map((other) => compare(results, configs[0]!, other));
}
