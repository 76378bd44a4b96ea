// Word-level features shared by the full-text index and the offline embedder: code
// identifiers are kept whole and also split into their parts (camelCase, snake_case),
// so "parseConfig", "parse_config" and "parse the config" meet.

const WORD = /[A-Za-z_][A-Za-z0-9_]*|[0-9]+/g;
const PART = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/** English glue words that carry no meaning in a query about code. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by do does for from how in is it its of on or that the this to was what when where which who why with'.split(' '),
);

/** Lower-cased words of a text; identifiers are followed by their parts when they have several. */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const lower = word.toLowerCase();
    result.push(lower);
    const parts = word.match(PART);
    if (parts && parts.length > 1) for (const part of parts) result.push(part.toLowerCase());
  }
  return result;
}

/** Words of a natural-language or identifier query, without stopwords and duplicates. */
export function queryWords(query: string): string[] {
  const unique = new Set(words(query).filter((word) => !STOPWORDS.has(word) && word !== '_'));
  return [...unique];
}

/**
 * A light suffix stemmer (plural, -ed, -ing), applied in process to both the indexed text
 * and the query, so "parsed", "parses" and "parsing" meet "parse" while the index keeps
 * exact terms whose document counts can be looked up.
 */
export function stem(word: string): string {
  if (word.length <= 4 || /[0-9_]/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed')) return word.slice(0, -2);
  if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('es')) return word.slice(0, -1);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The FTS5 text for a chunk, path or lesson: its words, identifier parts included, stemmed. */
export function ftsBody(text: string): string {
  return words(text).map(stem).join(' ');
}

/** The distinct index terms a query asks for. */
export function ftsTerms(query: string): string[] {
  return [...new Set(queryWords(query).map(stem))];
}

/** A quoted FTS5 string: no term is ever read as an operator. */
export function ftsString(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
