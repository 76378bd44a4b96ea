import { chmodSync, lchownSync, lstatSync, readdirSync, type Stats } from 'node:fs';
import path from 'node:path';

// The writable tree around a run, from the host side: lend it to the sandbox's uid and
// take it back, strip setuid/setgid bits the run left, and count the bytes it holds.
// Every walk uses lstat and never follows a link; it stays on the tree root's file system
// and skips the read-only paths inside it (git metadata, shared dependency mounts), which
// the sandbox cannot write. Walks after a run happen when every sandboxed process is dead,
// so nothing races them.

const SETID = 0o6000;

export interface TreeEntry {
  path: string;
  stats: Stats;
}

/** Every entry under `root` (root first), depth first; `skip` paths and other file systems are left out. */
export function walkTree(root: string, skip: readonly string[] = []): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let rootStats: Stats;
  try {
    rootStats = lstatSync(root);
  } catch {
    return entries;
  }
  const skipped = new Set(skip.map((entry) => path.resolve(entry)));
  const stack: TreeEntry[] = [{ path: root, stats: rootStats }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    entries.push(entry);
    if (!entry.stats.isDirectory() || entry.stats.dev !== rootStats.dev) continue;
    let names: string[];
    try {
      names = readdirSync(entry.path);
    } catch {
      continue;
    }
    for (const name of names) {
      const child = path.join(entry.path, name);
      if (skipped.has(child)) continue;
      try {
        stack.push({ path: child, stats: lstatSync(child) });
      } catch {
        // Gone meanwhile.
      }
    }
  }
  return entries;
}

/** Allocated bytes of the tree's files (hard links counted once). */
export function treeBytes(entries: readonly TreeEntry[]): number {
  const seen = new Set<string>();
  let total = 0;
  for (const { stats } of entries) {
    if (stats.isDirectory()) continue;
    const key = `${stats.dev}:${stats.ino}`;
    if (seen.has(key)) continue;
    seen.add(key);
    total += stats.blocks * 512;
  }
  return total;
}

/** What the tree looked like before it was lent: each entry's owner, by path and inode. */
export interface Loan {
  root: string;
  skip: readonly string[];
  uid: number;
  gid: number;
  owners: Map<string, { uid: number; gid: number; dev: number; ino: number }>;
  /** Bytes before the run, the base of the write budget. */
  bytes: number;
}

/**
 * Give every entry of the tree to uid:gid for the run (lchown: a link itself, never its
 * target). A file hard-linked from outside the tree is not lent: that would lend the other
 * name too.
 */
export function lendTree(root: string, skip: readonly string[], to: { uid: number; gid: number }): Loan {
  const entries = walkTree(root, skip);
  const linksInTree = countLinks(entries);
  const owners: Loan['owners'] = new Map();
  for (const { path: entry, stats } of entries) {
    owners.set(entry, { uid: stats.uid, gid: stats.gid, dev: stats.dev, ino: stats.ino });
    if (linkedFromOutside(stats, linksInTree)) continue;
    if (stats.uid !== to.uid || stats.gid !== to.gid) lchownSync(entry, to.uid, to.gid);
  }
  return { root, skip, uid: to.uid, gid: to.gid, owners, bytes: treeBytes(entries) };
}

/**
 * Give the tree back: entries that were there get their owner again (when still the same
 * inode); what the run created gets the tree root's owner. A file the run hard-linked from
 * outside the tree (more links than the tree holds) keeps its owner: chowning it would hand
 * a file elsewhere on the host to the tree's owner.
 */
export function returnTree(loan: Loan, entries: readonly TreeEntry[] = walkTree(loan.root, loan.skip)): void {
  const rootOwner = loan.owners.get(loan.root) ?? { uid: loan.uid, gid: loan.gid };
  const linksInTree = countLinks(entries);
  for (const { path: entry, stats } of entries) {
    const before = loan.owners.get(entry);
    let owner: { uid: number; gid: number } | undefined;
    if (before && before.dev === stats.dev && before.ino === stats.ino) owner = before;
    else if (stats.uid === loan.uid && !linkedFromOutside(stats, linksInTree)) owner = rootOwner;
    if (owner && (stats.uid !== owner.uid || stats.gid !== owner.gid)) {
      try {
        lchownSync(entry, owner.uid, owner.gid);
      } catch {
        // Removed meanwhile by nothing we know of; nothing to give back.
      }
    }
  }
}

export interface StrippedFile {
  path: string;
  /** The mode bits found (e.g. 0o4755). */
  mode: number;
  /** False when the file is hard-linked from outside the tree and was left alone. */
  stripped: boolean;
}

/** Remove setuid and setgid from every non-directory in the tree (a setgid directory only sets group inheritance). */
export function stripSetIdBits(entries: readonly TreeEntry[]): StrippedFile[] {
  const linksInTree = countLinks(entries);
  const found: StrippedFile[] = [];
  for (const { path: entry, stats } of entries) {
    if (!stats.isFile() || (stats.mode & SETID) === 0) continue;
    const mode = stats.mode & 0o7777;
    if (linkedFromOutside(stats, linksInTree)) {
      found.push({ path: entry, mode, stripped: false });
      continue;
    }
    // chmod follows links, but lstat just said this is a regular file and nothing runs now.
    chmodSync(entry, mode & ~SETID);
    found.push({ path: entry, mode, stripped: true });
  }
  return found;
}

function countLinks(entries: readonly TreeEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { stats } of entries) {
    if (stats.isDirectory() || stats.nlink < 2) continue;
    const key = `${stats.dev}:${stats.ino}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function linkedFromOutside(stats: Stats, linksInTree: Map<string, number>): boolean {
  return !stats.isDirectory() && stats.nlink > 1 && (linksInTree.get(`${stats.dev}:${stats.ino}`) ?? 0) < stats.nlink;
}

/**
 * The write budget, sampled while the command runs: a walk costs about a microsecond or two
 * per entry, so the interval grows with the tree (ten times the last walk, at least 250 ms).
 */
export function writeBudgetSampler(
  root: string,
  skip: readonly string[],
  baseBytes: number,
  maxBytes: number,
): {
  intervalMs: () => number;
  sample: () => { rule: string; reason: string } | undefined;
} {
  let lastWalkMs = 0;
  return {
    // Often on a small tree (a walk of a few ms), never more than a tenth of the time on a large one.
    intervalMs: () => Math.max(25, lastWalkMs * 10),
    sample: () => {
      const started = Date.now();
      const written = treeBytes(walkTree(root, skip)) - baseBytes;
      lastWalkMs = Date.now() - started;
      return written > maxBytes ? overBudget(written, maxBytes) : undefined;
    },
  };
}

export function overBudget(written: number, maxBytes: number): { rule: string; reason: string } {
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  return { rule: 'limits.max_write_mb', reason: `wrote ${mib(written)} MiB to the worktree; the limit is ${mib(maxBytes)} MiB` };
}
