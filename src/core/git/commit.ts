import { PolicyDeniedError } from '../errors.js';
import { irregularReason } from '../fs/regular-file.js';
import { withGit } from './client.js';
import { git, GitError } from './exec.js';

export interface CommitInput {
  /** Paths (relative to the worktree) to stage; exactly these are committed. */
  paths: string[];
  /** The paths are staged already (stagedDiff did it); skip staging again. */
  staged?: boolean;
  message: string;
  trailers: Record<string, string>;
  env?: Record<string, string>;
}

// The user's hooks and signing setup are not run here: hooks would execute outside the
// sandbox, and a signing prompt would hang a non-interactive run. oryon's own gates ran
// in the loop before this point.
const COMMIT_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false'];

/**
 * Stage exactly `paths` in the worktree's own index (not the user's), each a regular file:
 * a symlink, FIFO or linked folder planted by the tests is refused, never committed.
 * Literal pathspecs, so a file named `*.py` cannot pull in what the tests created; and
 * the index is checked afterwards to hold nothing else.
 */
export async function stagePaths(worktree: string, paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  for (const file of paths) {
    const reason = irregularReason(worktree, file);
    if (reason) throw new PolicyDeniedError(`refused to commit ${file}: it ${reason} (rule paths.regular-file)`, 'paths.regular-file');
  }
  await git(['--literal-pathspecs', 'add', '--all', '--', ...paths], { cwd: worktree });
  const wanted = new Set(paths);
  const listed = await withGit({ cwd: worktree }, ['diff'], (client) => client.diff(['--cached', '--name-only', '--no-renames', '-z', 'HEAD']));
  const staged = listed.split('\0').filter(Boolean);
  const extra = staged.filter((file) => !wanted.has(file));
  if (extra.length > 0) {
    throw new PolicyDeniedError(
      `refused to commit: the index holds ${extra.join(', ')}, which the agent did not change (rule paths.agent-changed)`,
      'paths.agent-changed',
    );
  }
}

/** Commit the staged paths with trailers; returns the new commit's sha. */
export async function commitStaged(worktree: string, input: CommitInput): Promise<string> {
  if (!input.staged) await stagePaths(worktree, input.paths);
  const trailerArgs = Object.entries(input.trailers).flatMap(([key, value]) => ['--trailer', `${key}: ${value}`]);
  // Raw, not simple-git's commit(): that takes the message as -m and has no place for
  // the -c settings above, --no-verify or trailers. The message goes in on stdin.
  await git([...COMMIT_CONFIG, 'commit', '--quiet', '--no-verify', '--file', '-', ...trailerArgs], {
    cwd: worktree,
    input: input.message,
    ...(input.env ? { env: input.env } : {}),
  });
  return (await git(['rev-parse', 'HEAD'], { cwd: worktree })).trim();
}

/** Create a branch at a commit, refusing to move an existing one. */
export async function createBranch(repoRoot: string, branch: string, commit: string): Promise<void> {
  await git(['branch', '--no-track', '--end-of-options', branch, commit], { cwd: repoRoot });
}

/**
 * Create refs/heads/<branch> at the commit only if it does not exist yet (an empty old
 * value makes update-ref refuse an existing ref): one atomic step, no check-then-create race.
 * Resolves false when the name is taken.
 */
export async function createBranchIfAbsent(repoRoot: string, branch: string, commit: string): Promise<boolean> {
  try {
    await git(['update-ref', '-m', 'oryon: fix', `refs/heads/${branch}`, commit, ''], { cwd: repoRoot });
    return true;
  } catch (error) {
    if (error instanceof GitError) return false;
    throw error;
  }
}

/** The staged diff of `paths` against HEAD, as a unified diff and a diffstat (one git call). */
export async function stagedDiff(worktree: string, paths: string[]): Promise<{ diff: string; diffstat: string }> {
  if (paths.length === 0) return { diff: '', diffstat: '' };
  await stagePaths(worktree, paths);
  const out = await withGit({ cwd: worktree }, ['diff'], (client) =>
    client.diff(['--cached', '--no-color', '--no-ext-diff', '--stat', '--patch', 'HEAD', '--', ...paths]),
  );
  // --stat --patch prints the stat block, a blank line, then the patch from the first "diff --git".
  const start = out.search(/^diff --git /m);
  if (start < 0) return { diff: '', diffstat: out.trimEnd() };
  return { diff: out.slice(start), diffstat: out.slice(0, start).trimEnd() };
}

/** The trailers of a commit as key/value pairs (for tests and `runs show`). */
export async function commitTrailers(repoRoot: string, commit: string): Promise<Record<string, string>> {
  const out = await git(['show', '-s', '--format=%(trailers:only,unfold)', commit], { cwd: repoRoot });
  const trailers: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) trailers[match[1]!] = match[2]!;
  }
  return trailers;
}

/**
 * Move refs/heads/<branch> from `expected` to `commit` (compare-and-swap: refused when the
 * branch moved meanwhile). Used to extend a chat thread's branch and to take a commit back.
 */
export async function moveBranch(repoRoot: string, branch: string, commit: string, expected: string, reason: string): Promise<void> {
  await git(['update-ref', '-m', `oryon: ${reason}`, `refs/heads/${branch}`, commit, expected], { cwd: repoRoot });
}
