import { randomBytes } from 'node:crypto';

/**
 * A run id that sorts by time and reads well in a branch list or a path:
 * "20261121-070225-3f9a1c" (UTC date, time, random suffix).
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
