import { createHash } from 'node:crypto';

/**
 * Stops a loop in which the model keeps sending the same failing edit. Replies are
 * compared after normalising whitespace, so a re-indented copy still counts as the same.
 */
export class DoomLoopGuard {
  private readonly failed = new Map<string, number>();

  static hash(text: string): string {
    const normalized = text
      .replace(/\r\n/g, '\n')
      .replace(/[ \t]+$/gm, '')
      .trim();
    return createHash('sha256').update(normalized).digest('hex');
  }

  /** Record an edit that failed (did not apply, or applied and failed tests). True when it has now failed twice. */
  recordFailure(editText: string): boolean {
    const key = DoomLoopGuard.hash(editText);
    const count = (this.failed.get(key) ?? 0) + 1;
    this.failed.set(key, count);
    return count >= 2;
  }
}
