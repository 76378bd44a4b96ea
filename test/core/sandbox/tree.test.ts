import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lendTree, overBudget, returnTree, stripSetIdBits, treeBytes, walkTree } from '../../../src/core/sandbox/tree.js';
import { tempDir } from '../../helpers/git-repo.js';

const isRoot = process.getuid?.() === 0;

function tree(): string {
  const root = tempDir('oryon-tree-');
  mkdirSync(path.join(root, 'sub'));
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, 'a'), 'a'.repeat(10_000));
  writeFileSync(path.join(root, 'sub', 'b'), 'b');
  writeFileSync(path.join(root, '.git', 'config'), 'c');
  return root;
}

describe('the writable tree', () => {
  it('walks with lstat, never following a link, and skips read-only paths', () => {
    const root = tree();
    const outside = tempDir('oryon-outside-');
    writeFileSync(path.join(outside, 'x'), 'x');
    symlinkSync(outside, path.join(root, 'link'));
    const paths = walkTree(root, [path.join(root, '.git')])
      .map((entry) => path.relative(root, entry.path))
      .sort();
    expect(paths).toEqual(['', 'a', 'link', 'sub', 'sub/b']);
  });

  it('counts allocated bytes once per inode', () => {
    const root = tree();
    const before = treeBytes(walkTree(root));
    linkSync(path.join(root, 'a'), path.join(root, 'a2'));
    expect(treeBytes(walkTree(root))).toBe(before);
    writeFileSync(path.join(root, 'big'), Buffer.alloc(1024 * 1024, 1));
    expect(treeBytes(walkTree(root)) - before).toBeGreaterThanOrEqual(1024 * 1024);
    expect(overBudget(3 * 1024 * 1024, 1024 * 1024)).toEqual({ rule: 'limits.max_write_mb', reason: 'wrote 3.0 MiB to the worktree; the limit is 1.0 MiB' });
  });

  it('strips setuid/setgid from files, reports them, and leaves a file linked from outside alone', () => {
    const root = tree();
    chmodSync(path.join(root, 'a'), 0o4755);
    chmodSync(path.join(root, 'sub', 'b'), 0o2711);
    chmodSync(path.join(root, 'sub'), 0o2755);
    const outside = path.join(tempDir('oryon-outside-'), 'suid');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o4755);
    linkSync(outside, path.join(root, 'linked'));
    const found = stripSetIdBits(walkTree(root)).map((file) => ({ ...file, path: path.relative(root, file.path) }));
    expect(found.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: 'a', mode: 0o4755, stripped: true },
      { path: 'linked', mode: 0o4755, stripped: false },
      { path: 'sub/b', mode: 0o2711, stripped: true },
    ]);
    expect(statSync(path.join(root, 'a')).mode & 0o7777).toBe(0o755);
    expect(statSync(path.join(root, 'sub', 'b')).mode & 0o7777).toBe(0o711);
    expect(statSync(path.join(root, 'sub')).mode & 0o7777).toBe(0o2755);
    expect(statSync(outside).mode & 0o7777).toBe(0o4755);
  });

  it.skipIf(!isRoot)('lends the tree to a uid and gives it back: old owners, new files like the root, outside links untouched', () => {
    const root = tree();
    chownSync(path.join(root, 'sub', 'b'), 1234, 2345);
    const shared = path.join(tempDir('oryon-shared-'), 'shared');
    writeFileSync(shared, 's');
    linkSync(shared, path.join(root, 'shared'));
    const loan = lendTree(root, [path.join(root, '.git')], { uid: 65534, gid: 65534 });
    expect(statSync(shared).uid).toBe(0);
    for (const file of ['', 'a', 'sub', 'sub/b']) expect(lstatSync(path.join(root, file))).toMatchObject({ uid: 65534, gid: 65534 });
    expect(lstatSync(path.join(root, '.git', 'config')).uid).toBe(0);
    // What the sandbox would do: new files, a replaced file, a hard link to a file elsewhere it owns.
    writeFileSync(path.join(root, 'new'), 'n');
    chownSync(path.join(root, 'new'), 65534, 65534);
    const elsewhere = path.join(tempDir('oryon-elsewhere-'), 'f');
    writeFileSync(elsewhere, 'e');
    chownSync(elsewhere, 65534, 65534);
    linkSync(elsewhere, path.join(root, 'hardlink'));
    returnTree(loan);
    for (const file of ['', 'a', 'sub', 'new']) expect(lstatSync(path.join(root, file))).toMatchObject({ uid: 0, gid: 0 });
    expect(lstatSync(path.join(root, 'sub', 'b'))).toMatchObject({ uid: 1234, gid: 2345 });
    expect(statSync(elsewhere)).toMatchObject({ uid: 65534, gid: 65534 });
  });
});
