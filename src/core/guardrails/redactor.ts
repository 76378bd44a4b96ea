// Replaces secrets and PII by stable placeholders (<SECRET_1>, <EMAIL_2>) before text
// reaches a model, and puts the originals back into what the model wrote. One Redactor
// lives for one run or chat session: the same value always gets the same placeholder, so
// a prompt, its retry and the journal all read alike, and a reply that quotes a
// placeholder restores to exactly the original bytes.
import { piiSpans, type PiiKind, PII_KINDS } from './pii.js';
import { secretSpans, type Span } from './secret-spans.js';

export type RedactMode = 'off' | 'secrets' | 'secrets+pii';

const KIND_LABEL: Record<PiiKind, string> = { email: 'EMAIL', phone: 'PHONE', iban: 'IBAN', card: 'CARD', ip: 'IP' };
const PLACEHOLDER = /<(SECRET|EMAIL|PHONE|IBAN|CARD|IP)_(\d+)>/g;

export class Redactor {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private readonly pii: readonly PiiKind[];

  constructor(
    readonly mode: RedactMode,
    piiKinds: readonly PiiKind[] = PII_KINDS,
  ) {
    this.pii = mode === 'secrets+pii' ? piiKinds : [];
  }

  get active(): boolean {
    return this.mode !== 'off';
  }

  /** How many distinct values have placeholders. */
  get size(): number {
    return this.byValue.size;
  }

  /**
   * Placeholders already in use (a resumed chat thread stores redacted text): new values
   * are numbered past them, so `<SECRET_1>` in the history never means a new secret.
   */
  reserve(text: string): void {
    for (const [, label, n] of text.matchAll(PLACEHOLDER)) this.counters.set(label!, Math.max(this.counters.get(label!) ?? 0, Number(n)));
  }

  redact(text: string): string {
    if (!this.active || !text) return text;
    const spans = [...secretSpans(text), ...piiSpans(text, this.pii)].sort((a, b) => a.start - b.start || b.end - a.end);
    let result = '';
    let at = 0;
    for (const span of spans) {
      if (span.start < at) continue; // inside a span already replaced
      result += text.slice(at, span.start) + this.placeholder(text.slice(span.start, span.end), span);
      at = span.end;
    }
    result += text.slice(at);
    // Values seen before keep their placeholder even where no detector would fire again
    // (a restored secret quoted back in a reply, a key split from its variable name).
    return this.byValue.size ? this.replaceKnown(result) : result;
  }

  /** Puts the originals back for every placeholder this redactor issued; others stay as written. */
  restore(text: string): string {
    if (!this.byPlaceholder.size) return text;
    return text.replace(PLACEHOLDER, (placeholder) => this.byPlaceholder.get(placeholder) ?? placeholder);
  }

  private placeholder(value: string, span: Span): string {
    const known = this.byValue.get(value);
    if (known) return known;
    const label = (KIND_LABEL as Record<string, string>)[span.rule] ?? 'SECRET';
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    const placeholder = `<${label}_${n}>`;
    this.byValue.set(value, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }

  private replaceKnown(text: string): string {
    let result = text;
    // Longest first, so a value containing another is replaced whole.
    const values = [...this.byValue.keys()].filter((value) => value.length >= 6).sort((a, b) => b.length - a.length);
    for (const value of values) if (result.includes(value)) result = result.split(value).join(this.byValue.get(value));
    return result;
  }
}
