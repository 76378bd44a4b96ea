// The running turn's streamed text, cut to what the live area shows: the last rows,
// wrapped here to the terminal's width. ink re-lays out the live area on every frame and
// its own wrapping measures each word's width with Unicode segmentation, which cost most
// of a core at 100 tokens/s; rows that already fit are only measured (a fast path for
// ASCII). The whole text is drawn once, by <Static>, when the turn ends.

/** Rows of streamed text kept in the live area while a reply streams. */
export const LIVE_ROWS = 12;

export function liveTail(text: string, columns: number, rows = LIVE_ROWS): string {
  const width = Math.max(20, columns);
  const lines = text.split('\n');
  const out: string[] = [];
  // Walk back from the end: only the lines that can reach the tail are wrapped.
  let index = lines.length - 1;
  for (; index >= 0 && out.length < rows; index--) out.unshift(...wrapLine(lines[index]!, width));
  const hidden = index >= 0 || out.length > rows;
  return `${hidden ? '…\n' : ''}${out.slice(-rows).join('\n')}`;
}

/**
 * Word-wraps one line of plain text to `width` columns. A line with anything but
 * printable ASCII is returned whole, for ink to wrap: its width needs real measuring.
 */
export function wrapLine(line: string, width: number): string[] {
  if (line.length <= width || !/^[\x20-\x7e]*$/.test(line)) return [line];
  const rows: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > 0 ? space : width;
    rows.push(rest.slice(0, cut));
    rest = rest.slice(space > 0 ? cut + 1 : cut);
  }
  rows.push(rest);
  return rows;
}
