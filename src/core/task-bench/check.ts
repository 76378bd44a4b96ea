// `oryon bench check`: the latest results against the suite's thresholds and, when
// given, a baseline run. Pure: summaries in, named breaches out.
import type { ConfigSummary } from './summary.js';
import type { Thresholds } from './thresholds.js';

export interface Breach {
  config: string;
  what: string;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function checkThresholds(suite: string, summaries: readonly ConfigSummary[], thresholds: Thresholds, baseline?: readonly ConfigSummary[]): Breach[] {
  const limits = thresholds.suites[suite] ?? {};
  const breaches: Breach[] = [];
  for (const s of summaries) {
    if (s.graded === 0) {
      breaches.push({ config: s.config, what: 'no task was graded (all broken, errored or interrupted)' });
      continue;
    }
    if (limits.min_pass_rate !== undefined && s.passRate < limits.min_pass_rate) {
      breaches.push({ config: s.config, what: `pass rate ${pct(s.passRate)} is under min_pass_rate ${pct(limits.min_pass_rate)} (suite ${suite})` });
    }
    if (limits.max_tokens_per_task !== undefined && s.medianTokens > limits.max_tokens_per_task) {
      breaches.push({
        config: s.config,
        what: `median tokens per task ${Math.round(s.medianTokens)} is over max_tokens_per_task ${limits.max_tokens_per_task} (suite ${suite})`,
      });
    }
    if (limits.max_seconds_per_task !== undefined && s.medianSeconds > limits.max_seconds_per_task) {
      breaches.push({
        config: s.config,
        what: `median time per task ${s.medianSeconds.toFixed(1)}s is over max_seconds_per_task ${limits.max_seconds_per_task}s (suite ${suite})`,
      });
    }
    const base = baseline?.find((b) => b.config === s.config) ?? (baseline?.length === 1 ? baseline[0] : undefined);
    if (base && s.passRate < base.passRate - thresholds.baseline_margin) {
      breaches.push({
        config: s.config,
        what: `pass rate ${pct(s.passRate)} fell below the baseline's ${pct(base.passRate)} by more than the margin ${pct(thresholds.baseline_margin)}`,
      });
    }
  }
  return breaches;
}
