import { BadInputError } from '../errors.js';
import { git, GitError } from './exec.js';

/**
 * Fails fast, before any model time is spent, when git cannot name the author and
 * committer of the fix: otherwise the whole run would be thrown away at `git commit`.
 */
export async function assertCommitIdentity(repoRoot: string): Promise<void> {
  try {
    await Promise.all([git(['var', 'GIT_AUTHOR_IDENT'], { cwd: repoRoot }), git(['var', 'GIT_COMMITTER_IDENT'], { cwd: repoRoot })]);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new BadInputError('git does not know who you are, so oryon cannot commit the fix', {
      hint: 'git config --global user.name "Your Name" && git config --global user.email you@example.com (or use --mode advisor)',
    });
  }
}
