import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { BadInputError } from '../errors.js';

/**
 * The git top-level of `start`; exit 2 when it is not a repo. Synchronous and free of
 * heavy imports, so the pre-commit gate can use it on its fast path: a direct
 * execFileSync, not simple-git (async only, and importing it costs ~70 ms, measured
 * against a ~16 ms call; see docs/performance.md).
 */
export function gitTopLevel(start: string): string {
  const dir = path.resolve(start);
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new BadInputError(`not a git repository: ${dir}`, { hint: 'run oryon inside a git repository or pass --repo DIR' });
  }
}
