import {
  ANY_UPDATED,
  DIVIDER,
  HEAD,
  UPDATED,
  closesFence,
  dedent,
  isPartialMarker,
  parseFence,
  pathFromFenceInfo,
  pathFromLine,
  type Fence,
} from './markers.js';
import { blankThinking } from './think.js';
import type { EditBlock, ParseError } from './types.js';

// Reads SEARCH/REPLACE and whole-file blocks out of free model text. Everything between
// a SEARCH marker and its REPLACE marker is content (fences included), so only `=======`
// lines inside a block need structural judgement (see chooseDivider).

export interface ParsedEdits {
  blocks: EditBlock[];
  errors: ParseError[];
}

const joinLines = (lines: readonly string[]): string => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);

export interface ParseOptions {
  /** The repo's files without an extension (paths and base names), so `Makefile`-like lines are paths. */
  bareNames?: ReadonlySet<string>;
}

export function parseEditBlocks(text: string, options: ParseOptions = {}): ParsedEdits {
  const lines = blankThinking(text.replace(/\r\n?/g, '\n')).split('\n');
  return new Parser(lines, options.bareNames ?? new Set()).run();
}

class Parser {
  private readonly blocks: EditBlock[] = [];
  private readonly errors: ParseError[] = [];
  private ordinal = 0;
  private lastPath: string | undefined;
  /** Lines at or before this index belong to an earlier block; path look-back stops there. */
  private consumed = -1;

  constructor(
    private readonly lines: string[],
    private readonly bareNames: ReadonlySet<string>,
  ) {}

  run(): ParsedEdits {
    let i = 0;
    while (i < this.lines.length) {
      const line = this.lines[i]!;
      if (HEAD.test(line)) {
        i = this.searchReplace(i);
        continue;
      }
      if (ANY_UPDATED.test(line)) {
        // A REPLACE marker with no block open: the model dropped the SEARCH line.
        this.error(++this.ordinal, i + 1, 'a >>>>>>> REPLACE line with no <<<<<<< SEARCH line before it');
        this.consumed = i;
        i++;
        continue;
      }
      const fence = parseFence(line);
      if (fence) {
        i = this.fenced(i, fence);
        continue;
      }
      i++;
    }
    this.cutOffTail();
    return { blocks: this.blocks, errors: this.errors };
  }

  /** A reply that stops on a partial marker or fence line was cut off as a block began. */
  private cutOffTail(): void {
    let k = this.lines.length - 1;
    while (k > this.consumed && this.lines[k]!.trim() === '') k--;
    if (k <= this.consumed || !isPartialMarker(this.lines[k]!)) return;
    this.error(++this.ordinal, k + 1, `cut off: the reply ends with "${this.lines[k]!.trim()}" before the block is written`);
  }

  /** Parses the block whose SEARCH marker is at `head`; returns where to continue. */
  private searchReplace(head: number): number {
    const index = ++this.ordinal;
    const line = head + 1;
    const path = this.pathBefore(head) ?? this.lastPath;
    // A block indented under a list item: its lines lose the marker's indent.
    const indent = this.lines[head]!.length - this.lines[head]!.trimStart().length;
    const at = (k: number): string => dedent(this.lines[k]!, indent);
    const dividers: number[] = [];
    let end = head + 1;
    for (; end < this.lines.length; end++) {
      const current = at(end);
      if (UPDATED.test(current)) break;
      if (HEAD.test(current)) {
        this.error(index, line, `no >>>>>>> REPLACE line before the next <<<<<<< SEARCH at line ${end + 1}`);
        // The lines just before the next block (its path) still belong to it.
        this.consumed = head;
        return end;
      }
      if (DIVIDER.test(current)) dividers.push(end);
    }
    if (end >= this.lines.length) {
      this.error(index, line, 'cut off: the reply ends before the >>>>>>> REPLACE line');
      this.consumed = this.lines.length - 1;
      return this.lines.length;
    }
    // The fence that closes a fenced block is not the start of a new one.
    const after = this.lines[end + 1];
    const next = after !== undefined && parseFence(after)?.info === '' ? end + 2 : end + 1;
    this.consumed = next - 1;
    const divider = chooseDivider(this.lines, dividers);
    if (typeof divider === 'string') {
      this.error(index, line, divider);
      return next;
    }
    if (path === undefined) {
      this.error(index, line, 'no file path: put the path alone on the line before <<<<<<< SEARCH');
      return next;
    }
    this.lastPath = path;
    const section = (from: number, to: number): string => joinLines(this.lines.slice(from, to).map((_, k) => at(from + k)));
    const split = (divider: number) => ({ search: section(head + 1, divider), replace: section(divider + 1, end) });
    const block: EditBlock = { index, path, kind: 'search-replace', ...split(divider), line };
    if (dividers.length > 1) block.readings = [...dividers].reverse().map(split);
    this.blocks.push(block);
    return next;
  }

