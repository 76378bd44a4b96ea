import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ancestors, envFileRoots, findEnvFiles, homeSecretMasks } from '../../../src/core/sandbox/secrets.js';
import { tempDir } from '../../helpers/git-repo.js';

function touch(file: string, text = 'x'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('homeSecretMasks', () => {
  it('masks credential stores that exist: directories as dirs, files as files, links at their target', () => {
    const home = tempDir('oryon-home-');
    touch(path.join(home, '.ssh', 'id_rsa'));
    touch(path.join(home, '.netrc'));
    touch(path.join(home, '.config', 'gh', 'hosts.yml'));
    const real = tempDir('oryon-aws-');
    symlinkSync(real, path.join(home, '.aws'));
    const masks = homeSecretMasks([home], {});
    expect(masks).toEqual(
      expect.arrayContaining([
        { path: path.join(home, '.ssh'), kind: 'dir' },
        { path: path.join(home, '.netrc'), kind: 'file' },
        { path: path.join(home, '.config', 'gh'), kind: 'dir' },
        { path: real, kind: 'dir' },
      ]),
    );
    expect(masks.some((mask) => mask.path.endsWith('.gnupg'))).toBe(false);
  });
});

describe('findEnvFiles', () => {
  it('finds .env files around the worktree but not inside it, nor in hidden or dependency folders', () => {
    const root = tempDir('oryon-envs-');
    const repo = path.join(root, 'code', 'app');
    touch(path.join(repo, '.env'));
    touch(path.join(root, 'code', '.env.local'));
    touch(path.join(root, 'code', 'other', '.env'));
    touch(path.join(root, 'code', 'other', 'sub', '.envrc'));
    touch(path.join(root, 'code', 'other', 'node_modules', 'pkg', '.env'));
    touch(path.join(root, 'code', 'other', '.cache', '.env'));
    mkdirSync(path.join(root, 'code', 'venvproj', '.env'), { recursive: true });
    const found = findEnvFiles(envFileRoots(repo, undefined, [root]), [repo]);
    expect(found).toEqual(
      [path.join(root, 'code', '.env.local'), path.join(root, 'code', 'other', '.env'), path.join(root, 'code', 'other', 'sub', '.envrc')].sort(),
    );
  });

  it('includes the main checkout\'s .env when the sandbox runs in a linked worktree', () => {
    const root = tempDir('oryon-envs-');
    const main = path.join(root, 'main');
    const worktree = path.join(root, 'state', 'worktrees', 'run1');
    touch(path.join(main, '.env'));
    touch(path.join(main, 'service', 'config', '.env.production'));
    mkdirSync(worktree, { recursive: true });
    const found = findEnvFiles(envFileRoots(worktree, main, []), [worktree]);
    expect(found).toContain(path.join(main, '.env'));
    expect(found).toContain(path.join(main, 'service', 'config', '.env.production'));
  });
});

describe('ancestors', () => {
  it('lists every directory up to the root', () => {
    expect(ancestors('/a/b/c')).toEqual(['/a/b/c', '/a/b', '/a', '/']);
  });
});
