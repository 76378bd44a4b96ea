// SVG charts, hand-drawn (no chart library): pass rate with its 95% interval and tokens
// per configuration, and pass rate over the bench history. Every label is XML-escaped.
import type { ConfigSummary } from './summary.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const COLORS = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2'];
const fmt = (x: number): string => String(Math.round(x * 10) / 10);

/** Two panels side by side: pass rate (bars + CI whiskers) and median tokens per task. */
export function configurationChart(summaries: readonly ConfigSummary[]): string {
  const barWidth = 36;
  const gap = 24;
  const panelHeight = 180;
  const top = 30;
  // Room for the rotated configuration names under the first bars.
  const left = 70;
  const panelWidth = Math.max(160, summaries.length * (barWidth + gap) + gap);
  const width = left + panelWidth * 2 + 60;
  const height = top + panelHeight + 90;
  const maxTokens = Math.max(1, ...summaries.map((s) => s.medianTokens));
  const parts: string[] = [];
  const y = (fraction: number): number => top + panelHeight * (1 - fraction);
  for (const [panel, title] of ['pass rate (95% CI)', 'median tokens per task'].entries()) {
    const x0 = left + panel * (panelWidth + 40);
    parts.push(`<text x="${x0}" y="18" font-size="13" font-weight="bold">${escapeXml(title)}</text>`);
    parts.push(`<line x1="${x0}" y1="${y(0)}" x2="${x0 + panelWidth}" y2="${y(0)}" stroke="#333"/>`);
    parts.push(`<line x1="${x0}" y1="${y(0)}" x2="${x0}" y2="${y(1)}" stroke="#333"/>`);
    const topLabel = panel === 0 ? '100%' : String(Math.round(maxTokens));
    parts.push(
      `<text x="${x0 - 4}" y="${y(1) + 4}" font-size="10" text-anchor="end">${topLabel}</text><text x="${x0 - 4}" y="${y(0)}" font-size="10" text-anchor="end">0</text>`,
    );
    summaries.forEach((s, i) => {
      const x = x0 + gap + i * (barWidth + gap);
      const value = panel === 0 ? s.passRate : s.medianTokens / maxTokens;
      const color = COLORS[i % COLORS.length];
      parts.push(
        `<rect x="${x}" y="${fmt(y(value))}" width="${barWidth}" height="${fmt(panelHeight * value)}" fill="${color}"><title>${escapeXml(s.config)}</title></rect>`,
      );
      const label = panel === 0 ? `${Math.round(s.passRate * 100)}%` : String(Math.round(s.medianTokens));
      parts.push(`<text x="${x + barWidth / 2}" y="${fmt(y(value) - 4)}" font-size="10" text-anchor="middle">${label}</text>`);
      if (panel === 0) {
        const cx = x + barWidth / 2;
        parts.push(`<line class="ci" x1="${cx}" y1="${fmt(y(s.interval.low))}" x2="${cx}" y2="${fmt(y(s.interval.high))}" stroke="#000"/>`);
        for (const bound of [s.interval.low, s.interval.high])
          parts.push(`<line x1="${cx - 6}" y1="${fmt(y(bound))}" x2="${cx + 6}" y2="${fmt(y(bound))}" stroke="#000"/>`);
      }
      parts.push(
        `<text x="${x + barWidth / 2}" y="${top + panelHeight + 16}" font-size="10" text-anchor="end" transform="rotate(-25 ${x + barWidth / 2} ${top + panelHeight + 16})">${escapeXml(s.config)}</text>`,
      );
    });
  }
  return svg(width, height, parts);
}

export interface HistoryPoint {
  label: string;
  config: string;
  passRate: number;
}

/** Pass rate per configuration over bench runs (oldest left), one line per configuration. */
export function historyChart(points: readonly HistoryPoint[]): string {
  const runs = [...new Set(points.map((p) => p.label))];
  const configs = [...new Set(points.map((p) => p.config))];
  const left = 40;
  const top = 30;
  const plotWidth = Math.max(200, runs.length * 60);
  const plotHeight = 160;
  const width = left + plotWidth + 180;
  const height = top + plotHeight + 40;
  const x = (i: number): number => left + (runs.length === 1 ? plotWidth / 2 : (i * plotWidth) / (runs.length - 1));
  const y = (rate: number): number => top + plotHeight * (1 - rate);
  const parts = [
    `<text x="${left}" y="18" font-size="13" font-weight="bold">pass rate over history</text>`,
    `<line x1="${left}" y1="${y(0)}" x2="${left + plotWidth}" y2="${y(0)}" stroke="#333"/>`,
    `<line x1="${left}" y1="${y(0)}" x2="${left}" y2="${y(1)}" stroke="#333"/>`,
    `<text x="${left - 4}" y="${y(1) + 4}" font-size="10" text-anchor="end">100%</text><text x="${left - 4}" y="${y(0)}" font-size="10" text-anchor="end">0</text>`,
  ];
  runs.forEach((run, i) => parts.push(`<text x="${fmt(x(i))}" y="${top + plotHeight + 14}" font-size="9" text-anchor="middle">${escapeXml(run)}</text>`));
  configs.forEach((config, c) => {
    const color = COLORS[c % COLORS.length];
    const mine = runs.map((run, i) => ({ i, point: points.find((p) => p.label === run && p.config === config) })).filter((e) => e.point);
    const path = mine.map((e, k) => `${k ? 'L' : 'M'}${fmt(x(e.i))} ${fmt(y(e.point!.passRate))}`).join(' ');
    if (mine.length > 1) parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const e of mine)
      parts.push(
        `<circle cx="${fmt(x(e.i))}" cy="${fmt(y(e.point!.passRate))}" r="3" fill="${color}"><title>${escapeXml(`${config}: ${Math.round(e.point!.passRate * 100)}%`)}</title></circle>`,
      );
    parts.push(
      `<rect x="${left + plotWidth + 16}" y="${top + c * 16}" width="10" height="10" fill="${color}"/><text x="${left + plotWidth + 30}" y="${top + c * 16 + 9}" font-size="10">${escapeXml(config)}</text>`,
    );
  });
  return svg(width, height, parts);
}

function svg(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${parts.join('\n')}\n</svg>\n`;
}

/** A README badge of the pass rate (shields.io style: label left, value right, colour by rate). */
export function passRateBadge(passRate: number, label = 'oryon bench'): string {
  const value = `${Math.round(passRate * 100)}%`;
  const color = passRate >= 0.8 ? '#4c1' : passRate >= 0.6 ? '#97ca00' : passRate >= 0.4 ? '#dfb317' : '#e05d44';
  const labelWidth = 6 * label.length + 12;
  const valueWidth = 7 * value.length + 12;
  const width = labelWidth + valueWidth;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeXml(`${label}: ${value}`)}">
<title>${escapeXml(`${label}: ${value}`)}</title>
<rect width="${labelWidth}" height="20" fill="#555"/>
<rect x="${labelWidth}" width="${valueWidth}" height="20" fill="${color}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${labelWidth / 2}" y="14">${escapeXml(label)}</text>
<text x="${labelWidth + valueWidth / 2}" y="14">${value}</text>
</g>
</svg>
`;
}
