import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndexEntries } from '../../../src/core/git/index-entries.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';

/** What git itself says is in the index: path and mode, in its order. */
function gitEntries(repo: string): Array<{ path: string; mode: number }> {
  return git(repo, '-c', 'core.quotePath=false', 'ls-files', '--stage', '-z')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      return { path: file!, mode: parseInt(meta!.split(' ')[0]!, 8) };
    });
}

describe('readIndexEntries', () => {
  it('reads what `git ls-files --stage` lists: files, executables, links, submodules, non-ASCII and long paths', () => {
    const repo = makeRepo({ 'a.txt': 'a\n', 'src/été/ünï.py': 'x = 1\n', 'run.sh': '#!/bin/sh\n' });
    chmodSync(path.join(repo, 'run.sh'), 0o755);
    symlinkSync('a.txt', path.join(repo, 'link'));
    git(repo, 'add', '-A');
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${head},libs/sub`);
    // Past 0xfff bytes a path's length is not in the entry: it ends at its NUL.
    git(repo, 'update-index', '--add', '--cacheinfo', `100644,${git(repo, 'hash-object', '-w', 'a.txt').trim()},${'d/'.repeat(2100)}long.txt`);
    const entries = readIndexEntries(repo);
    expect(entries).toEqual(gitEntries(repo));
    expect(entries?.find((entry) => entry.path === 'libs/sub')?.mode).toBe(0o160000);
    expect(entries?.find((entry) => entry.path === 'link')?.mode).toBe(0o120000);
    expect(entries?.find((entry) => entry.path === 'run.sh')?.mode).toBe(0o100755);
  });

  it('reads version 3 (extended flags: intent-to-add), a linked worktree and a SHA-256 repository', () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    writeFileSync(path.join(repo, 'new.txt'), 'n\n');
    git(repo, 'add', '-N', 'new.txt');
    expect(readIndexEntries(repo)).toEqual(gitEntries(repo));

    const worktree = path.join(tempDir('oryon-wt-'), 'wt');
    git(repo, 'worktree', 'add', '-q', '--detach', worktree);
    expect(readIndexEntries(worktree)).toEqual(gitEntries(worktree));

    const sha256 = tempDir('oryon-sha256-');
    git(sha256, 'init', '-q', '--object-format=sha256');
    mkdirSync(path.join(sha256, 'src'));
    writeFileSync(path.join(sha256, 'src', 'b.txt'), 'b\n');
    writeFileSync(path.join(sha256, 'c.txt'), 'c\n');
    git(sha256, 'add', '-A');
    expect(readIndexEntries(sha256)).toEqual(gitEntries(sha256));
    expect(readIndexEntries(sha256)).toHaveLength(2);
  });

  it('answers undefined where git must be asked: version 4, a split index, too many entries, GIT_INDEX_FILE, no index', () => {
    const v4 = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    git(v4, 'update-index', '--index-version', '4');
    expect(readIndexEntries(v4)).toBeUndefined();

    const split = makeRepo({ 'a.txt': 'a\n' });
    git(split, 'update-index', '--split-index');
    expect(readIndexEntries(split)).toBeUndefined();

    const repo = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
    expect(readIndexEntries(repo, { maxEntries: 2 })).toBeUndefined();
    expect(readIndexEntries(repo, { maxEntries: 3 })).toHaveLength(3);
    expect(readIndexEntries(repo, { env: { GIT_INDEX_FILE: '/elsewhere' } })).toBeUndefined();

    expect(readIndexEntries(tempDir('oryon-plain-'))).toBeUndefined();
    const empty = tempDir('oryon-empty-');
    git(empty, 'init', '-q');
    expect(readIndexEntries(empty)).toBeUndefined();
  });

  it('answers undefined for a truncated or garbled index rather than guessing', () => {
    const repo = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const index = path.join(repo, '.git', 'index');
    const bytes = readFileSync(index);
    writeFileSync(index, bytes.subarray(0, bytes.length - 30));
    expect(readIndexEntries(repo)).toBeUndefined();
    const garbled = Buffer.from(bytes);
    garbled.writeUInt32BE(5, 8); // more entries than the file holds
    writeFileSync(index, garbled);
    expect(readIndexEntries(repo)).toBeUndefined();
  });
});
