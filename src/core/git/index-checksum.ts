// Reading a work tree's git dir and its index's identity straight from disk: cheap
// checks that let a hot path skip spawning git when nothing git knows has changed.
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

export function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The git dir of the work tree at `top`: `.git` itself, or where a `.git` file points (a linked worktree). */
export function gitDirOf(top: string): string | undefined {
  const dotGit = path.join(top, '.git');
  if (isDirectory(dotGit)) return dotGit;
  try {
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return pointer ? path.resolve(top, pointer[1]!.trim()) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The work tree's index, open for reading; undefined when there is none, or when the
 * environment points git at another one (GIT_INDEX_FILE, GIT_DIR): the caller asks git.
 */
export function openIndex(top: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (env.GIT_INDEX_FILE || env.GIT_DIR) return undefined;
  const dir = gitDirOf(top);
  if (!dir) return undefined;
  try {
    return openSync(path.join(dir, 'index'), 'r');
  } catch {
    return undefined;
  }
}

/**
 * The index's identity: its size and the checksum git ends it with (of everything before
 * it, so equal checksums mean equal entries). Only the tail is read, however big the index.
 * Undefined when it cannot be known for certain: no index, GIT_INDEX_FILE set, or
 * index.skipHash (a zero checksum).
 */
export function indexChecksum(top: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fd = openIndex(top, env);
  if (fd === undefined) return undefined;
  try {
    const { size } = fstatSync(fd);
    // 32 bytes hold a SHA-256 checksum, or a SHA-1 one and the bytes before it.
    if (size < 12 + 32) return undefined;
    const tail = Buffer.alloc(32);
    readSync(fd, tail, 0, 32, size - 32);
    if (tail.subarray(12).every((byte) => byte === 0)) return undefined;
    return `${size}:${tail.toString('hex')}`;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
