// HEAD's commit read from disk must be exactly what git answers, or undefined so git is asked.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/core/errors.js';
import { headOnDisk } from '../../../src/core/git/head-on-disk.js';
import { resolveCommit } from '../../../src/core/git/repo.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

const revParse = (root: string) => git(root, 'rev-parse', 'HEAD').trim();

describe('headOnDisk', () => {
  it('reads a loose branch ref, a packed one, a detached HEAD and a linked worktree as git does', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    expect(headOnDisk(root)?.commit).toBe(revParse(root));
    writeFile(root, 'a.txt', 'b\n');
    git(root, 'commit', '-qam', 'two');
    git(root, 'pack-refs', '--all');
    expect(headOnDisk(root)?.commit).toBe(revParse(root));
    git(root, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(headOnDisk(root)?.commit).toBe(revParse(root));
    const linked = path.join(tempDir(), 'linked');
    git(root, 'worktree', 'add', '-q', '--detach', linked, 'main');
    expect(headOnDisk(linked)?.commit).toBe(revParse(linked));
    expect(await resolveCommit(linked, 'HEAD')).toBe(revParse(linked));
  });

  it('answers undefined when git must decide: an unborn branch, a symbolic ref chain, no repository', async () => {
    const unborn = tempDir();
    execFileSync('git', ['init', '-q', '-b', 'main', unborn]);
    expect(headOnDisk(unborn)).toBeUndefined();
    await expect(resolveCommit(unborn, 'HEAD')).rejects.toBeInstanceOf(BadInputError);
    const root = makeRepo({ 'a.txt': 'a\n' });
    git(root, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    writeFileSync(path.join(root, '.git', 'HEAD'), 'ref: refs/heads/alias\n');
    expect(headOnDisk(root)).toBeUndefined();
    expect(await resolveCommit(root, 'HEAD')).toBe(revParse(root));
    expect(headOnDisk(tempDir())).toBeUndefined();
  });
});
