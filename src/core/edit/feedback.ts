import type { BlockResult, ParseError } from './types.js';

// What goes back to the model when an edit fails. Small models fix what they can see:
// the block number, the reason in one line, and the real lines of the file with line
// numbers — kept short for a small context window.

const MAX_WINDOW = 12;
const MAX_LINE = 160;
/** About 1,500 tokens: past it, failed blocks get their one-line reason only. */
const MAX_FEEDBACK = 6000;

const clip = (line: string): string => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);

/** The 0-based start of the file window most like `search`, or undefined for an empty file. */
export function closestStart(file: readonly string[], search: readonly string[]): number | undefined {
  if (file.length === 0) return undefined;
  const wanted = search.map((l) => l.trim());
  // Lines that appear verbatim (ignoring indentation) vote for where the block starts.
  const where = new Map<string, number[]>();
  for (let i = 0; i < file.length; i++) {
    const key = file[i]!.trim();
    if (key === '') continue;
    const list = where.get(key);
    if (list) list.push(i);
    else where.set(key, [i]);
  }
  const votes = new Map<number, number>();
  wanted.forEach((line, j) => {
    if (line === '') return;
    for (const i of where.get(line) ?? []) votes.set(i - j, (votes.get(i - j) ?? 0) + 1);
  });
  let best: number | undefined;
  let bestVotes = 0;
  for (const [start, count] of votes) {
    if (count > bestVotes || (count === bestVotes && best !== undefined && start < best)) {
      best = start;
      bestVotes = count;
    }
  }
  if (best !== undefined) return Math.max(0, Math.min(best, file.length - 1));
  return fuzzyStart(file, wanted);
}

/** No line matches verbatim: score windows by character-bigram likeness. */
function fuzzyStart(file: readonly string[], wanted: readonly string[]): number {
  const probe = wanted
    .map((l, j) => [l, j] as const)
    .filter(([l]) => l !== '')
    .slice(0, 8);
  if (probe.length === 0) return 0;
  const grams = file.map((l) => bigrams(l.trim()));
  const probeGrams = probe.map(([l]) => bigrams(l));
  let best = 0;
  let bestScore = -1;
  for (let p = 0; p < file.length; p++) {
    let score = 0;
    probe.forEach(([, j], k) => {
      const line = grams[p + j];
      if (line) score += dice(line, probeGrams[k]!);
    });
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

function bigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) set.add(text.slice(i, i + 2));
  return set;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size + b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Lines [from, to) of the file, numbered from 1. */
export function numbered(file: readonly string[], from: number, to: number): string {
  const width = String(to).length;
  const out: string[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, file.length); i++) {
    out.push(`${String(i + 1).padStart(width)} | ${clip(file[i]!)}`);
  }
  return out.join('\n');
}

/** Why SEARCH was not found: the closest window and the first line that differs. */
export function notFoundMessage(path: string, file: readonly string[], search: readonly string[]): string {
  const start = closestStart(file, search);
  if (start === undefined) return `the SEARCH lines are not in ${path}: the file is empty; use an empty SEARCH to write its content`;
  const span = Math.min(Math.max(search.length, 3), MAX_WINDOW);
  const from = Math.max(0, Math.min(start - (search.length < 3 ? 1 : 0), file.length - span));
  const to = Math.min(file.length, from + span);
  const where = to - from === 1 ? `line ${to}` : `lines ${from + 1}-${to}`;
  const lines = [`the SEARCH lines are not in ${path}. The closest is ${where}:`, numbered(file, from, to)];
  const difference = firstDifference(file, search, start);
  if (difference) lines.push(difference);
  lines.push('Copy the SEARCH lines exactly from the file, with the same indentation.');
  return lines.join('\n');
}

function firstDifference(file: readonly string[], search: readonly string[], start: number): string | undefined {
  for (let j = 0; j < search.length; j++) {
    const actual = file[start + j];
    if (actual === undefined) return `Your SEARCH runs past the end of the file (it has ${file.length} lines).`;
    if (actual !== search[j]) {
      const what = actual.trim() === search[j]!.trim() ? ' (only the whitespace differs)' : '';
      return `First difference${what}: your SEARCH line ${j + 1} is "${clip(search[j]!)}" but file line ${start + j + 1} is "${clip(actual)}".`;
    }
  }
  return undefined;
}

export function ambiguousMessage(path: string, starts: readonly number[], length: number, tolerance: string): string {
  const places = starts
    .slice(0, 8)
    .map((s) => (length > 1 ? `${s + 1}-${s + length}` : `${s + 1}`))
    .join(', ');
  const how = tolerance === 'exact' ? '' : ` (ignoring ${tolerance.replace('-', ' ')})`;
  return `the SEARCH lines match ${starts.length} places in ${path}${how}: lines ${places}. Add more of the surrounding lines to SEARCH so it matches exactly one place.`;
}

const FORMAT = [
  "Write each change as (with the file's real path in place of example/path/file.ext):",
  'example/path/file.ext',
  '<<<<<<< SEARCH',
  'exact lines from the file',
  '=======',
  'the new lines',
  '>>>>>>> REPLACE',
].join('\n');

export function composeFeedback(blocks: readonly BlockResult[], parseErrors: readonly ParseError[], total: number): string {
  if (total === 0 && parseErrors.length === 0) return `Your reply contained no edit blocks, so nothing was changed. ${FORMAT}`;
  const failed = blocks.filter((b) => b.status === 'failed' || b.status === 'denied');
  const parts = [`${failed.length + parseErrors.length} of ${total} edit blocks failed, so nothing was changed. Fix them and send all the blocks again.`];
  const entries: Array<{ index: number; text: string }> = [
    ...failed.map((b) => ({ index: b.index, text: `Block ${b.index} (${b.path}): ${b.message ?? b.status}` })),
    ...parseErrors.map((e) => ({ index: e.index, text: `Block ${e.index} (line ${e.line} of your reply) is malformed: ${e.message}.` })),
  ];
  entries.sort((a, b) => a.index - b.index);
  // Every block keeps its reason line; the details (file windows) go in while they fit.
  const reasons = entries.map((e) => e.text.split('\n')[0]!.replace(/:$/, '.'));
  let spare = MAX_FEEDBACK - parts[0]!.length - (parseErrors.length > 0 ? FORMAT.length + 2 : 0);
  spare -= reasons.reduce((n, r) => n + r.length + 2, 0);
  entries.forEach((entry, i) => {
    const extra = entry.text.length - reasons[i]!.length;
    const full = extra <= spare;
    if (full) spare -= extra;
    parts.push('', full ? entry.text : reasons[i]!);
  });
  if (parseErrors.length > 0) parts.push('', FORMAT);
  return parts.join('\n');
}
