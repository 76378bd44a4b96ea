import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { gitListing, scanTree, secretGlobs, smallRepoListing } from '../../../src/core/sandbox/tree-masks.js';
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
  it('finds secrets at any depth — tracked, untracked and ignored', async () => {
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

  it("lists a small repository without git, seeing all git's listing sees (and more)", async () => {
    const repo = makeRepo({ '.gitignore': 'build/\nnode_modules/\n', 'certs/server.pem': 'k\n', 'src/ünï/app.py': 'x\n' });
    touch(path.join(repo, 'build', '.env'), 'B=2\n');
    touch(path.join(repo, 'node_modules', 'pkg', 'fixture.key'), 'k\n');
    touch(path.join(repo, 'notes', 'untracked.pem'), 'k\n');
    const nested = path.join(repo, 'vendor', 'x');
    mkdirSync(nested, { recursive: true });
    git(nested, 'init', '-q');
    touch(path.join(nested, 'inside.env'), 'x\n');
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'update-index', '--add', '--cacheinfo', `160000,${head},libs/sub`);
    mkdirSync(path.join(repo, 'libs', 'sub'), { recursive: true });
    const globs = secretGlobs(deny);
    const walked = smallRepoListing(repo)!;
    const listed = await gitListing(repo, globs);
    expect(walked).toBeDefined();
    for (const file of listed.files) expect(walked.files).toContain(file);
    for (const dir of listed.nestedRepos) expect(walked.nestedRepos).toContain(dir);
    expect(walked.nestedRepos).toEqual(expect.arrayContaining(['vendor/x', 'libs/sub']));
    // More than git: the files of a nested repository, whose secrets are masked too.
    expect(walked.files).toContain('vendor/x/inside.env');
    expect(walked.files.some((file) => file.startsWith('.git/') || file.includes('/.git/'))).toBe(false);
  });

  it('leaves big or unreadable trees to git: an ignored node_modules past the bound, a version 4 index, a linked worktree read through its .git file', async () => {
    const repo = makeRepo({ '.gitignore': 'node_modules/\n', 'a.py': 'x\n' });
    for (let i = 0; i < 1100; i++) touch(path.join(repo, 'node_modules', `p${i % 30}`, `f${i}.js`), '');
    touch(path.join(repo, 'node_modules', 'p1', '.env'), 'S=1\n');
    expect(smallRepoListing(repo)).toBeUndefined();
    expect((await scanTree(repo, deny)).masks.map((mask) => mask.path)).toEqual([path.join(repo, 'node_modules/p1/.env')]);

    const v4 = makeRepo({ 'a.py': 'x\n', '.env': 'S=1\n' });
    git(v4, 'update-index', '--index-version', '4');
    expect(smallRepoListing(v4)).toBeUndefined();
    expect((await scanTree(v4, deny)).masks.map((mask) => mask.path)).toEqual([path.join(v4, '.env')]);

    const main = makeRepo({ 'a.py': 'x\n', 'keys/deploy.pem': 'k\n' });
    const worktree = path.join(tempDir('oryon-wt-'), 'wt');
    git(main, 'worktree', 'add', '-q', '--detach', worktree);
    touch(path.join(worktree, '.env.local'), 'S=1\n');
    expect(smallRepoListing(worktree)).toBeDefined();
    expect((await scanTree(worktree, deny)).masks.map((mask) => mask.path).sort()).toEqual(
      [path.join(worktree, '.env.local'), path.join(worktree, 'keys/deploy.pem')].sort(),
    );
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
