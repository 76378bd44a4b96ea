// Plain-text tables for the terminal: side-by-side configurations and their comparison.
import type { Comparison, ConfigSummary } from './summary.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function renderTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function summaryTable(summaries: readonly ConfigSummary[], tries: number): string {
  const header = [
    'configuration',
    'tasks',
    ...Array.from({ length: tries }, (_, k) => `pass@${k + 1}`),
    '95% CI',
    'tokens/task',
    's/task',
    'edit fails',
    'level',
  ];
  const rows = summaries.map((s) => [
    s.config,
    String(s.graded),
    ...s.passes.map((p) => `${p}/${s.graded} ${s.graded ? pct(p / s.graded) : '-'}`),
    `${pct(s.interval.low)}–${pct(s.interval.high)}`,
    String(Math.round(s.medianTokens)),
    s.medianSeconds.toFixed(1),
    String(s.editFailures),
    s.highestLevel === null ? '-' : String(s.highestLevel),
  ]);
  return renderTable([header, ...rows]);
}

export function comparisonText(comparison: Comparison): string {
  const { test } = comparison;
  const verdict = test.significant ? 'significant' : 'not significant';
  const lines = [
    `${comparison.b} vs ${comparison.a}: ${test.onlyA} task(s) only ${comparison.a} passed, ${test.onlyB} only ${comparison.b} passed; exact McNemar p = ${test.pValue.toPrecision(3)} (${verdict} at 0.05)`,
  ];
  for (const diff of comparison.differing)
    lines.push(`  ${diff.task}: ${comparison.a} ${diff.a ? 'pass' : 'fail'}, ${comparison.b} ${diff.b ? 'pass' : 'fail'}`);
  return lines.join('\n');
}
