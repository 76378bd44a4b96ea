// Word-level features shared by the full-text index and the offline embedder: code
// identifiers are kept whole and also split into their parts (camelCase, snake_case),
// so "parseConfig", "parse_config" and "parse the config" meet.

const WORD = /[A-Za-z_][A-Za-z0-9_]*|[0-9]+/g;
const PART = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/** English glue words that carry no meaning in a query about code. */
const STOPWORDS = new Set(
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
 * The FTS5 body for a chunk: the content, plus the parts of compound identifiers (the
 * unicode61 tokenizer with '_' as a token char would otherwise only see them whole).
 */
export function ftsBody(content: string): string {
  const extra: string[] = [];
  for (const match of content.matchAll(WORD)) {
    const parts = match[0].match(PART);
    if (parts && parts.length > 1) extra.push(parts.join(' '));
  }
  return extra.length === 0 ? content : `${content}\n${extra.join(' ')}`;
}

/** An FTS5 MATCH expression: any of the query's words, each quoted so no word is an operator. */
export function ftsQuery(query: string): string | undefined {
  const terms = queryWords(query);
  if (terms.length === 0) return undefined;
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
}
