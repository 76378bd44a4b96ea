import { lstatSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SharedMount } from './types.js';

// The shared environment is mounted at paths inside the writable tree, which code run
// earlier in the same worktree could have replaced with links. bwrap follows links when
// it mounts, so every part of a target below cwd is checked with lstat first: a folder,
// or absent (bwrap then makes an empty folder to mount on). Anything else is refused.

export interface CheckedMounts {
  mounts: SharedMount[];
  refused: Array<{ target: string; reason: string }>;
}

export function checkSharedMounts(cwd: string, mounts: readonly SharedMount[]): CheckedMounts {
  const result: CheckedMounts = { mounts: [], refused: [] };
  for (const mount of mounts) {
    const problem = targetProblem(cwd, mount.target) ?? mount.tmpfs.map((cache) => targetProblem(mount.target, cache)).find(Boolean);
    if (problem) result.refused.push({ target: mount.target, reason: problem });
    else result.mounts.push(mount);
  }
  return result;
}

function targetProblem(root: string, target: string): string | undefined {
  const rel = path.relative(root, target);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return `${target} is not inside ${root}`;
  let current = root;
  for (const part of rel.split(path.sep)) {
    current = path.join(current, part);
    let stats;
    try {
      stats = lstatSync(current);
    } catch {
      return undefined;
    }
    if (!stats.isDirectory()) return `${current} is ${stats.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}`;
  }
  return undefined;
}

/**
 * Make the missing mount points of checked mounts, one folder at a time, re-checking each
 * part with lstat as it goes (a link planted meanwhile stops it). Returns the mounts whose
 * target is now a real folder.
 */
export function makeMountPoints(cwd: string, mounts: readonly SharedMount[]): SharedMount[] {
  return mounts.filter((mount) => {
    let current = cwd;
    for (const part of path.relative(cwd, mount.target).split(path.sep)) {
      current = path.join(current, part);
      try {
        if (!lstatSync(current).isDirectory()) return false;
      } catch {
        try {
          mkdirSync(current);
        } catch {
          return false;
        }
        if (!lstatSync(current).isDirectory()) return false;
      }
    }
    return true;
  });
}
