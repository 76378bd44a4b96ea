import path from 'node:path';
import { listWorktreeDirs, pruneWorktrees, removeWorktree, worktreeRoot } from './worktree.js';
import { repoKey } from './repo.js';

/**
 * Remove worktrees left under ORYON_HOME by runs that are no longer alive (a crash or
 * kill -9). `isLive(runId)` tells live runs apart; the journal answers it from the pid and the
 * process start time recorded with it (a reused pid is not the run's process).
 * Returns the run ids whose worktrees were removed.
 */
export async function cleanStaleWorktrees(repoRoot: string, home: string, isLive: (runId: string) => boolean): Promise<string[]> {
  const root = worktreeRoot(home, repoKey(repoRoot));
  const removed: string[] = [];
  const dirs = listWorktreeDirs(root);
  for (const runId of dirs) {
    if (isLive(runId)) continue;
    await removeWorktree(repoRoot, path.join(root, runId));
    removed.push(runId);
  }
  // Entries whose directory was deleted by hand (or never finished) are pruned too;
  // with no run directories at all there is nothing of ours to prune.
  if (dirs.length || removed.length) await pruneWorktrees(repoRoot);
  return removed;
}
