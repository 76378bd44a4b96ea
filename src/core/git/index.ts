export { git, gitSucceeds, GitError, type GitOptions } from './exec.js';
export { configValue } from './config.js';
export { branchExists, currentBranch, filesAtCommit, repoKey, resolveCommit, trackedFiles, uniqueBranch } from './repo.js';
export { addWorktree, listWorktreeDirs, pruneWorktrees, removeWorktree, worktreeRoot } from './worktree.js';
export { commitStaged, commitTrailers, createBranch, createBranchIfAbsent, moveBranch, stagePaths, stagedDiff, type CommitInput } from './commit.js';
export { cleanStaleWorktrees } from './stale.js';
export { assertStateOutsideRepo, isInside } from './inside.js';
export { assertCommitIdentity } from './identity.js';
export { pushBranch, remoteUrl } from './remote.js';
export {
  branchCommit,
  checkedOutAt,
  deleteBranchIfAt,
  hasUncommittedWork,
  isAncestor,
  mergeCommitWithoutTree,
  moveCheckedOut,
  revertCommit,
  updateBranchIfAt,
} from './merge.js';
