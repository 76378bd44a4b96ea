import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyDeniedError } from '../../../src/core/errors.js';
import { removeCovers, resolveHooksPath, treeGuards } from '../../../src/core/sandbox/tree-guards.js';
import { tempDir } from '../../helpers/git-repo.js';

describe('treeGuards', () => {
  it('mounts existing guarded paths read-only and covers absent guarded directories', () => {
    const root = tempDir('oryon-tree-');
    mkdirSync(path.join(root, '.oryon'));
    mkdirSync(path.join(root, '.husky', '_'), { recursive: true });
    writeFileSync(path.join(root, 'lefthook.yml'), 'pre-commit: {}\n');
    mkdirSync(path.join(root, 'vendor', 'x', '.git'), { recursive: true });
    mkdirSync(path.join(root, 'libs', 'sub'), { recursive: true });
    const guards = treeGuards(root, {
      hooksPath: path.join(root, 'tools', 'hooks'),
      nestedGit: [path.join(root, 'vendor/x/.git'), path.join(root, 'libs/sub/.git'), path.join(root, 'gone/y/.git')],
    });
    expect(guards.readOnly.sort()).toEqual(
      [path.join(root, '.husky'), path.join(root, '.oryon'), path.join(root, 'lefthook.yml'), path.join(root, 'vendor/x/.git')].sort(),
    );
    // tools/ does not exist, so its hooks dir cannot be covered there (nor can gone/y/.git); absent files are not covered.
    expect(guards.covers.sort()).toEqual(
      [path.join(root, '.githooks'), path.join(root, '.lefthook'), path.join(root, '.lefthook-local'), path.join(root, 'libs/sub/.git')].sort(),
    );
  });

  it('guards core.hooksPath only inside the tree', () => {
    const root = tempDir('oryon-tree-');
    mkdirSync(path.join(root, 'ci', 'hooks'), { recursive: true });
    expect(treeGuards(root, { hooksPath: path.join(root, 'ci', 'hooks') }).readOnly).toEqual([path.join(root, 'ci', 'hooks')]);
    expect(treeGuards(root, { hooksPath: '/usr/share/hooks' }).readOnly).toEqual([]);
  });

  it('refuses a guarded path that is a symbolic link: the link itself would stay replaceable', () => {
    const root = tempDir('oryon-tree-');
    symlinkSync(tempDir('oryon-elsewhere-'), path.join(root, '.oryon'));
    expect(() => treeGuards(root)).toThrow(PolicyDeniedError);
    expect(() => treeGuards(root)).toThrow(/\.oryon is a symbolic link/);
  });
});

describe('resolveHooksPath', () => {
  it('resolves as git does: relative to the top level, ~ expanded', () => {
    expect(resolveHooksPath('.husky/_', '/repo')).toBe('/repo/.husky/_');
    expect(resolveHooksPath('/abs/hooks', '/repo')).toBe('/abs/hooks');
    expect(resolveHooksPath('~/hooks', '/repo', '/home/dev')).toBe('/home/dev/hooks');
  });
});

describe('removeCovers', () => {
  it('removes empty mountpoints and leaves anything with content', () => {
    const root = tempDir('oryon-tree-');
    const empty = path.join(root, '.githooks');
    const filled = path.join(root, '.husky');
    mkdirSync(empty);
    mkdirSync(filled);
    writeFileSync(path.join(filled, 'pre-commit'), '#!/bin/sh\n');
    removeCovers([empty, filled, path.join(root, 'absent')]);
    expect(existsSync(empty)).toBe(false);
    expect(existsSync(path.join(filled, 'pre-commit'))).toBe(true);
  });
});
