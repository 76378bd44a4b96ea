// One self-contained HTML page: the charts inline as SVG, the summary, the comparisons
// and every task result. No scripts, no external assets; all text escaped.
import { escapeXml } from './svg.js';
import type { Comparison, ConfigSummary } from './summary.js';
import type { BenchRunInfo, TaskResult } from './types.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export interface HtmlReport {
  runs: BenchRunInfo[];
  summaries: ConfigSummary[];
  comparisons: Comparison[];
  results: TaskResult[];
  charts: string[];
  tries: number;
}

export function renderHtml(report: HtmlReport): string {
  const e = escapeXml;
  const summaryRows = report.summaries
    .map(
      (s) =>
        `<tr><td>${e(s.config)}</td><td>${s.graded}</td>${s.passes.map((p) => `<td>${p} (${s.graded ? pct(p / s.graded) : '-'})</td>`).join('')}<td>${pct(s.interval.low)} – ${pct(s.interval.high)}</td><td>${Math.round(s.medianTokens)}</td><td>${s.medianSeconds.toFixed(1)}</td><td>${s.highestLevel ?? '-'}</td></tr>`,
    )
    .join('\n');
  const comparisons = report.comparisons
    .map(
      (c) =>
        `<p><b>${e(c.b)}</b> vs <b>${e(c.a)}</b>: ${c.test.onlyA} only ${e(c.a)}, ${c.test.onlyB} only ${e(c.b)}; exact McNemar p = ${c.test.pValue.toPrecision(3)} (${c.test.significant ? 'significant' : 'not significant'} at 0.05)${c.differing.length ? `; differ on ${c.differing.map((d) => e(d.task)).join(', ')}` : ''}</p>`,
    )
    .join('\n');
  const taskRows = report.results
    .map(
      (r) =>
        `<tr class="${r.status}"><td>${e(r.config)}</td><td>${e(r.task)}</td><td>${r.level}</td><td>${e(r.language)}</td><td>${e(r.status)}</td><td>${r.passed.map((p) => (p ? '✓' : '✗')).join(' ')}</td><td>${r.iterations}</td><td>${r.editFailures}</td><td>${r.promptTokens + r.completionTokens}</td><td>${(r.modelMs / 1000).toFixed(1)}</td><td>${(r.wallMs / 1000).toFixed(1)}</td><td><code>${e(r.runId ?? '')}</code></td><td>${e(r.error ?? '')}</td></tr>`,
    )
    .join('\n');
  const runList = report.runs
    .map((run) => `<li><code>${e(run.id)}</code> suite ${e(run.suite)}, ${new Date(run.startedAt).toISOString()}, ${e(run.status)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>oryon bench report</title>
<style>
body{font-family:sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin:12px 0}
td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:left}
th{background:#f2f2f2}
tr.passed td:nth-child(5){color:#1a7f37}
tr.failed td:nth-child(5),tr.error td:nth-child(5),tr.broken td:nth-child(5){color:#cf222e}
.charts svg{margin:8px 16px 8px 0;vertical-align:top}
</style></head>
<body>
<h1>oryon bench report</h1>
<ul>${runList}</ul>
<div class="charts">
${report.charts.join('\n')}
</div>
<h2>Configurations</h2>
<table><tr><th>configuration</th><th>tasks</th>${Array.from({ length: report.tries }, (_, k) => `<th>pass@${k + 1}</th>`).join('')}<th>95% CI</th><th>tokens/task</th><th>s/task</th><th>level cleared</th></tr>
${summaryRows}
</table>
${comparisons ? `<h2>Comparison</h2>\n${comparisons}` : ''}
<h2>Tasks</h2>
<table><tr><th>configuration</th><th>task</th><th>level</th><th>language</th><th>status</th><th>tries</th><th>iterations</th><th>edit fails</th><th>tokens</th><th>model s</th><th>wall s</th><th>run</th><th>note</th></tr>
${taskRows}
</table>
<p>Explain any task: <code>oryon runs show RUN</code></p>
</body></html>
`;
}
