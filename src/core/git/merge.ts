// Moving a base branch without touching the user's uncommitted work: ref updates with a
// compare-and-swap on the old value, merge commits made without a working tree, and a
// fast-forward of a checked-out branch only when its tree is clean.
import { realpathSync } from 'node:fs';
import { withGit } from './client.js';
import { git, GitError, gitSucceeds } from './exec.js';

const NO_HOOKS = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false'];

/** The commit a local branch points at, or undefined when it does not exist. */
export async function branchCommit(repoRoot: string, branch: string): Promise<string | undefined> {
  try {
    const args = ['--verify', '--quiet', `refs/heads/${branch}^{commit}`];
    return (await withGit({ cwd: repoRoot }, ['rev-parse', ...args], (client) => client.revparse(args))) || undefined;
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}

export function isAncestor(repoRoot: string, ancestor: string, descendant: string): Promise<boolean> {
  return gitSucceeds(['merge-base', '--is-ancestor', ancestor, descendant], { cwd: repoRoot });
}

/** The working tree that has the branch checked out (the main one or a linked worktree), if any. */
export async function checkedOutAt(repoRoot: string, branch: string): Promise<string | undefined> {
  const out = await git(['worktree', 'list', '--porcelain'], { cwd: repoRoot });
  let dir: string | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith('worktree ')) dir = line.slice('worktree '.length);
    else if (line === `branch refs/heads/${branch}` && dir) {
      try {
        return realpathSync(dir);
      } catch {
        return dir;
      }
    }
  }
  return undefined;
}

/**
 * Whether a working tree has uncommitted work: staged, unstaged or untracked files (ignored
 * ones do not count). GIT_OPTIONAL_LOCKS=0 (set for every git call) keeps status from
 * refreshing the index it reads.
 */
export async function hasUncommittedWork(tree: string): Promise<boolean> {
  const status = await withGit({ cwd: tree }, ['status'], (client) => client.status(['--untracked-files=normal', '--ignore-submodules=none']));
  return !status.isClean();
}

/**
 * A merge commit of `theirs` into `ours`, made without any working tree (`merge-tree
 * --write-tree`, then `commit-tree`). Resolves undefined when the two conflict.
 */
export async function mergeCommitWithoutTree(
  repoRoot: string,
  ours: string,
  theirs: string,
  message: string,
  env?: Record<string, string>,
): Promise<string | undefined> {
  let tree: string;
  try {
    tree = (await git(['merge-tree', '--write-tree', '--no-messages', ours, theirs], { cwd: repoRoot })).split('\n')[0]!.trim();
  } catch (error) {
    // Exit 1 is "conflicts"; anything else is a real failure.
    if (error instanceof GitError && error.code === 1) return undefined;
    throw error;
  }
  return (
    await git([...NO_HOOKS, 'commit-tree', tree, '-p', ours, '-p', theirs, '-F', '-'], { cwd: repoRoot, input: message, ...(env ? { env } : {}) })
  ).trim();
}

/** Move refs/heads/<branch> from `expected` to `commit`, refused when it moved meanwhile. */
export async function updateBranchIfAt(repoRoot: string, branch: string, commit: string, expected: string, reason: string): Promise<void> {
  await git(['update-ref', '-m', `oryon: ${reason}`, `refs/heads/${branch}`, commit, expected], { cwd: repoRoot });
}

/** Delete refs/heads/<branch> only if it still points at `expected`. */
export async function deleteBranchIfAt(repoRoot: string, branch: string, expected: string): Promise<void> {
  await git(['update-ref', '-m', 'oryon: undo', '-d', `refs/heads/${branch}`, expected], { cwd: repoRoot });
}

/**
 * Fast-forward (or, for undo, move back) the branch checked out in a clean `tree` to
 * `commit`. `read-tree -m -u` is a two-tree merge: it refuses to overwrite any local
 * change, so even a change made after the cleanliness check is never lost. The ref moves
 * with a compare-and-swap on `expected` afterwards.
 */
export async function moveCheckedOut(tree: string, branch: string, commit: string, expected: string, reason: string): Promise<void> {
  await git([...NO_HOOKS, 'read-tree', '-m', '-u', expected, commit], { cwd: tree });
  await git(['update-ref', '-m', `oryon: ${reason}`, `refs/heads/${branch}`, commit, expected], { cwd: tree });
}

/**
 * A commit on top of `onto` that reverts `commit` (for a merge commit: against its first
 * parent), made in a scratch worktree, never in the user's tree. Resolves the new sha.
 */
export async function revertCommit(repoRoot: string, scratch: string, onto: string, commit: string, env?: Record<string, string>): Promise<string> {
  await git(['-c', 'core.hooksPath=/dev/null', 'worktree', 'add', '--detach', '--quiet', scratch, onto], { cwd: repoRoot });
  const parents = (await git(['rev-list', '--parents', '-n', '1', commit], { cwd: repoRoot })).trim().split(' ').length - 1;
  await git([...NO_HOOKS, 'revert', '--no-edit', ...(parents > 1 ? ['-m', '1'] : []), commit], { cwd: scratch, ...(env ? { env } : {}) });
  return (await git(['rev-parse', 'HEAD'], { cwd: scratch })).trim();
}
