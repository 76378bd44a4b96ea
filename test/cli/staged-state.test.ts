import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownNothingStaged, rememberNothingStaged, stagedStateKey } from '../../src/cli/staged-state.js';
import { tempDir } from '../helpers/git-repo.js';

function repo(): { root: string; git: (...args: string[]) => string } {
  const root = tempDir('oryon-staged-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(root, 'a.txt'), 'a\n');
  git('add', '-A');
  git('commit', '-qm', 'one');
  return { root, git };
}

const env = {} as NodeJS.ProcessEnv;

describe('stagedStateKey', () => {
  it('changes when something is staged, unstaged back to the same index, or HEAD moves', () => {
    const { root, git } = repo();
    const clean = stagedStateKey(root, env)!;
    expect(clean).toContain(root);
    expect(stagedStateKey(root, env)).toBe(clean);
    writeFileSync(path.join(root, 'a.txt'), 'b\n');
    git('add', 'a.txt');
    const staged = stagedStateKey(root, env);
    expect(staged).not.toBe(clean);
    git('commit', '-qm', 'two');
    expect(stagedStateKey(root, env)).not.toBe(staged);
    // Same index, another commit: git would see a staged change, so the key differs.
    const afterCommit = stagedStateKey(root, env);
    git('reset', '-q', '--soft', 'HEAD~1');
    expect(stagedStateKey(root, env)).not.toBe(afterCommit);
  });

  it('reads a packed ref, a detached HEAD and a linked worktree, and the index GIT_INDEX_FILE names', () => {
    const { root, git } = repo();
    const loose = stagedStateKey(root, env);
    git('pack-refs', '--all');
    expect(stagedStateKey(root, env)).toBe(loose);
    git('checkout', '-q', '--detach');
    expect(stagedStateKey(root, env)).toBe(loose);
    const linked = path.join(tempDir('oryon-staged-wt-'), 'wt');
    git('worktree', 'add', '-q', linked, '-b', 'side');
    const worktreeKey = stagedStateKey(linked, env);
    expect(worktreeKey).toContain(linked);
    writeFileSync(path.join(linked, 'a.txt'), 'c\n');
    execFileSync('git', ['add', 'a.txt'], { cwd: linked });
    expect(stagedStateKey(linked, env)).not.toBe(worktreeKey);
    const other = path.join(root, 'other-index');
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: root, env: { ...process.env, GIT_INDEX_FILE: other } });
    writeFileSync(path.join(root, 'b.txt'), 'b\n');
    execFileSync('git', ['add', 'b.txt'], { cwd: root, env: { ...process.env, GIT_INDEX_FILE: other } });
    expect(stagedStateKey(root, { GIT_INDEX_FILE: other })).not.toBe(stagedStateKey(root, env));
  });

  it('gives undefined where it cannot be certain: an unborn branch, no repo, an index written without its checksum', () => {
    const root = tempDir('oryon-staged-unborn-');
    spawnSync('git', ['init', '-q'], { cwd: root });
    expect(stagedStateKey(root, env)).toBeUndefined();
    expect(stagedStateKey(tempDir('oryon-staged-none-'), env)).toBeUndefined();
    // index.skipHash (git 2.40+) leaves the checksum zeros; made by hand for older gits.
    const { root: skipped } = repo();
    const index = readFileSync(path.join(skipped, '.git', 'index'));
    index.fill(0, index.length - 20);
    writeFileSync(path.join(skipped, 'unhashed-index'), index);
    expect(stagedStateKey(skipped, { GIT_INDEX_FILE: 'unhashed-index' })).toBeUndefined();
  });

  it('remembers "nothing staged" for exactly one index and HEAD, under ORYON_HOME', () => {
    const { root } = repo();
    const home = { ORYON_HOME: tempDir('oryon-staged-home-') } as NodeJS.ProcessEnv;
    const key = stagedStateKey(root, env)!;
    expect(knownNothingStaged(root, key, home)).toBe(false);
    rememberNothingStaged(root, key, home);
    expect(knownNothingStaged(root, key, home)).toBe(true);
    expect(knownNothingStaged(root, `${key.slice(0, -1)}0`, home)).toBe(false);
  });
});
