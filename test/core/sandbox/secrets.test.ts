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

  it("includes the main checkout's .env when the sandbox runs in a linked worktree", () => {
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

describe('HOME_SECRETS', () => {
  it('masks databases, histories, AI and registry tokens, keyrings and container auth', () => {
    const home = tempDir('oryon-home-');
    const files = [
      '.pgpass',
      '.my.cnf',
      '.bash_history',
      '.zsh_history',
      '.python_history',
      '.node_repl_history',
      '.psql_history',
      '.mysql_history',
      '.sqlite_history',
      '.lesshst',
      '.local/share/fish/fish_history',
      '.codex/auth.json',
      '.claude/.credentials.json',
      '.ollama/id_ed25519',
      '.cache/huggingface/token',
      '.huggingface/token',
      '.m2/settings.xml',
      '.gradle/gradle.properties',
      '.yarnrc',
      '.yarnrc.yml',
      '.config/composer/auth.json',
      '.composer/auth.json',
      '.s3cfg',
    ];
    const dirs = ['.config/rclone', '.config/pip', '.pip', '.kaggle', '.config/containers', '.docker', '.local/share/keyrings'];
    for (const file of files) touch(path.join(home, file));
    for (const dir of dirs) touch(path.join(home, dir, 'inside'));
    const masks = homeSecretMasks([home], {});
    for (const file of files) expect(masks).toContainEqual({ path: path.join(home, file), kind: 'file' });
    for (const dir of dirs) expect(masks).toContainEqual({ path: path.join(home, dir), kind: 'dir' });
  });

  it('masks files the environment names (a history moved out of the home), never /', () => {
    const elsewhere = tempDir('oryon-hist-');
    touch(path.join(elsewhere, 'history'));
    const masks = homeSecretMasks([], { HISTFILE: path.join(elsewhere, 'history'), PGPASSFILE: '/' });
    expect(masks).toEqual([{ path: path.join(elsewhere, 'history'), kind: 'file' }]);
  });
});
