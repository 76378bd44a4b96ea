// Indentation helpers for the tolerant matchers: a block shifted as a whole, and tabs
// written where the file uses spaces (or the reverse).

export const leading = (line: string): string => /^[ \t]*/.exec(line)![0];
export const isBlank = (line: string): boolean => line.trim() === '';

/** The longest whitespace prefix every non-blank line shares. */
export function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const lead = leading(line);
    if (common === undefined) {
      common = lead;
      continue;
    }
    let k = 0;
    while (k < common.length && k < lead.length && common[k] === lead[k]) k++;
    common = common.slice(0, k);
    if (common === '') break;
  }
  return common ?? '';
}

/** Moves lines written at indent `from` to indent `to`, keeping their relative shape. */
export function reindent(lines: readonly string[], from: string, to: string): string[] {
  if (from === to) return [...lines];
  return lines.map((line) => {
    if (isBlank(line)) return line;
    if (line.startsWith(from)) return to + line.slice(from.length);
    // Less indented than the SEARCH block: shift by the same number of characters.
    const lead = leading(line);
    const delta = to.length - from.length;
    const width = Math.max(0, lead.length + delta);
    const unit = to[0] ?? lead[0] ?? ' ';
    return unit.repeat(width) + line.slice(lead.length);
  });
}

export type IndentStyle = { kind: 'tabs' } | { kind: 'spaces'; unit: number } | { kind: 'unknown' };

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function spaceUnit(lines: readonly string[]): number | undefined {
  let unit = 0;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const lead = leading(line);
    // A single space is a comment continuation (" * ..."), not an indent step.
    if (lead.length < 2 || lead.includes('\t')) continue;
    unit = gcd(unit, lead.length);
  }
  return unit >= 2 ? Math.min(unit, 8) : undefined;
}

/** The file's indentation when it is unambiguous: only tabs, or only spaces in steps. */
export function detectStyle(lines: readonly string[]): IndentStyle {
  let tabs = 0;
  let spaces = 0;
  for (const line of lines) {
    if (isBlank(line)) continue;
    if (line.startsWith('\t')) tabs++;
    else if (line.startsWith('  ')) spaces++;
  }
  if (tabs > 0 && spaces === 0) return { kind: 'tabs' };
  if (spaces > 0 && tabs === 0) {
    const unit = spaceUnit(lines);
    return unit === undefined ? { kind: 'unknown' } : { kind: 'spaces', unit };
  }
  return { kind: 'unknown' };
}

/**
 * SEARCH and REPLACE rewritten in the file's indentation style, or undefined when there
 * is nothing to convert or the file's style is mixed.
 */
export function convertStyle(
  file: readonly string[],
  search: readonly string[],
  replace: readonly string[],
): { search: string[]; replace: string[] } | undefined {
  const style = detectStyle(file);
  if (style.kind === 'tabs') {
    if (!search.some((l) => /^ {2,}/.test(l))) return undefined;
    const unit = spaceUnit(search) ?? spaceUnit(replace) ?? 4;
    const toTabs = (line: string): string => {
      const lead = leading(line);
      if (lead.includes('\t') || lead.length === 0) return line;
      return '\t'.repeat(Math.floor(lead.length / unit)) + ' '.repeat(lead.length % unit) + line.slice(lead.length);
    };
    return { search: search.map(toTabs), replace: replace.map(toTabs) };
  }
  if (style.kind === 'spaces') {
    if (!search.some((l) => l.startsWith('\t'))) return undefined;
    const toSpaces = (line: string): string => {
      const lead = leading(line);
      return lead.replaceAll('\t', ' '.repeat(style.unit)) + line.slice(lead.length);
    };
    return { search: search.map(toSpaces), replace: replace.map(toSpaces) };
  }
  return undefined;
}
