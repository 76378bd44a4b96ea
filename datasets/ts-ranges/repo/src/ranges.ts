/** Page ranges such as "1-3, 5" → [1, 2, 3, 5]. */
export function parseRanges(spec: string): number[] {
  const pages: number[] = [];
  for (const part of spec.split(',')) {
    const [start, end] = part.split('-').map(Number);
    if (end === undefined) pages.push(start!);
    else for (let page = start!; page < end; page++) pages.push(page);
  }
  return pages;
}
