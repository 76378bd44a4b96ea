import { branchExists, currentBranch } from '../git/index.js';

/**
 * The branch a run starts from, which a PR targets and sovereign merges into: `--base`
 * when it names a local branch, else the branch checked out at the start. Undefined for a
 * detached HEAD or a --base that is a tag or a commit (then nothing is merged).
 */
export async function baseBranchOf(repoRoot: string, base: string | undefined): Promise<string | undefined> {
  if (base === undefined || base === 'HEAD') return currentBranch(repoRoot);
  const name = base.replace(/^refs\/heads\//, '');
  return (await branchExists(repoRoot, name)) ? name : undefined;
}
