import { structuredPatch } from 'diff';
import type { FileChange } from './types.js';

// Unified diffs and diffstats in git's shape, so they read like `git diff` and apply
// with `git apply`.

function patchFor(change: FileChange): { text: string; added: number; removed: number } {
  const before = change.before ?? '';
  const patch = structuredPatch(`a/${change.path}`, `b/${change.path}`, before, change.after, undefined, undefined, { context: 3 });
  const head = [`diff --git a/${change.path} b/${change.path}`];
  if (change.before === null) head.push('new file mode 100644', '--- /dev/null');
  else head.push(`--- a/${change.path}`);
  head.push(`+++ b/${change.path}`);
  let added = 0;
  let removed = 0;
  const body: string[] = [];
  for (const hunk of patch.hunks) {
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    body.push(`@@ -${range(oldStart, hunk.oldLines)} +${range(newStart, hunk.newLines)} @@`);
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
      body.push(line);
    }
  }
  return { text: `${[...head, ...body].join('\n')}\n`, added, removed };
}

const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);

export function unifiedDiff(changes: readonly FileChange[]): string {
  return changes.map((change) => patchFor(change).text).join('');
}

export interface FileStat {
  path: string;
  added: number;
  removed: number;
  created: boolean;
}

/** The diff and the per-file counts, computed in one pass. */
export function describeChanges(changes: readonly FileChange[]): { diff: string; stats: FileStat[] } {
  const patches = changes.map(patchFor);
  return {
    diff: patches.map((p) => p.text).join(''),
    stats: patches.map((p, i) => ({ path: changes[i]!.path, added: p.added, removed: p.removed, created: changes[i]!.before === null })),
  };
}

/** `git diff --stat` style: one line per file and a summary line; '' for no files. */
export function formatStats(stats: readonly FileStat[]): string {
  if (stats.length === 0) return '';
  const width = Math.max(...stats.map((s) => s.path.length));
  const biggest = Math.max(...stats.map((s) => s.added + s.removed));
  const scale = biggest > 40 ? 40 / biggest : 1;
  const lines = stats.map((s) => {
    const total = s.added + s.removed;
    const plus = '+'.repeat(Math.ceil(s.added * scale));
    const minus = '-'.repeat(Math.ceil(s.removed * scale));
    return ` ${s.path.padEnd(width)} | ${String(total).padStart(4)} ${plus}${minus}`;
  });
  const added = stats.reduce((n, s) => n + s.added, 0);
  const removed = stats.reduce((n, s) => n + s.removed, 0);
  const parts = [`${stats.length} file${stats.length === 1 ? '' : 's'} changed`];
  if (added > 0 || removed === 0) parts.push(`${added} insertion${added === 1 ? '' : 's'}(+)`);
  if (removed > 0) parts.push(`${removed} deletion${removed === 1 ? '' : 's'}(-)`);
  lines.push(` ${parts.join(', ')}`);
  return lines.join('\n');
}
