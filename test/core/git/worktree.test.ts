import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addWorktree,
  branchExists,
  cleanStaleWorktrees,
  commitStaged,
  commitTrailers,
  createBranch,
  createBranchIfAbsent,
  filesAtCommit,
  currentBranch,
  removeWorktree,
  repoKey,
  resolveCommit,
  stagedDiff,
  trackedFiles,
  uniqueBranch,
  worktreeRoot,
} from '../../../src/core/git/index.js';
import { BadInputError } from '../../../src/core/errors.js';
import { branches, extraWorktrees, git, GIT_IDENTITY, makeDirty, makeRepo, snapshot, tempDir } from '../../helpers/git-repo.js';

function setup() {
  const repo = makeRepo({ 'a.py': 'x = 1\n', 'lib/b.py': 'y = 2\n', 'c.txt': 'c\n' });
  const home = tempDir('oryon-home-');
  return { repo, home, dir: path.join(worktreeRoot(home, repoKey(repo)), 'run-1') };
}

describe('worktrees', () => {
  it('adds a detached worktree outside the repo and removes it without a trace', async () => {
    const { repo, dir } = setup();
    makeDirty(repo);
    const before = snapshot(repo);
    const head = await resolveCommit(repo, 'HEAD');
    await addWorktree(repo, dir, head);
    expect(readFileSync(path.join(dir, 'a.py'), 'utf8')).toBe('x = 1\n');
    expect(await currentBranch(dir)).toBeUndefined();
    expect(extraWorktrees(repo)).toHaveLength(1);
    expect(dir.startsWith(repo)).toBe(false);
    await removeWorktree(repo, dir);
    expect(existsSync(dir)).toBe(false);
    expect(extraWorktrees(repo)).toEqual([]);
    expect(snapshot(repo)).toEqual(before);
    expect(branches(repo)).toEqual(['main']);
  });

  it('commits exactly the given paths with trailers, then a branch points at the commit', async () => {
    const { repo, dir } = setup();
    makeDirty(repo);
    const before = snapshot(repo);
    await addWorktree(repo, dir, await resolveCommit(repo, 'HEAD'));
    writeFileSync(path.join(dir, 'a.py'), 'x = 42\n');
    mkdirSync(path.join(dir, 'new'), { recursive: true });
    writeFileSync(path.join(dir, 'new/file.py'), 'z = 3\n');
    writeFileSync(path.join(dir, 'junk.pyc'), 'not committed');
    const { diff, diffstat } = await stagedDiff(dir, ['a.py', 'new/file.py']);
    expect(diff).toContain('+x = 42');
    expect(diff).toContain('+++ b/new/file.py');
    expect(diffstat).toContain('2 files changed');
    const sha = await commitStaged(dir, {
      paths: ['a.py', 'new/file.py'],
      message: 'Fix x\n\nbody\n',
      trailers: { 'Oryon-Run': 'run-1', 'Oryon-Model': 'm:7b' },
      env: GIT_IDENTITY,
    });
    const branch = await uniqueBranch(repo, 'oryon/fix-x');
    expect(branch).toBe('oryon/fix-x');
    await createBranch(repo, branch, sha);
    expect(await uniqueBranch(repo, 'oryon/fix-x')).toBe('oryon/fix-x-2');
    await createBranch(repo, 'oryon/fix-x-2', sha);
    await createBranch(repo, 'oryon/fix-x-4', sha);
    await createBranch(repo, 'oryon/fix-xy', sha);
    expect(await uniqueBranch(repo, 'oryon/fix-x')).toBe('oryon/fix-x-3');
    expect(await uniqueBranch(repo, 'oryon/fix')).toBe('oryon/fix');
    await removeWorktree(repo, dir);

    expect(await commitTrailers(repo, branch)).toEqual({ 'Oryon-Run': 'run-1', 'Oryon-Model': 'm:7b' });
    expect(git(repo, 'show', '--name-only', '--format=', branch).split('\n').filter(Boolean).sort()).toEqual(['a.py', 'new/file.py']);
    expect(git(repo, 'log', '-1', '--format=%s', branch).trim()).toBe('Fix x');
    expect(snapshot(repo)).toEqual(before);
    expect(await branchExists(repo, 'oryon/fix-x')).toBe(true);
  });

  it('cleans worktrees of runs that are not alive, keeps live ones', async () => {
    const { repo, home } = setup();
    const root = worktreeRoot(home, repoKey(repo));
    const head = await resolveCommit(repo, 'HEAD');
    await addWorktree(repo, path.join(root, 'dead'), head);
    await addWorktree(repo, path.join(root, 'live'), head);
    mkdirSync(path.join(root, 'half-made'), { recursive: true });
    const removed = await cleanStaleWorktrees(repo, home, (id) => id === 'live');
    expect(removed.sort()).toEqual(['dead', 'half-made']);
    expect(existsSync(path.join(root, 'live'))).toBe(true);
    expect(extraWorktrees(repo)).toHaveLength(1);
  });

  it('creates a branch only when the name is free', async () => {
    const { repo } = setup();
    const head = await resolveCommit(repo, 'HEAD');
    expect(await createBranchIfAbsent(repo, 'oryon/x', head)).toBe(true);
    expect(await createBranchIfAbsent(repo, 'oryon/x', head)).toBe(false);
    expect(await createBranchIfAbsent(repo, 'main', head)).toBe(false);
    expect(branches(repo).sort()).toEqual(['main', 'oryon/x']);
  });

  it('lists tracked files and names a bad base clearly', async () => {
    const { repo } = setup();
    expect((await trackedFiles(repo)).sort()).toEqual(['a.py', 'c.txt', 'lib/b.py']);
    expect((await filesAtCommit(repo, await resolveCommit(repo, 'HEAD'))).sort()).toEqual(['a.py', 'c.txt', 'lib/b.py']);
    await expect(resolveCommit(repo, 'no-such-branch')).rejects.toBeInstanceOf(BadInputError);
    expect(repoKey(repo)).toMatch(/^oryon-repo-[A-Za-z0-9_]+-[0-9a-f]{10}$/);
  });
});
