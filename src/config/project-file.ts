import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../core/errors.js';
import { displayPath, type YamlSource } from './yaml-file.js';

/** A repo's own settings file, with the digest of exactly the bytes that were parsed. */
export interface ProjectSource extends YamlSource {
  /** Repo-relative, e.g. `.oryon/policy.yaml`. */
  relPath: string;
  sha256: string;
}

/**
 * Read `.oryon/<name>` without following links: sandboxed code can write the checkout,
 * so a planted `.oryon -> /` or `policy.yaml -> ~/.ssh/id_rsa` must not be read (and
 * quoted in a YAML error) on the host. Undefined when the file does not exist.
 */
export function readProjectSource(repoRoot: string, name: 'policy.yaml' | 'config.yaml'): ProjectSource | undefined {
  const relPath = `.oryon/${name}`;
  const dir = path.join(repoRoot, '.oryon');
  const file = path.join(dir, name);
  const dirInfo = lstatOrUndefined(dir);
  if (!dirInfo) return undefined;
  if (!dirInfo.isDirectory()) throw notRegular(relPath, '.oryon is not a plain directory (a symlink?)');
  if (!lstatOrUndefined(file)) return undefined;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw notRegular(relPath, 'it is a symlink');
    throw new BadInputError(`${displayPath(file)}: cannot read: ${(error as Error).message}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw notRegular(relPath, 'it is not a regular file');
    const bytes = readFileSync(fd);
    return { relPath, displayPath: displayPath(file), text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
  } finally {
    closeSync(fd);
  }
}

function lstatOrUndefined(file: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function notRegular(relPath: string, why: string): BadInputError {
  return new BadInputError(`${relPath}: oryon reads its settings only from regular files in the repo, and ${why}`, {
    hint: `replace ${relPath} with a plain file`,
  });
}
