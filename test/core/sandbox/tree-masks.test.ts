import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { scanTree, secretGlobs } from '../../../src/core/sandbox/tree-masks.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';

const deny = loadPolicy().paths.deny;

function touch(file: string, text = 'x'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('secretGlobs', () => {
  it('keeps the deny globs that name secrets, not those that protect paths from edits', () => {
    expect(secretGlobs(deny)).toEqual(['.env*', '**/.env*', '**/*.pem', '**/*.key', '**/id_rsa*']);
    expect(secretGlobs(['config/secrets/**', '**/*.p12', 'docs/**', 'keyboard.ts', 'src/monkey.ts', '**/token.json'])).toEqual([
      'config/secrets/**',
      '**/*.p12',
      '**/token.json',
    ]);
  });
});

describe('scanTree', () => {
  it("finds secrets at any depth — tracked, untracked and ignored — with git's listing", async () => {
    const repo = makeRepo({
      '.gitignore': 'build/\nnode_modules/\n*.local\n',
      'certs/server.pem': 'tracked key\n',
      'src/app.py': 'print(1)\n',
    });
    touch(path.join(repo, '.env.local'), 'A=1\n');
    touch(path.join(repo, 'build', 'deep', 'er', 'still', '.env'), 'B=2\n');
    touch(path.join(repo, 'node_modules', 'pkg', 'test', 'fixture.key'), 'k\n');
    touch(path.join(repo, 'a', 'b', 'c', 'd', 'e', 'id_rsa_backup'), 'k\n');
    touch(path.join(repo, 'src', 'keyboard.py'), 'not a secret\n');
    const outside = path.join(tempDir('oryon-outside-'), 'real.env');
    touch(outside, 'C=3\n');
    symlinkSync(outside, path.join(repo, '.env'));
    const scan = await scanTree(repo, deny);
    expect(scan.masks.map((mask) => mask.path).sort()).toEqual(
      [
        path.join(repo, '.env.local'),
        path.join(repo, 'a/b/c/d/e/id_rsa_backup'),
        path.join(repo, 'build/deep/er/still/.env'),
        path.join(repo, 'certs/server.pem'),
        path.join(repo, 'node_modules/pkg/test/fixture.key'),
        // The link is masked where it leads: a mount follows it.
        outside,
      ].sort(),
    );
    expect(scan.masks.every((mask) => mask.kind === 'file')).toBe(true);
  });

  it('names the .git of nested repositories: untracked, ignored, and submodules', async () => {
    const repo = makeRepo({ '.gitignore': 'build/\n', 'a.txt': 'a\n' });
    const nested = path.join(repo, 'vendor', 'x');
    mkdirSync(nested, { recursive: true });
    git(nested, 'init', '-q');
    const ignored = path.join(repo, 'build', 'y');
    mkdirSync(ignored, { recursive: true });
    git(ignored, 'init', '-q');
    // A gitlink in the index, as a submodule leaves it (not checked out: its .git is absent).
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${head},libs/sub`);
    mkdirSync(path.join(repo, 'libs', 'sub'), { recursive: true });
    const scan = await scanTree(repo, deny);
    expect(scan.nestedGit).toEqual([path.join(repo, 'build/y/.git'), path.join(repo, 'libs/sub/.git'), path.join(repo, 'vendor/x/.git')]);
  });

  it('walks a directory that is not a repository, within a bound', async () => {
    const dir = tempDir('oryon-plain-');
    touch(path.join(dir, 'deep', 'er', '.env'), 'x');
    touch(path.join(dir, 'ok.txt'), 'x');
    mkdirSync(path.join(dir, 'sub', '.git'), { recursive: true });
    const scan = await scanTree(dir, deny);
    expect(scan.masks.map((mask) => mask.path)).toEqual([path.join(dir, 'deep/er/.env')]);
    expect(scan.nestedGit).toEqual([path.join(dir, 'sub/.git')]);
  });
});
