// What `git diff --cached` compares, read from disk: the index and the commit HEAD names.
// The staged change is a function of those two alone, so when both are byte for byte what
// they were the last time git said "nothing staged", nothing is staged now. The index is
// known by the checksum git itself ends it with. This lets the
// pre-commit gate's fast path skip spawning git, which costs more than the rest of its
// answer (a spawn from node is ~50 ms on a loaded machine; perf/startup.perf.ts). Any
// layout this does not read with certainty (reftable, an unborn branch, a symbolic ref
// chain) gives undefined, and git is asked.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheKey } from '../config/cache-key.js';
import { oryonHome } from '../config/paths.js';
import { headOnDisk } from '../core/git/head-on-disk.js';

function read(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The commit HEAD names and the index, by the checksum git writes at the index's end, or
 * undefined when they cannot be read for certain.
 */
export function stagedStateKey(top: string, env: NodeJS.ProcessEnv): string | undefined {
  const head = headOnDisk(top);
  if (!head) return undefined;
  const { commit, gitDir: dir } = head;
  // git commit runs its hooks with GIT_INDEX_FILE naming the index it is about to commit.
  const indexFile = env.GIT_INDEX_FILE ? path.resolve(top, env.GIT_INDEX_FILE) : path.join(dir, 'index');
  const index = read(indexFile);
  // git ends the index with a checksum of its content; with index.skipHash it is zeros.
  if (!index || index.length <= 32) return undefined;
  const trailer = index.subarray(index.length - (commit.length === 64 ? 32 : 20));
  if (trailer.every((byte) => byte === 0)) return undefined;
  return `${top}\0${commit}\0${index.length}\0${trailer.toString('hex')}`;
}

function markerFile(top: string, env: NodeJS.ProcessEnv): string {
  return path.join(oryonHome(env), 'cache', `nothing-staged-${cacheKey(top)}`);
}

/** Whether git last said "nothing staged" for exactly this index and HEAD. */
export function knownNothingStaged(top: string, key: string, env: NodeJS.ProcessEnv): boolean {
  return read(markerFile(top, env))?.toString('utf8') === key;
}

/** Remember that git said "nothing staged" for this index and HEAD; a cache, so failures are ignored. */
export function rememberNothingStaged(top: string, key: string, env: NodeJS.ProcessEnv): void {
  try {
    const file = markerFile(top, env);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, key);
  } catch {
    // Only the next gate is slower.
  }
}
