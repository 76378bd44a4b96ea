import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Policy } from '../policy/schema.js';

/**
 * The repo-relative folder git runs hooks from when `core.hooksPath` (any config scope)
 * points inside the tree; undefined otherwise. A relative hooksPath is relative to the
 * top-level, where git runs hooks. Synchronous, one git call: a direct execFileSync, not
 * simple-git (async only, ~70 ms to import), because the gate's settings load calls it.
 */
export function inTreeHooksPath(repoRoot: string): string | undefined {
  let value: string;
  try {
    value = execFileSync('git', ['config', '--type=path', '--get', 'core.hooksPath'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined; // unset (exit 1) or no git: hooks live in .git/hooks, denied already
  }
  if (!value) return undefined;
  const relative = path.relative(repoRoot, path.resolve(repoRoot, value));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** Every hook git runs (githooks(5)), for a hooksPath that is the top-level itself. */
const HOOK_NAMES = [
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'pre-rebase',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-receive',
  'update',
  'proc-receive',
  'post-receive',
  'post-update',
  'reference-transaction',
  'push-to-checkout',
  'pre-auto-gc',
  'post-rewrite',
  'sendemail-validate',
  'fsmonitor-watchman',
  'p4-changelist',
  'p4-prepare-changelist',
  'p4-post-changelist',
  'p4-pre-submit',
  'post-index-change',
];

/** Deny globs for an in-tree hooks folder (the hook names when it is the top-level itself). */
export function hooksPathDenyGlobs(relative: string | undefined): string[] {
  if (relative === undefined) return [];
  if (relative === '') return HOOK_NAMES;
  return [relative, `${relative}/**`];
}

/** The repo's own in-tree core.hooksPath joins paths.deny: the model must not write what `git commit` runs. */
export function withHooksPathDenied(policy: Policy, repoRoot: string): Policy {
  const extra = hooksPathDenyGlobs(inTreeHooksPath(repoRoot)).filter((glob) => !policy.paths.deny.includes(glob));
  return extra.length ? { ...policy, paths: { ...policy.paths, deny: [...policy.paths.deny, ...extra] } } : policy;
}
