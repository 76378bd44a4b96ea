import { createHash } from 'node:crypto';
import path from 'node:path';
import { BadInputError } from '../core/errors.js';
import { irregularReason, readRegularFile } from '../core/fs/regular-file.js';
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
  const reason = irregularReason(repoRoot, relPath);
  if (reason?.startsWith('is missing')) return undefined;
  let bytes: Buffer;
  try {
    if (reason) throw new Error(reason);
    bytes = readRegularFile(repoRoot, relPath);
  } catch (error) {
    const why = error instanceof Error && 'reason' in error ? String(error.reason) : (error as Error).message;
    throw new BadInputError(`${relPath}: oryon reads its settings only from regular files in the repo, and it ${why}`, {
      hint: `replace ${relPath} with a plain file`,
    });
  }
  return {
    relPath,
    displayPath: displayPath(path.join(repoRoot, relPath)),
    text: bytes.toString('utf8'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
