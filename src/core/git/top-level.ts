import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../errors.js';

/**
 * The git top-level of `start`; exit 2 when it is not a repo. Synchronous and free of
 * heavy imports, so the pre-commit gate can use it on its fast path. The common case is
 * read from disk (`discoverTopLevel`); anything it is unsure of asks git with a direct
 * execFileSync, not simple-git (async only, and importing it costs ~70 ms, measured
 * against a ~16 ms call; see docs/performance.md).
 */
export function gitTopLevel(start: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = path.resolve(start);
  const found = discoverTopLevel(dir, env);
  if (found !== undefined) return found;
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new BadInputError(`not a git repository: ${dir}`, { hint: 'run oryon inside a git repository or pass --repo DIR' });
  }
}

// Anything that changes how git finds or trusts a repository: git itself must answer.
const DISCOVERY_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_COMMON_DIR', 'GIT_CONFIG_PARAMETERS'];

/**
 * The top-level git would report, found without spawning it (a spawn is most of a
 * one-file `memory index`): the nearest directory, from the real path of `start` up,
 * holding a `.git` directory with a HEAD, or a `.git` file pointing at one (a linked
 * worktree or submodule). Undefined, so git decides, whenever this could differ from git:
 * a discovery variable set, `start` inside a `.git` folder, a repository owned by another
 * user (git's safe.directory check), a bare repository, `core.worktree`, or anything
 * unreadable.
 */
export function discoverTopLevel(start: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (DISCOVERY_ENV.some((name) => env[name] !== undefined)) return undefined;
  let dir: string;
  try {
    dir = realpathSync(start);
  } catch {
    return undefined;
  }
  if (dir.split(path.sep).includes('.git')) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  for (;;) {
    const dotGit = path.join(dir, '.git');
    const stat = lstatOrUndefined(dotGit);
    if (stat) {
      if (uid !== undefined && stat.uid !== uid) return undefined;
      if (stat.isDirectory()) return isPlainGitDir(dotGit) ? dir : undefined;
      if (stat.isFile()) return pointsAtGitDir(dotGit, dir) ? dir : undefined;
      return undefined; // a symlinked .git: git's rules there are subtle
    }
    if (isPlainGitDir(dir)) return undefined; // inside a bare repository: it has no top-level
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** A git dir with a HEAD whose own config does not move the work tree (`core.worktree`). */
function isPlainGitDir(gitDir: string): boolean {
  if (!lstatOrUndefined(path.join(gitDir, 'HEAD'))?.isFile()) return false;
  try {
    return !/worktree/i.test(readFileSync(path.join(gitDir, 'config'), 'utf8'));
  } catch {
    return true; // no config of its own (a linked worktree's git dir)
  }
}

/** A `.git` file of the form `gitdir: PATH`, where PATH is a plain git dir. */
function pointsAtGitDir(dotGit: string, dir: string): boolean {
  try {
    const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return pointer !== null && isPlainGitDir(path.resolve(dir, pointer[1]!.trim()));
  } catch {
    return false;
  }
}
