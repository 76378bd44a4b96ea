import { commonIndent, convertStyle, isBlank, reindent } from './indent.js';

// Finds where a SEARCH block sits in a file. Exact first; then each tolerance in turn,
// tried only when everything before it found nothing, and accepted only when it finds
// exactly one place. More than one place is ambiguity: refused, never guessed.

export type Tolerance = 'exact' | 'trailing-whitespace' | 'indentation' | 'tabs-spaces' | 'blank-lines' | 'line-numbers';

export interface Found {
  kind: 'found';
  start: number;
  /** How many file lines the match covers. */
  length: number;
  /** REPLACE adjusted to the file (re-indented, tabs converted). */
  replacement: string[];
  tolerance: Tolerance;
}

export interface Ambiguous {
  kind: 'ambiguous';
  /** 0-based first lines of every match at the tolerance that found them. */
  starts: number[];
  length: number;
  tolerance: Tolerance;
}

export type MatchOutcome = Found | Ambiguous | { kind: 'none' };

interface Hit {
  start: number;
  replacement: string[];
}

type Matcher = (file: readonly string[], search: readonly string[], replace: readonly string[]) => Hit[];

const exact: Matcher = (file, search, replace) =>
  scan(file, search.length, (line, j) => line === search[j]).map((start) => ({ start, replacement: [...replace] }));

const trailingWhitespace: Matcher = (file, search, replace) => {
  const wanted = search.map((l) => l.trimEnd());
  return scan(file, search.length, (line, j) => line.trimEnd() === wanted[j]).map((start) => ({ start, replacement: [...replace] }));
};

/** The whole block shifted by one indent; REPLACE is moved by the same shift. */
const indentation: Matcher = (file, search, replace) => {
  const from = commonIndent(search);
  const rel = search.map((l) => (isBlank(l) ? '' : l.slice(from.length).trimEnd()));
  const anchor = search.findIndex((l) => !isBlank(l));
  if (anchor === -1) return [];
  const hits: Hit[] = [];
  for (let p = 0; p + search.length <= file.length; p++) {
    const line = file[p + anchor]!.trimEnd();
    if (!line.endsWith(rel[anchor]!)) continue;
    const to = line.slice(0, line.length - rel[anchor]!.length);
    if (to.trim() !== '' || to === from) continue;
    let ok = true;
    for (let j = 0; j < search.length && ok; j++) {
      const f = file[p + j]!;
      ok = rel[j] === '' && isBlank(search[j]!) ? isBlank(f) : f.trimEnd() === to + rel[j];
    }
    if (ok) hits.push({ start: p, replacement: reindent(replace, from, to) });
  }
  return hits;
};

const BASIC: Array<[Tolerance, Matcher]> = [
  ['exact', exact],
  ['trailing-whitespace', trailingWhitespace],
  ['indentation', indentation],
];

/** Runs matchers in order; the first that finds anything decides. */
function ladder(
  steps: Array<[Tolerance, Matcher]>,
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
  as?: Tolerance,
): MatchOutcome {
  for (const [name, matcher] of steps) {
    const hits = matcher(file, search, replace);
    if (hits.length === 0) continue;
    const tolerance = as ?? name;
    if (hits.length > 1) return { kind: 'ambiguous', starts: hits.map((h) => h.start), length: search.length, tolerance };
    return { kind: 'found', start: hits[0]!.start, length: search.length, replacement: hits[0]!.replacement, tolerance };
  }
  return { kind: 'none' };
}

/** Exact, trailing whitespace, indentation shift — the tolerances that never change SEARCH itself. */
export function matchBasic(file: readonly string[], search: readonly string[], replace: readonly string[]): MatchOutcome {
  return ladder(BASIC, file, search, replace);
}

/** The full ladder for one SEARCH block (elision is handled by the caller). */
export function matchBlock(file: readonly string[], search: readonly string[], replace: readonly string[]): MatchOutcome {
  const basic = ladder(BASIC, file, search, replace);
  if (basic.kind !== 'none') return basic;

  const converted = convertStyle(file, search, replace);
  if (converted) {
    const outcome = ladder(BASIC, file, converted.search, converted.replace, 'tabs-spaces');
    if (outcome.kind !== 'none') return outcome;
  }

  const trimmed = trimBlankEdges(search, replace);
  if (trimmed && trimmed.search.length > 0) {
    const outcome = ladder(BASIC, file, trimmed.search, trimmed.replace, 'blank-lines');
    if (outcome.kind !== 'none') return outcome;
    const both = convertStyle(file, trimmed.search, trimmed.replace);
    if (both) {
      const again = ladder(BASIC, file, both.search, both.replace, 'blank-lines');
      if (again.kind !== 'none') return again;
    }
  }

  const unnumbered = stripLineNumbers(search, replace);
  if (unnumbered) {
    const outcome = matchBlock(file, unnumbered.search, unnumbered.replace);
    if (outcome.kind !== 'none') return { ...outcome, tolerance: 'line-numbers' };
  }
  return { kind: 'none' };
}

const NUMBERED = /^ *\d+ \| ?/;

/**
 * SEARCH copied from a numbered listing ("12 | code", the form our own feedback uses)
 * with the numbers still on every line. REPLACE loses them wherever it has them.
 */
export function stripLineNumbers(search: readonly string[], replace: readonly string[]): { search: string[]; replace: string[] } | undefined {
  const content = search.filter((l) => !isBlank(l));
  if (content.length === 0 || !content.every((l) => NUMBERED.test(l))) return undefined;
  const strip = (l: string): string => l.replace(NUMBERED, '');
  return { search: search.map(strip), replace: replace.map(strip) };
}

/**
 * SEARCH without its leading and trailing blank lines. REPLACE loses the same blank
 * edges where it has them too, so the edit does not add or drop blank lines by accident.
 */
export function trimBlankEdges(search: readonly string[], replace: readonly string[]): { search: string[]; replace: string[] } | undefined {
  let head = 0;
  while (head < search.length && isBlank(search[head]!)) head++;
  let tail = 0;
  while (tail < search.length - head && isBlank(search[search.length - 1 - tail]!)) tail++;
  if (head === 0 && tail === 0) return undefined;
  let rHead = 0;
  while (rHead < head && rHead < replace.length && isBlank(replace[rHead]!)) rHead++;
  let rTail = 0;
  while (rTail < tail && rTail < replace.length - rHead && isBlank(replace[replace.length - 1 - rTail]!)) rTail++;
  return {
    search: search.slice(head, search.length - tail),
    replace: replace.slice(rHead, replace.length - rTail),
  };
}

/** Every start p where `same(file[p + j], j)` holds for all j < length. */
function scan(file: readonly string[], length: number, same: (line: string, j: number) => boolean): number[] {
  const starts: number[] = [];
  if (length === 0) return starts;
  const last = file.length - length;
  for (let p = 0; p <= last; p++) {
    if (!same(file[p]!, 0)) continue;
    let j = 1;
    while (j < length && same(file[p + j]!, j)) j++;
    if (j === length) starts.push(p);
  }
  return starts;
}
