// The commit HEAD names, read from disk: a git process costs ~12 ms here (most of it the
// spawn), and the fix loop and the pre-commit gate ask this on every run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gitDirOf, isDirectory } from './index-checksum.js';

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The commit HEAD names in the work tree at `top`, and the git dir it was read from:
 * a detached HEAD, or a branch's loose or packed ref (a loose file wins, as in git).
 * Undefined whenever it cannot be read for certain (reftable, an unborn branch, a
 * symbolic ref chain, anything unreadable): then git must be asked.
 */
export function headOnDisk(top: string): { commit: string; gitDir: string } | undefined {
  const gitDir = gitDirOf(top);
  if (!gitDir) return undefined;
  const common = path.resolve(gitDir, read(path.join(gitDir, 'commondir'))?.trim() ?? '.');
  if (isDirectory(path.join(common, 'reftable'))) return undefined;
  const head = read(path.join(gitDir, 'HEAD'));
  if (head === undefined) return undefined;
  let commit: string | undefined;
  const ref = /^ref: (refs\/heads\/\S+)\s*$/.exec(head);
  if (ref) {
    commit =
      read(path.join(common, ref[1]!))?.trim() ??
      new RegExp(`^([0-9a-f]{40,64}) ${ref[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(read(path.join(common, 'packed-refs')) ?? '')?.[1];
  } else if (/^[0-9a-f]{40,64}\s*$/.test(head)) {
    commit = head.trim();
  }
  return commit && /^[0-9a-f]{40,64}$/.test(commit) ? { commit, gitDir } : undefined;
}
