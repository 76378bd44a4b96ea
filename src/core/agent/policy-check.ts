import { structuredPatch } from 'diff';
import { checkChange, type ChangedFile, type Decision } from '../policy/decide.js';
import type { Policy } from '../policy/schema.js';

/**
 * The policy's verdict on the run's whole change so far (paths, size limits, forbidden
 * patterns in added lines). `originals` holds each changed file's text at the base
 * (null for new files); `current` reads the worktree.
 */
export function changeDenials(policy: Policy, originals: ReadonlyMap<string, string | null>, current: (path: string) => string | undefined): Decision[] {
  const files: ChangedFile[] = [];
  for (const [path, before] of originals) {
    const after = current(path) ?? '';
    const patch = structuredPatch(path, path, before ?? '', after, '', '', { context: 0 });
    const added: ChangedFile['added'] = [];
    let removedCount = 0;
    for (const hunk of patch.hunks) {
      let line = hunk.newStart;
      for (const text of hunk.lines) {
        if (text.startsWith('+')) added.push({ line: line++, text: text.slice(1) });
        else if (text.startsWith('-')) removedCount++;
        else if (!text.startsWith('\\')) line++;
      }
    }
    if (added.length || removedCount || before === null) files.push({ path, added, removedCount });
  }
  return checkChange(policy, files);
}

export function denialFeedback(denials: readonly Decision[]): string {
  return denials.map((decision) => `- ${decision.subject}: ${decision.reason} (policy rule ${decision.rule})`).join('\n');
}
