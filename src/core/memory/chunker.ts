import { createHash } from 'node:crypto';
import type { NodeRange } from './ast-grep-ranges.js';

export interface Chunk {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  kind: 'declaration' | 'window';
  content: string;
  /** Content hash: equal chunks (a moved function, a renamed file) keep their vectors. */
  hash: string;
}

export interface ChunkOptions {
  /** Declarations longer than this are split at their inner declarations, else into windows. */
  maxDeclarationLines: number;
  windowLines: number;
  overlapLines: number;
}

export const DEFAULT_CHUNKING: ChunkOptions = { maxDeclarationLines: 150, windowLines: 60, overlapLines: 10 };

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

// Comments and decorators directly above a declaration belong to it.
const LEADING = /^\s*(\/\/|\/\*|\*|#|@|"""|''')/;
const HAS_WORD = /[A-Za-z0-9]/;
const SMALL_GAP_LINES = 3;

/**
 * Splits a file along its declarations (when `ranges` come from ast-grep) and covers
 * everything else — imports, top-level statements, unsupported languages — with
 * overlapping line windows. Blank and punctuation-only stretches produce no chunk.
 */
export function chunkText(text: string, ranges: NodeRange[] | undefined, options: ChunkOptions = DEFAULT_CHUNKING): Chunk[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const spans: Array<{ start: number; end: number; kind: Chunk['kind'] }> = [];
  const sorted = (ranges ?? [])
    .filter((r) => r.start >= 0 && r.end >= r.start && r.start < lines.length)
    .map((r) => ({ start: r.start, end: Math.min(r.end, lines.length - 1) }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  cover(lines, sorted, 0, lines.length - 1, options, spans);
  const chunks: Chunk[] = [];
  for (const span of spans) {
    const content = lines.slice(span.start, span.end + 1).join('\n');
    if (!HAS_WORD.test(content)) continue;
    chunks.push({ startLine: span.start + 1, endLine: span.end + 1, kind: span.kind, content, hash: contentHash(content) });
  }
  return chunks;
}

/** Cover lines lo..hi: declarations as chunks, the gaps between them as windows. */
function cover(
  lines: string[],
  ranges: NodeRange[],
  lo: number,
  hi: number,
  options: ChunkOptions,
  out: Array<{ start: number; end: number; kind: Chunk['kind'] }>,
): void {
  let cursor = lo;
  let i = 0;
  while (i < ranges.length) {
    const range = ranges[i]!;
    // Everything nested in this range (ranges are sorted by start, outermost first).
    let j = i + 1;
    while (j < ranges.length && ranges[j]!.start <= range.end) j++;
    const inner = ranges.slice(i + 1, j).filter((r) => r.end <= range.end);
    let start = range.start;
    while (start > cursor && LEADING.test(lines[start - 1]!)) start--;
    // A stray line or two between declarations (a constant, an import) joins the next
    // declaration rather than becoming a chunk too small to mean anything.
    const gap = lines.slice(cursor, start).filter((line) => line.trim() !== '').length;
    if (gap > 0 && gap <= SMALL_GAP_LINES) {
      while (lines[cursor]!.trim() === '') cursor++;
      start = cursor;
    }
    windows(lines, cursor, start - 1, options, out);
    const size = range.end - start + 1;
    if (size <= options.maxDeclarationLines) {
      out.push({ start, end: range.end, kind: 'declaration' });
    } else if (inner.length > 0) {
      cover(lines, inner, start, range.end, options, out);
    } else {
      windows(lines, start, range.end, options, out);
    }
    cursor = range.end + 1;
    i = j;
  }
  windows(lines, cursor, hi, options, out);
}

function windows(lines: string[], from: number, to: number, options: ChunkOptions, out: Array<{ start: number; end: number; kind: Chunk['kind'] }>): void {
  let start = from;
  let end = to;
  while (start <= end && lines[start]!.trim() === '') start++;
  while (end >= start && lines[end]!.trim() === '') end--;
  if (start > end) return;
  const step = Math.max(1, options.windowLines - options.overlapLines);
  for (let s = start; ; s += step) {
    const e = Math.min(end, s + options.windowLines - 1);
    out.push({ start: s, end: e, kind: 'window' });
    if (e >= end) break;
  }
}
