// Whether `oryon gate --staged` (the pre-commit hook, on every `git commit`) has nothing to
// check, answered from caches: no config loader or schemas, and a git process only when
// the index cannot be read for certain. bin/oryon loads this as one CommonJS file
// (dist/config/staged-probe.cjs, bundled at build time by scripts/bundle-fast-paths.mjs),
// because Node's ES module loader alone costs more than the rest of this answer
// (perf/startup.perf.ts); fast-paths.ts uses the same code as an ES module.
// git is a direct spawnSync here, never simple-git: importing it alone (~70 ms) would cost
// more than this whole answer is allowed (1.3× `node -e 0`).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { settingsValidated } from '../config/settings-cache.js';
import { styleOut } from './output.js';
import { knownNothingStaged, stagedStateKey } from './staged-state.js';

/** What the empty gate prints, exactly as the full gate does for nothing staged. */
export function nothingStagedLine(): string {
  return `${styleOut.green('gate passed: 0 files, 0 findings (0 blocking, 0 suppressed)')}\n`;
}

export interface StagedProbe {
  top: string;
  /** The staged-state key, read before git is asked anything. */
  key: string | undefined;
  nothingStaged: boolean;
}

/** probe, and undefined when it cannot tell (a cwd that was deleted): the gate says why. */
export function probeStaged(env: NodeJS.ProcessEnv): StagedProbe | undefined {
  try {
    return probe(env);
  } catch {
    return undefined;
  }
}

/**
 * nothingStaged is true only when the repo's config and policy are the ones the full gate
 * last validated (its settings cache is current: an edited, possibly invalid, config goes
 * through the full gate and its errors) and the index matches HEAD: the index and HEAD are
 * byte for byte those the full gate last found nothing to check in (staged-state.ts), or,
 * when they cannot be read for certain, git says so (exit 0). Outside a repo (undefined),
 * with a broken git, or with any staged change (deletions included) the full gate runs and
 * says what it finds.
 */
function probe(env: NodeJS.ProcessEnv): StagedProbe | undefined {
  const top = topLevel(env);
  if (top === undefined) return undefined;
  const key = stagedStateKey(top, env);
  if (!settingsValidated(top, env)) return { top, key, nothingStaged: false };
  // A readable index and HEAD not known to be clean: most likely a real commit, which the
  // full gate checks anyway (asking git here first cost ~20 ms of every such commit). The
  // full gate remembers the state when it finds nothing to check.
  if (key !== undefined) return { top, key, nothingStaged: knownNothingStaged(top, key, env) };
  const quiet = spawnSync('git', ['diff', '--cached', '--quiet', '--no-ext-diff', '--ignore-submodules=none'], { stdio: 'ignore' }).status === 0;
  return { top, key, nothingStaged: quiet };
}

/**
 * The work tree's top, found the way git finds it when nothing overrides it: the nearest
 * directory holding `.git`. With GIT_DIR or GIT_WORK_TREE set, undefined (the full gate
 * asks git). A wrong guess only misses the cache, so the full gate runs.
 */
function topLevel(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GIT_DIR || env.GIT_WORK_TREE) return undefined;
  for (let dir = realpathSync(process.cwd()); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
