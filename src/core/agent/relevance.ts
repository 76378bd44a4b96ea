// Which files matter for an issue, by cheap lexical signals: words of the issue in the
// path (strongest), then in the content. No model call, no index: it must stay well
// inside the per-iteration overhead budget on a 1,000-file repo.

const STOP_WORDS = new Set(
  'the a an and or of to in on for with is are be it this that when should not does do fix bug make return returns add use using from by as at into function method file code test tests wrong instead'.split(
    ' ',
  ),
);

/** Lower-case words of 3+ characters, camelCase and snake_case split, stop words removed. */
export function keywords(text: string): string[] {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 3 && !STOP_WORDS.has(word));
  const joined = text.toLowerCase().match(/[a-z0-9_]{3,}/g) ?? [];
  return [...new Set([...words, ...joined.filter((word) => !STOP_WORDS.has(word))])];
}

export interface RankedFile {
  path: string;
  score: number;
}

const TEST_FILE = /(^|\/)(tests?|__tests__|spec)\/|(^|\/)test_[^/]*$|_test\.[a-z]+$|\.(test|spec)\.[a-z]+$/;
const SOURCE_EXT = /\.(py|js|mjs|cjs|ts|tsx|jsx|go|rs|java|kt|rb|php|c|h|cc|cpp|hpp|cs|swift|scala|sh)$/;

/**
 * Rank files for the issue. `content(path)` returns a file's text (or undefined when it
 * is binary, too large or unreadable). `boost` paths (named by the plan or memory) rank first.
 */
export function rankFiles(
  issue: string,
  files: readonly string[],
  content: (path: string) => string | undefined,
  boost: ReadonlySet<string> = new Set(),
): RankedFile[] {
  const words = keywords(issue);
  const issueLower = issue.toLowerCase();
  const ranked: RankedFile[] = [];
  for (const file of files) {
    const lower = file.toLowerCase();
    const base = lower.slice(lower.lastIndexOf('/') + 1);
    const stem = base.replace(/\.[^.]*$/, '').replace(/^test_|_test$|\.test$|\.spec$/g, '');
    let score = boost.has(file) ? 1000 : 0;
    if (issueLower.includes(file.toLowerCase())) score += 200;
    for (const word of words) {
      if (stem === word) score += 40;
      else if (base.includes(word)) score += 15;
      else if (lower.includes(word)) score += 5;
    }
    if (score > 0 || words.length > 0) {
      const text = content(file);
      if (text !== undefined) {
        const textLower = text.length > 200_000 ? text.slice(0, 200_000).toLowerCase() : text.toLowerCase();
        for (const word of words) {
          const hits = countOccurrences(textLower, word);
          if (hits) score += Math.min(10, 1 + Math.log2(hits) * 2);
        }
      }
    }
    if (score > 0 && SOURCE_EXT.test(lower)) score += 1;
    // The fix usually belongs in the code under test; its tests still rank right after it.
    if (score > 0 && TEST_FILE.test(lower)) score -= 6;
    if (score > 0) ranked.push({ path: file, score });
  }
  ranked.sort((a, b) => b.score - a.score || a.path.length - b.path.length || a.path.localeCompare(b.path));
  return ranked;
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1 && count < 64; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}
