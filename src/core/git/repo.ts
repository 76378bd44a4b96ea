import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../errors.js';
import { withGit } from './client.js';
import { git, gitSucceeds } from './exec.js';
import { headOnDisk } from './head-on-disk.js';

/** A stable, readable key for a repo's state under ORYON_HOME: "<name>-<hash of its real path>". */
export function repoKey(repoRoot: string): string {
  let real = repoRoot;
  try {
    real = realpathSync(repoRoot);
  } catch {
    // A vanished path still gets a key; callers only use it to find leftovers.
  }
  const name =
    path
      .basename(real)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 40) || 'repo';
  return `${name}-${createHash('sha256').update(real).digest('hex').slice(0, 10)}`;
}

/** The commit a ref names; exit 2 when it names none (a bad --base, or a repo with no commits). */
export async function resolveCommit(repoRoot: string, ref: string): Promise<string> {
  // HEAD, what every `oryon fix` starts from, is read from disk when it can be: one git
  // process less (~12 ms). The git client drops GIT_DIR and friends, so git reads this repo too.
  const onDisk = ref === 'HEAD' ? headOnDisk(repoRoot) : undefined;
  if (onDisk) return onDisk.commit;
  try {
    const args = ['--verify', '--quiet', '--end-of-options', `${ref}^{commit}`];
    return await withGit({ cwd: repoRoot }, ['rev-parse', ...args], (client) => client.revparse(args));
  } catch {
    throw new BadInputError(ref === 'HEAD' ? 'the repository has no commits yet' : `--base: no commit named "${ref}"`, {
      hint: ref === 'HEAD' ? 'make a first commit, then run oryon fix again' : 'pass a branch, tag or commit that exists',
    });
  }
}

/**
 * The checked-out branch, or undefined when HEAD is detached. symbolic-ref, not
 * branchLocal(): a repo with no commits yet has a branch but `git branch` lists none.
 */
export async function currentBranch(repoRoot: string): Promise<string | undefined> {
  try {
    return (await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: repoRoot })).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function branchExists(repoRoot: string, branch: string): Promise<boolean> {
  return gitSucceeds(['show-ref', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: repoRoot });
}

/** Tracked paths relative to the root (NUL-separated output, so any file name survives). */
export async function trackedFiles(root: string): Promise<string[]> {
  const out = await git(['ls-files', '-z', '--cached'], { cwd: root });
  return out.split('\0').filter(Boolean);
}

/** Paths in a commit's tree (what a fresh checkout of it holds), read without a checkout. */
export async function filesAtCommit(repoRoot: string, commit: string, signal?: AbortSignal): Promise<string[]> {
  const out = await git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit], { cwd: repoRoot, signal });
  return out.split('\0').filter(Boolean);
}

/** A branch name not yet taken: base, then base-2, base-3... (one git call however many are taken). */
export async function uniqueBranch(repoRoot: string, base: string): Promise<string> {
  const out = await git(['for-each-ref', '--format=%(refname:lstrip=2)', `refs/heads/${base}`, `refs/heads/${base}-*`], { cwd: repoRoot });
  const taken = new Set(out.split('\n').filter(Boolean));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
