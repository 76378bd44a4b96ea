import path from 'node:path';
import { closesFence, parseFence, pathFromLine } from './markers.js';

// Some models fence the SEARCH and REPLACE sections themselves, inside the block:
//
//   <<<<<<< SEARCH
//   ```python
//   app.py            <- sometimes the file name again
//   def f():
//   ```
//   =======
//
// The apply step tries this reading only when the literal text is found nowhere.

interface Sections {
  search: string;
  replace: string;
}

/** The sections without their own fences (and a repeated file name); undefined when neither is fenced. */
export function unwrapSections(sections: Sections, rel: string): Sections | undefined {
  const search = unwrap(sections.search, rel);
  const replace = unwrap(sections.replace, rel);
  if (search === undefined && replace === undefined) return undefined;
  const unwrapped = { search: search ?? sections.search, replace: replace ?? sections.replace };
  // An empty SEARCH would mean "create the file": never a reading to fall back on.
  return unwrapped.search.trim() === '' ? undefined : unwrapped;
}

function unwrap(section: string, rel: string): string | undefined {
  const lines = section.split('\n');
  if (lines.at(-1) === '') lines.pop();
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  if (first < lines.length && namesFile(lines[first]!, rel) && lines[first + 1] !== undefined && parseFence(lines[first + 1]!)) first++;
  const open = lines[first] === undefined ? undefined : parseFence(lines[first]!);
  if (!open || lines.length - first < 2 || !closesFence(lines.at(-1)!, open)) return undefined;
  const body = lines.slice(first + 1, -1);
  if (body.length > 0 && namesFile(body[0]!, rel)) body.shift();
  return body.length === 0 ? '' : `${body.join('\n')}\n`;
}

/** Whether a line holds only the name of the file being edited (its path, a suffix of it, or its base name). */
function namesFile(line: string, rel: string): boolean {
  const named = pathFromLine(line);
  if (named === undefined) return false;
  const clean = named.replace(/^(?:\.\/)+/, '');
  return clean === rel || rel.endsWith(`/${clean}`) || clean === path.posix.basename(rel);
}
