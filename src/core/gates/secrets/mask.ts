/**
 * A value as findings show it: its first 4 characters and its length, never more. The
 * same in the terminal, JSON, SARIF and the journal, because all of them print the
 * finding's message, which is built with this.
 */
export function maskValue(value: string): string {
  return `${value.slice(0, 4)}… (${value.length} chars)`;
}
