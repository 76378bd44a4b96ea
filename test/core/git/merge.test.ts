// The base-branch moves sovereign and undo rely on, on real repositories: a merge commit
// made without a working tree, conflicts detected, compare-and-swap refusals, and a
// checked-out branch never moved over local changes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitError } from '../../../src/core/git/exec.js';
import {
  branchCommit,
  checkedOutAt,
  deleteBranchIfAt,
  hasUncommittedWork,
  isAncestor,
  mergeCommitWithoutTree,
  moveCheckedOut,
  revertCommit,
  updateBranchIfAt,
} from '../../../src/core/git/merge.js';
import { git, makeRepo, snapshot, tempDir, writeFile } from '../../helpers/git-repo.js';

function commitOn(root: string, branch: string, file: string, text: string): string {
  git(root, 'checkout', '-q', branch);
  writeFile(root, file, text);
  git(root, 'add', file);
  git(root, 'commit', '-q', '-m', `change ${file}`);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/** main and topic diverged from the first commit; the user is left on `elsewhere`. */
function diverged(topicFile = 'b.txt'): { root: string; main: string; topic: string } {
  const root = makeRepo({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
  git(root, 'branch', 'topic');
  const main = commitOn(root, 'main', 'a.txt', 'one, changed on main\n');
  const topic = commitOn(root, 'topic', topicFile, 'changed on topic\n');
  git(root, 'checkout', '-q', '-b', 'elsewhere');
  return { root, main, topic };
}

describe('git merge helpers', () => {
  it('makes a merge commit of two diverged branches without touching any working tree', async () => {
    const { root, main, topic } = diverged();
    const before = snapshot(root);
    const merge = await mergeCommitWithoutTree(root, main, topic, 'Merge topic\n');
    expect(merge).toMatch(/^[0-9a-f]{40}$/);
    expect(git(root, 'rev-list', '--parents', '-n', '1', merge!).trim().split(' ').slice(1)).toEqual([main, topic]);
    expect(git(root, 'show', `${merge}:a.txt`)).toBe('one, changed on main\n');
    expect(git(root, 'show', `${merge}:b.txt`)).toBe('changed on topic\n');
    await updateBranchIfAt(root, 'main', merge!, main, 'test');
    expect(await branchCommit(root, 'main')).toBe(merge);
    expect(snapshot(root)).toEqual(before);
  });

  it('reports a conflict as undefined, and refuses a stale compare-and-swap', async () => {
    const { root, main, topic } = diverged('a.txt');
    expect(await mergeCommitWithoutTree(root, main, topic, 'Merge\n')).toBeUndefined();
    await expect(updateBranchIfAt(root, 'main', topic, topic, 'stale')).rejects.toBeInstanceOf(GitError);
    await expect(deleteBranchIfAt(root, 'main', topic)).rejects.toBeInstanceOf(GitError);
    expect(await branchCommit(root, 'main')).toBe(main);
    expect(await isAncestor(root, main, topic)).toBe(false);
  });

  it('finds where a branch is checked out and whether that tree has uncommitted work', async () => {
    const root = makeRepo({ 'a.txt': 'one\n' });
    expect(await checkedOutAt(root, 'main')).toBe(root);
    expect(await checkedOutAt(root, 'nope')).toBeUndefined();
    expect(await hasUncommittedWork(root)).toBe(false);
    writeFile(root, 'new.txt', 'untracked\n');
    expect(await hasUncommittedWork(root)).toBe(true);
  });

  it('moves a checked-out branch only when nothing local would be overwritten', async () => {
    const root = makeRepo({ 'a.txt': 'one\n' });
    const first = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'branch', 'next');
    const next = commitOn(root, 'next', 'a.txt', 'two\n');
    git(root, 'checkout', '-q', 'main');
    writeFile(root, 'a.txt', 'local edit\n');
    await expect(moveCheckedOut(root, 'main', next, first, 'test')).rejects.toBeInstanceOf(GitError);
    expect(readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('local edit\n');
    expect(await branchCommit(root, 'main')).toBe(first);
    git(root, 'checkout', '-q', '--', 'a.txt');
    await moveCheckedOut(root, 'main', next, first, 'test');
    expect(readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('two\n');
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('reverts a merge commit against its first parent in a scratch worktree', async () => {
    const { root, main, topic } = diverged();
    const merge = (await mergeCommitWithoutTree(root, main, topic, 'Merge topic\n'))!;
    const scratch = path.join(tempDir('oryon-scratch-'), 'wt');
    const revert = await revertCommit(root, scratch, merge, merge);
    expect(git(root, 'rev-parse', `${revert}^`).trim()).toBe(merge);
    expect(git(root, 'show', `${revert}:b.txt`)).toBe('two\n');
    expect(git(root, 'show', `${revert}:a.txt`)).toBe('one, changed on main\n');
  });
});
