import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitDirsFor } from '../../../src/core/sandbox/git-dirs.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';

describe('gitDirsFor', () => {
  it('returns .git of a main checkout, also from a subdirectory', () => {
    const repo = makeRepo({ 'src/a.txt': 'a\n' });
    expect(gitDirsFor(repo)).toEqual({ readOnly: [path.join(repo, '.git')], repoRoot: repo });
    expect(gitDirsFor(path.join(repo, 'src'))).toEqual({ readOnly: [path.join(repo, '.git')], repoRoot: repo });
  });

  it('returns the .git file, the main .git and the worktree admin dir of a linked worktree', () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const worktree = path.join(tempDir('oryon-wt-'), 'run');
    git(repo, 'worktree', 'add', '--detach', '--quiet', worktree, 'HEAD');
    const dirs = gitDirsFor(worktree);
    expect(dirs.repoRoot).toBe(repo);
    expect(dirs.readOnly).toEqual([path.join(worktree, '.git'), path.join(repo, '.git'), path.join(repo, '.git', 'worktrees', 'run')]);
  });

  it('returns nothing outside a repository', () => {
    expect(gitDirsFor(tempDir('oryon-norepo-'))).toEqual({ readOnly: [] });
  });
});