  /** A fence outside any block: a whole-file block when a path precedes it, else prose code. */
  private fenced(open: number, fence: Fence): number {
    const close = findClose(this.lines, open, fence);
    const bodyEnd = close ?? this.lines.length;
    for (let k = open + 1; k < bodyEnd; k++) {
      // SEARCH/REPLACE blocks inside the fence are parsed by the main loop; so is a stray
      // REPLACE marker, which must never be written into a file as whole-file content.
      if (HEAD.test(this.lines[k]!) || ANY_UPDATED.test(this.lines[k]!)) return open + 1;
    }
    // Only a line holding nothing but a path makes a fence a whole-file block: prose
    // such as "In `app.py` the function is:" followed by a snippet must not replace app.py.
    const path = this.pathBefore(open, false);
    // A bare fence at the end is a stray closer; one with a language tag (or a partial
    // marker after it) was opening a block when the reply stopped.
    const body = this.lines.slice(open + 1);
    const opening = fence.info !== '' || body.some((l) => l.trim() !== '');
    if (path === undefined && close === undefined && opening && body.every((l) => l.trim() === '' || isPartialMarker(l))) {
      this.error(++this.ordinal, open + 1, 'cut off: the reply ends just after an opening fence, before the block is written');
      this.consumed = bodyEnd;
      return bodyEnd;
    }
    if (path === undefined) return bodyEnd + 1;
    const index = ++this.ordinal;
    this.consumed = bodyEnd;
    if (close === undefined) {
      this.error(index, open + 1, `cut off: the fence that opens the whole-file block for ${path} is never closed`);
      return bodyEnd;
    }
    this.lastPath = path;
    this.blocks.push({
      index,
      path,
      kind: 'whole-file',
      search: '',
      replace: joinLines(this.lines.slice(open + 1, close).map((l) => dedent(l, fence.indent))),
      line: open + 1,
    });
    return close + 1;
  }

  /** The path named on the line before `at` (or before the fence that opens there). */
  private pathBefore(at: number, prose = true): string | undefined {
    let k = this.skipBlank(at - 1);
    if (k <= this.consumed) return undefined;
    const fence = parseFence(this.lines[k]!);
    if (fence && HEAD.test(this.lines[at]!)) {
      const named = pathFromFenceInfo(fence.info);
      if (named !== undefined) return named;
      k = this.skipBlank(k - 1);
      if (k <= this.consumed) return undefined;
    } else if (fence) {
      return this.nameFence(k);
    }
    const line = this.lines[k]!;
    if (parseFence(line)) return this.nameFence(k);
    return pathFromLine(line, this.bareNames) ?? (prose ? pathInProse(line) : undefined);
  }

  /**
   * The path held by a fence of its own that closes at `close`: "```\napp.py\n```" just
   * before the fence with the edit, as some coder models write the file name.
   */
  private nameFence(close: number): string | undefined {
    const open = close - 2;
    if (open <= this.consumed || open < 0) return undefined;
    const opener = parseFence(this.lines[open]!);
    if (!opener || !closesFence(this.lines[close]!, opener)) return undefined;
    return pathFromLine(this.lines[close - 1]!, this.bareNames);
  }

  private skipBlank(from: number): number {
    let k = from;
    // One blank line between the path and its block is common; more means prose.
    if (k > this.consumed && k >= 0 && this.lines[k]!.trim() === '') k--;
    return k;
  }

  private error(index: number, line: number, message: string): void {
    this.errors.push({ index, line, message });
  }
}

/**
 * The closing fence for the one opened at `open`. A fence with an info string inside
 * (```python) opens a nested block, so a markdown file's own code blocks do not end
 * the outer one early.
 */
function findClose(lines: readonly string[], open: number, fence: Fence): number | undefined {
  let depth = 0;
  for (let k = open + 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (closesFence(line, fence)) {
      if (depth === 0) return k;
      depth--;
      continue;
    }
    const inner = parseFence(line);
    if (inner && inner.info !== '' && inner.marker[0] === fence.marker[0] && inner.marker.length >= fence.marker.length) depth++;
  }
  return undefined;
}

/**
 * Which `=======` line divides SEARCH from REPLACE. With one candidate it is that one.
 * When the content itself holds such lines (a reStructuredText underline, a conflict
 * marker), an edit usually keeps them on both sides, so an odd count points at the
 * middle one; otherwise a unique seven-character line wins. Else the block is refused.
 */
export function chooseDivider(lines: readonly string[], candidates: readonly number[]): number | string {
  if (candidates.length === 0) return 'no ======= line between SEARCH and REPLACE';
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length % 2 === 1) return candidates[(candidates.length - 1) / 2]!;
  const seven = candidates.filter((k) => lines[k]!.trim() === '=======');
  if (seven.length === 1) return seven[0]!;
  const at = candidates.map((k) => k + 1).join(', ');
  return `several ======= lines (lines ${at}) and no way to tell which one divides SEARCH from REPLACE; split the edit into smaller blocks`;
}

/** "Change `src/app.py`:" — a prose line naming exactly one path in backticks. */
function pathInProse(line: string): string | undefined {
  const names = [...line.matchAll(/`([^`\s]+)`/g)].map((m) => pathFromLine(m[1]!)).filter((p) => p !== undefined);
  const unique = [...new Set(names)].filter((p) => p.includes('/') || p.includes('.'));
  return unique.length === 1 ? unique[0] : undefined;
}
