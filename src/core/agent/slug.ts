// A branch-safe slug from an issue: "Fix the FizzBuzz bug for 15!" -> "fix-the-fizzbuzz-bug-for-15".

const MAX_LENGTH = 48;

export function slugify(text: string, maxLength = MAX_LENGTH): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  if (!slug && words[0]) slug = words[0].slice(0, maxLength);
  return slug || 'fix';
}

/** The branch a run commits on: oryon/<slug>. */
export function branchFor(issue: string): string {
  return `oryon/${slugify(issue)}`;
}
