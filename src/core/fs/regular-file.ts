import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import path from 'node:path';

// Sandboxed code (a repo's tests, a lint plugin) can rewrite the worktree after the
// model's edits: a changed file replaced by a symlink to ~/.ssh/id_rsa, a FIFO that
// hangs a reader, a parent folder swapped for a link. Whatever oryon reads or commits
// from the worktree on the host goes through here: every component lstat'ed, the file
// opened without following a link and checked again on the open descriptor.

function kind(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Why `relPath` under `root` is not a plain regular file reached through plain folders
 * (`is a symbolic link`, `is missing`, `sits under src, which is a symbolic link`), or
 * undefined when it is one.
 */
export function irregularReason(root: string, relPath: string): string | undefined {
  const parts = relPath.split('/');
  if (relPath === '' || path.isAbsolute(relPath) || parts.some((part) => part === '..' || part === '.' || part === ''))
    return 'is not a plain path inside the worktree';
  let current = root;
  for (let index = 0; index < parts.length; index++) {
    current = path.join(current, parts[index]!);
    let info: Stats;
    try {
      info = lstatSync(current);
    } catch {
      return index === parts.length - 1 ? 'is missing' : `is missing (${parts.slice(0, index + 1).join('/')} is gone)`;
    }
    const last = index === parts.length - 1;
    if (!last && !info.isDirectory()) return `sits under ${parts.slice(0, index + 1).join('/')}, which is ${kind(info)}`;
    if (last && !info.isFile()) return `is ${kind(info)}`;
  }
  return undefined;
}

export class IrregularFileError extends Error {
  constructor(
    readonly relPath: string,
    readonly reason: string,
  ) {
    super(`${relPath} ${reason}`);
    this.name = 'IrregularFileError';
  }
}

/** The bytes of a regular file inside `root`; throws IrregularFileError for anything else. */
export function readRegularFile(root: string, relPath: string): Buffer {
  const reason = irregularReason(root, relPath);
  if (reason) throw new IrregularFileError(relPath, reason);
  let fd: number;
  try {
    // O_NOFOLLOW: a link swapped in since the lstat fails here; O_NONBLOCK: a FIFO cannot hang us.
    fd = openSync(path.join(root, relPath), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw new IrregularFileError(
      relPath,
      (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'is a symbolic link' : `cannot be read (${(error as Error).message})`,
    );
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new IrregularFileError(relPath, `is ${kind(info)}`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
