// When a file is too large for the room left in the prompt, show the parts that matter
// (windows around lines that mention the words) instead of nothing. Lines are
// verbatim so SEARCH blocks can be copied from them; the gaps are marked, never hidden.
import { estimateTokens } from '../model/token-budget.js';

export interface Excerpt {
  text: string;
  /** 1-based inclusive line ranges shown. */
  ranges: Array<[number, number]>;
}

const WINDOW = 12;

export function excerpt(text: string, words: readonly string[], maxTokens: number): Excerpt | undefined {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  const scored: Array<{ index: number; score: number }> = [];
  lines.forEach((line, index) => {
    const lower = line.toLowerCase();
    let score = 0;
    for (const word of words) if (lower.includes(word)) score++;
    if (score) scored.push({ index, score });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  const centres = scored.length ? scored.map((entry) => entry.index) : [0];

  const chosen: Array<[number, number]> = [];
  let tokens = 0;
  for (const centre of centres) {
    const start = Math.max(0, centre - WINDOW);
    const end = Math.min(lines.length - 1, centre + WINDOW);
    if (chosen.some(([a, b]) => start >= a && end <= b)) continue;
    const cost = estimateTokens(lines.slice(start, end + 1).join('\n')) + 12;
    if (tokens + cost > maxTokens) {
      if (chosen.length) break;
      continue;
    }
    chosen.push([start, end]);
    tokens += cost;
  }
  if (chosen.length === 0) return undefined;
  const merged = mergeRanges(chosen);
  const parts: string[] = [];
  let cursor = 0;
  for (const [start, end] of merged) {
    if (start > cursor) parts.push(`⋮ (lines ${cursor + 1}-${start} not shown)`);
    parts.push(...lines.slice(start, end + 1));
    cursor = end + 1;
  }
  if (cursor < lines.length) parts.push(`⋮ (lines ${cursor + 1}-${lines.length} not shown)`);
  return { text: `${parts.join('\n')}\n`, ranges: merged.map(([start, end]) => [start + 1, end + 1]) };
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
