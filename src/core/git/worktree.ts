import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { git } from './exec.js';

/** Where a run's worktree lives: ORYON_HOME/worktrees/<repo-key>/<run-id>, never inside the user's tree. */
export function worktreeRoot(home: string, key: string): string {
  return path.join(home, 'worktrees', key);
}

/**
 * A detached worktree at `commit`. Detached on purpose: the branch is created only at
 * commit time, so a failed or interrupted run never leaves a half-made branch.
 */
export async function addWorktree(repoRoot: string, dir: string, commit: string, signal?: AbortSignal): Promise<void> {
  // No hooks: a post-checkout hook would run outside the sandbox, in the user's repo.
  // Parallel checkout (one worker per core): writing the files is most of a worktree's cost.
  await git(['-c', 'core.hooksPath=/dev/null', '-c', 'checkout.workers=0', 'worktree', 'add', '--detach', '--quiet', dir, commit], { cwd: repoRoot, signal });
}

/**
 * Remove a worktree and its administrative entry. Best effort at every step, because it
 * runs on the way out of failures: force-remove, then delete the directory, then prune.
 */
export async function removeWorktree(repoRoot: string, dir: string): Promise<void> {
  try {
    await git(['worktree', 'remove', '--force', '--force', dir], { cwd: repoRoot });
    if (!existsSync(dir)) return;
  } catch {
    // Fall through: the directory may be half-made or already gone.
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  await pruneWorktrees(repoRoot);
}

export async function pruneWorktrees(repoRoot: string): Promise<void> {
  try {
    await git(['worktree', 'prune'], { cwd: repoRoot });
  } catch {
    // Pruning is housekeeping; never fail a run over it.
  }
}

/** Run ids that have a worktree directory under root. */
export function listWorktreeDirs(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
