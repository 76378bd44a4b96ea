// A text file as lines plus the exact terminator after each one, so an edit can replace
// some lines and give every other byte back unchanged: CRLF or LF (even mixed), a missing
// final newline, a byte-order mark.

export type Eol = '\n' | '\r\n' | '';

export interface TextDoc {
  bom: string;
  lines: string[];
  /** eols[i] ends lines[i]; only the last may be '' (no final newline). */
  eols: Eol[];
}

export function parseDoc(text: string): TextDoc {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const lines: string[] = [];
  const eols: Eol[] = [];
  let start = 0;
  while (start < body.length) {
    const nl = body.indexOf('\n', start);
    if (nl === -1) {
      lines.push(body.slice(start));
      eols.push('');
      break;
    }
    const crlf = nl > start && body.charCodeAt(nl - 1) === 13;
    lines.push(body.slice(start, crlf ? nl - 1 : nl));
    eols.push(crlf ? '\r\n' : '\n');
    start = nl + 1;
  }
  return { bom, lines, eols };
}

export function renderDoc(doc: TextDoc): string {
  let text = doc.bom;
  for (let i = 0; i < doc.lines.length; i++) text += doc.lines[i]! + doc.eols[i]!;
  return text;
}

/** The terminator most lines use; new lines get it. */
export function dominantEol(doc: TextDoc): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const eol of doc.eols) {
    if (eol === '\r\n') crlf++;
    else if (eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * Replaces lines [start, start + count) with `replacement`. New lines take the file's
 * dominant terminator, except the last, which keeps the terminator of the last replaced
 * line — so a file without a final newline still has none.
 */
export function spliceDoc(doc: TextDoc, start: number, count: number, replacement: readonly string[]): void {
  const eol = dominantEol(doc);
  const lastEol = count > 0 ? doc.eols[start + count - 1]! : eol;
  const eols: Eol[] = replacement.map((_, i) => (i === replacement.length - 1 ? lastEol : eol));
  if (replacement.length > 0 && start + count < doc.lines.length && eols[eols.length - 1] === '') {
    eols[eols.length - 1] = eol;
  }
  doc.lines.splice(start, count, ...replacement);
  doc.eols.splice(start, count, ...eols);
  // Deleting the last lines must not leave a terminator-less line in the middle.
  const last = doc.eols.length - 1;
  for (let i = 0; i < last; i++) if (doc.eols[i] === '') doc.eols[i] = eol;
}

/** Splits edit text (always \n after parsing) into lines without terminators. */
export function textLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
