// The paths and modes in a work tree's git index, read from disk (index versions 2 and 3,
// SHA-1 or SHA-256), for a hot path that would otherwise spawn `git ls-files --stage`.
// Anything this does not fully understand (version 4's compressed paths, a split or
// sparse index, a truncated file, too many entries) answers undefined: ask git instead.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openIndex } from './index-checksum.js';

export interface IndexEntry {
  path: string;
  /** Git's mode: 0o100644, 0o100755, 0o120000 (link), 0o160000 (submodule). */
  mode: number;
}

const HEADER = 12;
const EXTENDED = 0x4000;
const NAME_MASK = 0xfff;

/** The index's entries, or undefined when git must be asked (see above); `maxEntries` bounds the work. */
export function readIndexEntries(
  top: string,
  { maxEntries = 10_000, env = process.env }: { maxEntries?: number; env?: NodeJS.ProcessEnv } = {},
): IndexEntry[] | undefined {
  const fd = openIndex(top, env);
  if (fd === undefined) return undefined;
  try {
    const header = Buffer.alloc(HEADER);
    if (readSync(fd, header, 0, HEADER, 0) !== HEADER || header.toString('latin1', 0, 4) !== 'DIRC') return undefined;
    const version = header.readUInt32BE(4);
    const count = header.readUInt32BE(8);
    if ((version !== 2 && version !== 3) || count > maxEntries) return undefined;
    const { size } = fstatSync(fd);
    const bytes = Buffer.alloc(size);
    if (readSync(fd, bytes, 0, size, 0) !== size) return undefined;
    // The hash length is not in the index itself: the one under which it parses whole is it.
    return parseEntries(bytes, version, count, 20) ?? parseEntries(bytes, version, count, 32);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function parseEntries(bytes: Buffer, version: number, count: number, hashLength: number): IndexEntry[] | undefined {
  const entries: IndexEntry[] = [];
  const end = bytes.length - hashLength;
  let offset = HEADER;
  for (let i = 0; i < count; i++) {
    const flagsAt = offset + 40 + hashLength;
    if (flagsAt + 2 > end) return undefined;
    const mode = bytes.readUInt32BE(offset + 24);
    const flags = bytes.readUInt16BE(flagsAt);
    const extended = (flags & EXTENDED) !== 0;
    if (extended && version < 3) return undefined;
    const nameAt = flagsAt + 2 + (extended ? 2 : 0);
    let nameLength = flags & NAME_MASK;
    if (nameLength === NAME_MASK) nameLength = bytes.indexOf(0, nameAt) - nameAt;
    if (nameLength <= 0 || nameAt + nameLength >= end || bytes[nameAt + nameLength] !== 0) return undefined;
    entries.push({ path: bytes.toString('utf8', nameAt, nameAt + nameLength), mode });
    // Each entry is NUL-padded (one to eight NULs) to a multiple of eight bytes.
    offset += (nameAt - offset + nameLength + 8) & ~7;
  }
  // Extensions follow, then the checksum; a split ("link") or sparse ("sdir") index lists
  // only some of the paths.
  while (offset < end) {
    if (offset + 8 > end) return undefined;
    const signature = bytes.toString('latin1', offset, offset + 4);
    if (signature === 'link' || signature === 'sdir') return undefined;
    offset += 8 + bytes.readUInt32BE(offset + 4);
  }
  return offset === end ? entries : undefined;
}
