import { GitError } from './git-error.js';
import { withGit, type GitOptions } from './client.js';

export { GitError } from './git-error.js';
export type { GitOptions } from './client.js';

/** Run git (through simple-git, no shell); resolves with stdout, rejects with GitError (or InterruptedError on abort). */
export function git(args: string[], options: GitOptions): Promise<string> {
  return withGit(options, args, (client) => client.raw([...args]));
}

/** Like git(), but answers false instead of failing (for yes/no questions such as "does this ref exist?"). */
export async function gitSucceeds(args: string[], options: GitOptions): Promise<boolean> {
  try {
    await git(args, options);
    return true;
  } catch (error) {
    if (error instanceof GitError) return false;
    throw error;
  }
}
