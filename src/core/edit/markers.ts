// The line shapes the parser recognises. Models miscount marker characters, so any run
// of 5 to 9 is accepted, with or without the space before the keyword.

/** Up to 3 spaces before it: a block inside a list item, its lines indented alike. */
export const HEAD = /^ {0,3}<{5,9} ?SEARCH>?\s*$/i;
/** DIVIDER and UPDATED are tested on lines with the SEARCH marker's indent removed. */
export const DIVIDER = /^={5,9}\s*$/;
export const UPDATED = /^>{5,9} ?REPLACE\s*$/i;
/** A REPLACE marker anywhere a block could be indented. */
export const ANY_UPDATED = /^ {0,3}>{5,9} ?REPLACE\s*$/i;

/** A fence line: three or more backticks (or tildes), optionally with an info string. */
const FENCE = /^(\s{0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;

export interface Fence {
  marker: string;
  info: string;
  /** Spaces before the fence; CommonMark removes as many from each content line. */
  indent: number;
}

export function parseFence(line: string): Fence | undefined {
  const match = FENCE.exec(line);
  if (!match) return undefined;
  return { marker: match[2]!, info: match[3] ?? '', indent: match[1]!.length };
}

/** `line` without up to `width` leading spaces. */
export function dedent(line: string, width: number): string {
  let k = 0;
  while (k < width && line[k] === ' ') k++;
  return line.slice(k);
}

/** Whether `line` closes a fence opened with `open` (CommonMark: same char, at least as long, no info). */
export function closesFence(line: string, open: Fence): boolean {
  const fence = parseFence(line);
  return fence !== undefined && fence.info === '' && fence.marker[0] === open.marker[0] && fence.marker.length >= open.marker.length;
}

export function isMarker(line: string): boolean {
  return HEAD.test(line) || DIVIDER.test(line) || ANY_UPDATED.test(line);
}

/** The start of a SEARCH marker or of a fence, as a reply cut off mid-line leaves it. */
const PARTIAL = /^(?:<{2,9} ?(?:S(?:E(?:A(?:R(?:C)?)?)?)?)?|`{1,2}|~{1,2})$/i;

export function isPartialMarker(line: string): boolean {
  return PARTIAL.test(line.trim());
}

// Files without an extension that a path line may still name.
const BARE_FILES = /^(?:[A-Z][A-Za-z]*file|LICENSE|README|CHANGELOG|AUTHORS|NOTICE|CODEOWNERS|VERSION)$/;

const LABEL = /^(?:file(?:name)?|path)\s*:\s*/i;
const NOTE = /\s+\((?:new(?: file)?|updated|modified|changed|edited|created|fixed)\)$/i;

/**
 * The path a line names, when the line holds nothing but a path: possibly wrapped in
 * backticks, **bold** or quotes, behind a heading mark, `//` or `File:`, with `./` before,
 * a colon or a note such as "(new file)" after. Prose returns undefined. `bareNames`: the
 * repo's files without an extension, which a line may name too (`Makefile`, `bin/run`).
 */
export function pathFromLine(raw: string, bareNames?: ReadonlySet<string>): string | undefined {
  let text = raw.trim();
  if (text === '' || isMarker(text) || parseFence(text)) return undefined;
  // `// src/app.js` is how a path sits on the first line inside a fence of C-like code.
  text = text.replace(/^(?:#{1,6}|\/\/)\s+/, '').replace(/^(?:[-*]\s+)/, '');
  let decorated = false;
  for (let changed = true; changed;) {
    changed = false;
    // A label or note around the path is dropped; only wrappers count as decoration.
    const bare = text.replace(LABEL, '').replace(NOTE, '').replace(/:$/, '');
    const stripped = bare
      .replace(/^\*\*(.+)\*\*$/, '$1')
      .replace(/^\*(.+)\*$/, '$1')
      .replace(/^_(.+)_$/, '$1')
      .replace(/^`+([^`]+)`+$/, '$1')
      .replace(/^"(.+)"$/, '$1')
      .replace(/^'(.+)'$/, '$1')
      .trim();
    if (stripped !== text) {
      decorated ||= stripped.length < bare.trim().length;
      text = stripped;
      changed = true;
    }
  }
  text = text.replace(/^(?:\.\/)+/, '');
  if (text === '' || /[`*<>|]/.test(text) || text.length > 300) return undefined;
  if (/\s/.test(text) && !decorated) return undefined;
  if (/\.$/.test(text)) return undefined;
  if (text.includes('/') || /\.[A-Za-z0-9_-]+$/.test(text) || text.startsWith('.')) return text;
  if (BARE_FILES.test(text) || bareNames?.has(text) === true) return text;
  return decorated && /^[\w.-]+$/.test(text) ? text : undefined;
}

/** A `...` line standing for unchanged code, as models write it in any comment style. */
const ELISION = /^\s*(?:(?:#|\/\/|--|;|\/\*|<!--|\{\/\*)\s*)?(?:\.\.\.|…)(?:[^.…]*(?:\.\.\.|…))?\s*(?:\*\/\}?|-->)?\s*$/;

export function isElision(line: string): boolean {
  return ELISION.test(line);
}

/** A comment standing for code the model did not write out ("// ... existing code ..."). */
const LAZY =
  /^\s*(?:#|\/\/|\/\*|<!--|--|;|\{\/\*)\s*(?:\.\.\.|…)?.*\b(?:existing|unchanged|rest of|remaining|remains|same as before|omitted|other (?:code|methods|functions))\b/i;

/** A comment holding only an elision ("# ...", "// …"); a bare `...` is code in Python. */
const COMMENT_START = /^\s*(?:#|\/\/|--|;|\/\*|<!--|\{\/\*)/;

export function isLazyComment(line: string): boolean {
  return LAZY.test(line) || (COMMENT_START.test(line) && ELISION.test(line));
}

/** A path in a fence's info string: ```src/app.py or ```python:src/app.py. */
export function pathFromFenceInfo(info: string): string | undefined {
  const candidate = info.includes(':') ? info.slice(info.indexOf(':') + 1) : info;
  if (!candidate.includes('/') && !candidate.includes('.')) return undefined;
  return pathFromLine(candidate);
}
