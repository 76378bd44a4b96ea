import { lstatSync, readdirSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PolicyDeniedError } from '../errors.js';

// Paths in a writable tree that run code on the host later, or steer oryon itself:
// `.oryon/` (policy and config), hook directories (git runs them at the next commit)
// and any `.git` below the root (its config runs at the next `git status` there). Each is
// mounted read-only when it exists, and covered by an empty read-only directory when it
// does not, so a command cannot create it; bwrap then makes the mountpoint in the user's
// tree, and removeCovers takes it away again after the run.

/** Directories always guarded, relative to the tree's root. */
export const GUARDED_DIRS = ['.oryon', '.husky', '.githooks', '.lefthook', '.lefthook-local'] as const;

/** Files that name commands hooks run; guarded only when present (an empty file would be noise). */
export const GUARDED_FILES = [
  'lefthook.yml',
  'lefthook.yaml',
  'lefthook.json',
  'lefthook.toml',
  '.lefthook.yml',
  '.lefthook.yaml',
  'lefthook-local.yml',
  'lefthook-local.yaml',
  '.lefthook-local.yml',
  '.lefthook-local.yaml',
  '.pre-commit-config.yaml',
] as const;

export interface TreeGuards {
  /** Existing guarded paths, mounted read-only over the writable tree. */
  readOnly: string[];
  /** Absent guarded directories, covered by an empty read-only directory. */
  covers: string[];
}

const isInside = (child: string, parent: string): boolean => child.startsWith(`${parent}/`);

/** Where `core.hooksPath` points, as git resolves it (relative to the top level, `~/` expanded). */
export function resolveHooksPath(value: string, root: string, home: string = os.homedir()): string {
  const expanded = value === '~' ? home : value.startsWith('~/') ? path.join(home, value.slice(2)) : value;
  return path.resolve(root, expanded);
}

/**
 * The guards for the tree at `root`. `hooksPath` is the resolved `core.hooksPath`
 * (guarded only when it is inside the tree); `nestedGit` the `.git` paths of nested
 * repositories and submodules. A guarded path that is a symbolic link cannot be
 * protected by a mount (the link itself stays replaceable): the run is refused.
 */
export function treeGuards(root: string, options: { hooksPath?: string | undefined; nestedGit?: readonly string[] } = {}): TreeGuards {
  const guards: TreeGuards = { readOnly: [], covers: [] };
  const dirs = [...GUARDED_DIRS.map((dir) => path.join(root, dir))];
  if (options.hooksPath && isInside(options.hooksPath, root)) dirs.push(options.hooksPath);
  const consider = (target: string, coverWhenAbsent: boolean): void => {
    let stats;
    try {
      stats = lstatSync(target);
    } catch {
      // Covered only where bwrap can make the mountpoint: its parent is a directory in the tree.
      if (coverWhenAbsent && parentIsDirectory(target, root)) guards.covers.push(target);
      return;
    }
    if (stats.isSymbolicLink()) {
      throw new PolicyDeniedError(
        `${path.relative(root, target)} is a symbolic link: oryon cannot keep it read-only in a writable sandbox`,
        'sandbox.tree-guards',
        {
          hint: 'replace the link with the directory itself, or run the command read-only',
        },
      );
    }
    guards.readOnly.push(target);
  };
  for (const dir of new Set(dirs)) consider(dir, true);
  for (const file of GUARDED_FILES) consider(path.join(root, file), false);
  for (const dotGit of options.nestedGit ?? []) consider(dotGit, true);
  return guards;
}

/** Every directory from the target's parent up to the root must be a real directory (no links). */
function parentIsDirectory(target: string, root: string): boolean {
  for (let dir = path.dirname(target); dir === root || isInside(dir, root); dir = path.dirname(dir)) {
    try {
      if (!lstatSync(dir).isDirectory()) return false;
    } catch {
      return false;
    }
    if (dir === root) return true;
  }
  return false;
}

/** After the run: remove the mountpoints bwrap made for covers, when they are still empty directories. */
export function removeCovers(covers: readonly string[]): void {
  for (const cover of covers) {
    try {
      if (lstatSync(cover).isDirectory() && readdirSync(cover).length === 0) rmdirSync(cover);
    } catch {
      // Gone already, or filled by someone else meanwhile: leave it.
    }
  }
}
