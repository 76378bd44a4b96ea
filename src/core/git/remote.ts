import { withGit } from './client.js';
import { git, GitError } from './exec.js';

/** The remote's URL, or undefined when the repo has no such remote. */
export async function remoteUrl(repoRoot: string, remote: string): Promise<string | undefined> {
  try {
    return (await git(['remote', 'get-url', '--end-of-options', remote], { cwd: repoRoot })).trim() || undefined;
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}

/**
 * Push one local branch to the same name on the remote. Never forced: a refspec without
 * `+` and no --force, so the remote refuses anything but a fast-forward. No hooks (a
 * pre-push hook would run outside the sandbox) and no prompt for credentials.
 */
export async function pushBranch(repoRoot: string, remote: string, branch: string, signal?: AbortSignal): Promise<void> {
  // --verbose and --porcelain given here: push() appends any it misses after the refspec,
  // where --end-of-options would make them refspecs.
  const args = ['--verbose', '--porcelain', '--no-verify', '--end-of-options', remote, `refs/heads/${branch}:refs/heads/${branch}`];
  await withGit({ cwd: repoRoot, signal, config: ['core.hooksPath=/dev/null'] }, ['push', ...args], (client) => client.push(args));
}
