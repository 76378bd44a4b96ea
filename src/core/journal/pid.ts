import { readFileSync } from 'node:fs';

/**
 * When process `pid` started, as an opaque token that differs between two processes that
 * had the same pid: on Linux the start time in clock ticks since boot (field 22 of
 * /proc/<pid>/stat). Undefined where /proc is missing (macOS) or the process is gone.
 */
export function processStartTime(pid: number): string | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) may hold spaces and parentheses: count from its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state), so field 22 is fields[19].
    const start = fields[19];
    return start && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a process with this pid exists (EPERM means it exists but is not ours) and,
 * when `started` was recorded, is the same process rather than a later one that reused
 * the pid. Where the start time cannot be read, the pid alone decides.
 */
export function isPidAlive(pid: number | null | undefined, started?: string | null): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!started) return true;
  const now = processStartTime(pid);
  return now === undefined || now === started;
}
