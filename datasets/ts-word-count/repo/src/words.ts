/**
 * Count words, ignoring case. A word is a run of letters (a-z) and digits; an apostrophe
 * between two such characters belongs to the word ("don't"), quotes around a word do not.
 * Returns a Map from the lower-case word to its count, in first-seen order.
 *
 * wordCount("Don't stop, don't 'quote' me") → don't: 2, stop: 1, quote: 1, me: 1
 */
export function wordCount(text: string): Map<string, number> {
  throw new Error('not implemented');
}
