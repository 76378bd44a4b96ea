import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectEnv } from '../../../src/core/env/find.js';
import { shareFor } from '../../../src/core/env/share.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';

const none = { share: [], skip: [] };

function touch(root: string, file: string, text = ''): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('findProjectEnv', () => {
  it('finds ignored node_modules at any depth, virtualenvs by pyvenv.cfg and vendor/bundle; not build output', async () => {
    const root = makeRepo({ '.gitignore': 'node_modules/\n.venv/\nenv/\nvendor/bundle/\ndist/\n*.log\n', 'packages/a/package.json': '{}' });
    touch(root, 'node_modules/ms/index.js');
    touch(root, 'node_modules/.cache/babel/x');
    touch(root, 'packages/a/node_modules/left-pad/index.js');
    touch(root, '.venv/pyvenv.cfg', 'home = /usr/bin\nversion = 3.11.2\n');
    touch(root, 'env/pyvenv.cfg', 'home = /usr/bin\n');
    touch(root, 'vendor/bundle/ruby/3.2.0/gems/x');
    touch(root, 'dist/app.js');
    touch(root, 'debug.log');
    const env = await findProjectEnv(root, none);
    expect(env.dirs.map((dir) => [dir.path, dir.kind])).toEqual([
      ['.venv', 'python'],
      ['env', 'python'],
      ['node_modules', 'node'],
      ['packages/a/node_modules', 'node'],
      ['vendor/bundle', 'ruby'],
    ]);
    expect(env.venv).toBe('.venv');
    expect(env.venvHome).toBe('/usr/bin');
  });

  it('env.share adds ignored folders, env.skip removes found ones (and says so)', async () => {
    const root = makeRepo({ '.gitignore': 'node_modules/\n.tools/\n' });
    touch(root, 'node_modules/x/index.js');
    touch(root, '.tools/bin/protoc');
    const env = await findProjectEnv(root, { share: ['.tools'], skip: ['node_modules'] });
    expect(env.dirs.map((dir) => [dir.path, dir.kind])).toEqual([['.tools', 'custom']]);
    expect(env.skipped).toEqual([{ path: 'node_modules', reason: 'env.skip' }]);
  });

  it('a tracked or unignored folder is never shared; a node_modules that is a link shares where it leads', async () => {
    const root = makeRepo({ '.gitignore': 'node_modules\n', 'vendored/node_modules/x/index.js': 'tracked' });
    // Ignored by the pattern, yet tracked (added with -f, as vendored code sometimes is).
    git(root, 'add', '-f', 'vendored');
    git(root, 'commit', '-q', '-m', 'vendor');
    const store = tempDir('oryon-store-');
    touch(store, 'ms/index.js');
    symlinkSync(store, path.join(root, 'node_modules'));
    const env = await findProjectEnv(root, none);
    expect(env.dirs).toEqual([{ path: 'node_modules', kind: 'node', source: store }]);
  });

  it('shareFor maps each folder to the same path in the worktree, read-only, with existing caches in tmpfs and the venv first on PATH', async () => {
    const root = makeRepo({ '.gitignore': 'node_modules/\n.venv/\n' });
    touch(root, 'node_modules/.bin/vitest');
    touch(root, 'node_modules/.vite/deps/x');
    touch(root, '.venv/pyvenv.cfg', 'home = /usr/bin\n');
    const env = await findProjectEnv(root, none);
    const share = shareFor(env, '/wt');
    expect(share.shared).toEqual([
      { source: path.join(root, '.venv'), target: '/wt/.venv', tmpfs: [] },
      { source: path.join(root, 'node_modules'), target: '/wt/node_modules', tmpfs: ['/wt/node_modules/.vite'] },
    ]);
    expect(share.pathPrepend).toEqual(['/wt/.venv/bin', '/wt/node_modules/.bin']);
    expect(share.env).toEqual({ VIRTUAL_ENV: '/wt/.venv' });
  });
});
