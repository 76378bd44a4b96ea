// The one adapter between redaction and the secrets scanner (gates/secrets.ts): where in
// a text the scanner finds secrets, and which rule found each. It relies only on the
// scanner's exported masking function, so new scanner rules apply here unchanged.
import { maskSecrets } from '../gates/secrets.js';

export interface Span {
  start: number;
  end: number;
  /** The detector's rule id, e.g. "aws-access-key", or a PII kind ("email"). */
  rule: string;
}

const MARKER = /\[secret masked: ([\w./-]+)\]/g;

/**
 * Spans of the secrets in `text`. maskSecrets replaces each secret in place by a marker;
 * the text between the markers is unchanged, so walking both strings recovers where each
 * secret was. A text that already contains a marker-like string is scanned as is.
 */
export function secretSpans(text: string): Span[] {
  const masked = maskSecrets(text);
  if (masked === text) return [];
  const spans: Span[] = [];
  const pieces: string[] = [];
  const rules: string[] = [];
  let last = 0;
  for (const match of masked.matchAll(MARKER)) {
    pieces.push(masked.slice(last, match.index));
    rules.push(match[1]!);
    last = match.index + match[0].length;
  }
  pieces.push(masked.slice(last));
  let at = 0;
  for (let i = 0; i < rules.length; i++) {
    if (!text.startsWith(pieces[i]!, at)) return spans;
    at += pieces[i]!.length;
    const next = pieces[i + 1]!;
    // The secret runs to where the next unchanged piece begins (the end, for the last one).
    const end = i + 1 === rules.length ? text.length - next.length : next === '' ? -1 : text.indexOf(next, at + 1);
    if (end < at) return spans;
    spans.push({ start: at, end, rule: rules[i]! });
    at = end;
  }
  return spans;
}
