import { withGit } from './client.js';
import { GitError } from './git-error.js';

/** A config value (the last one set, from any scope), or undefined when it is unset. */
export async function configValue(cwd: string, key: string): Promise<string | undefined> {
  try {
    const { value } = await withGit({ cwd }, ['config'], (client) => client.getConfig(key));
    return value ?? undefined;
  } catch (error) {
    // `git config --get-all` exits 1 for an unset key.
    if (error instanceof GitError && error.code === 1) return undefined;
    throw error;
  }
}
