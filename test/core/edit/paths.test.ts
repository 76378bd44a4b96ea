import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanPath, listRepoFiles, resolveEditPath } from '../../../src/core/edit/paths.js';
import { applyEditText } from '../../../src/core/edit/index.js';
import { git, removeDir, snapshot, tempRepo } from './helpers.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function setup(): { repo: string; outside: string } {
  const outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'oryon-outside-')));
  writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
  const repo = realpathSync(tempRepo());
  mkdirSync(path.join(repo, 'src'));
  writeFileSync(path.join(repo, 'src', 'app.py'), 'x = 1\n');
  dirs.push(repo, outside);
  return { repo, outside };
}

describe('cleanPath', () => {
  test.each([
    ['src/a.py', 'src/a.py'],
    ['./src/a.py', 'src/a.py'],
    ['src\\a.py', 'src/a.py'],
    ['src/../lib/a.py', 'lib/a.py'],
  ])('%s → %s', (written, rel) => {
    expect(cleanPath(written)).toEqual({ ok: true, rel });
  });
  test.each([
    ['../a.py', 'leaves the repository'],
    ['a/../../b', 'leaves the repository'],
    ['/etc/passwd', 'absolute path'],
    ['C:\\x\\y.txt', 'absolute path'],
    ['~/.bashrc', 'absolute path'],
    ['.git/config', 'inside .git'],
    ['src/', 'not a file path'],
  ])('%s is refused', (written, reason) => {
    const result = cleanPath(written);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});

describe('resolveEditPath', () => {
  test('a directory symlinked out of the repo is refused, for new and existing files', () => {
    const { repo, outside } = setup();
    symlinkSync(outside, path.join(repo, 'linked'));
    for (const mode of ['existing', 'create', 'either'] as const) {
      const name = mode === 'existing' ? 'linked/secret.txt' : 'linked/new.txt';
      const result = resolveEditPath(repo, name, [], mode);
      expect(result).toEqual({ ok: false, rule: 'paths.inside-repo', reason: `${name} resolves outside the repository (through a symlink)` });
    }
  });

  test('a file symlinked out of the repo is refused', () => {
    const { repo, outside } = setup();
    symlinkSync(path.join(outside, 'secret.txt'), path.join(repo, 'notes.txt'));
    expect(resolveEditPath(repo, 'notes.txt', [], 'existing').ok).toBe(false);
  });

  test('a symlink that stays inside the repo resolves to its target', () => {
    const { repo } = setup();
    symlinkSync('src', path.join(repo, 'alias'));
    expect(resolveEditPath(repo, 'alias/app.py', [], 'existing')).toEqual({
      ok: true,
      rel: 'alias/app.py',
      abs: path.join(repo, 'src', 'app.py'),
      exists: true,
    });
  });

  test('a short name finds its one tracked file, never a guess between several', () => {
    const { repo } = setup();
    expect(resolveEditPath(repo, 'app.py', ['src/app.py', 'README.md'], 'existing')).toMatchObject({ ok: true, rel: 'src/app.py' });
    mkdirSync(path.join(repo, 'lib'));
    writeFileSync(path.join(repo, 'lib', 'app.py'), 'y\n');
    const two = resolveEditPath(repo, 'app.py', ['src/app.py', 'lib/app.py'], 'existing');
    expect(two).toEqual({ ok: false, reason: 'app.py could mean 2 files: src/app.py, lib/app.py; write the full path' });
  });

  test('a suffix must end at a path separator', () => {
    const { repo } = setup();
    expect(resolveEditPath(repo, 'pp.py', ['src/app.py'], 'existing').ok).toBe(false);
  });

  test('a missing path stands for the one file with its name (SEARCH confirms it); several are named', () => {
    const { repo } = setup();
    const result = resolveEditPath(repo, 'lib/app.py', ['src/app.py'], 'existing');
    expect(result).toMatchObject({ ok: true, rel: 'src/app.py', note: 'lib/app.py does not exist; src/app.py is the one file named app.py' });
    mkdirSync(path.join(repo, 'web'));
    writeFileSync(path.join(repo, 'web', 'app.py'), 'y\n');
    const two = resolveEditPath(repo, 'lib/app.py', ['src/app.py', 'web/app.py'], 'existing');
    expect(two).toEqual({ ok: false, reason: 'lib/app.py does not exist and 2 files are named app.py: src/app.py, web/app.py; write the full path' });
    expect(resolveEditPath(repo, 'lib/app.py', ['src/app.py', 'web/app.py'], 'existing', { shown: ['web/app.py'] })).toMatchObject({
      ok: true,
      rel: 'web/app.py',
    });
    expect(resolveEditPath(repo, 'lib/none.py', ['src/app.py'], 'existing')).toEqual({
      ok: false,
      reason: 'lib/none.py does not exist; use an empty SEARCH to create it',
    });
  });

  test('an empty SEARCH creates at the path as written, a whole-file block prefers the one match', () => {
    const { repo } = setup();
    expect(resolveEditPath(repo, 'app.py', ['src/app.py'], 'create')).toMatchObject({ ok: true, rel: 'app.py', exists: false });
    expect(resolveEditPath(repo, 'app.py', ['src/app.py'], 'either')).toMatchObject({ ok: true, rel: 'src/app.py', exists: true });
    expect(resolveEditPath(repo, 'new/b.py', ['src/app.py'], 'either')).toMatchObject({ ok: true, rel: 'new/b.py', exists: false });
  });

  test('a directory is not a file', () => {
    const { repo } = setup();
    expect(resolveEditPath(repo, 'src', [], 'existing')).toEqual({ ok: false, reason: 'src is a directory, not a file' });
  });
});

describe('listRepoFiles', () => {
  test('tracked and untracked files, not ignored ones; [] outside a repo', () => {
    const { repo, outside } = setup();
    writeFileSync(path.join(repo, '.gitignore'), 'build/\n');
    mkdirSync(path.join(repo, 'build'));
    writeFileSync(path.join(repo, 'build', 'out.py'), 'z\n');
    git(repo, 'add', 'src/app.py');
    expect(listRepoFiles(repo).sort()).toEqual(['.gitignore', 'src/app.py']);
    expect(listRepoFiles(outside)).toEqual([]);
  });
});

describe('applyEditText and symlinks', () => {
  test('an edit through a symlink out of the repo changes nothing anywhere', async () => {
    const { repo, outside } = setup();
    symlinkSync(outside, path.join(repo, 'linked'));
    const before = [snapshot(repo), snapshot(outside)];
    const result = await applyEditText(repo, 'linked/secret.txt\n<<<<<<< SEARCH\nsecret\n=======\nstolen\n>>>>>>> REPLACE\n');
    expect(result.ok).toBe(false);
    expect(result.feedback).toContain('resolves outside the repository');
    expect([snapshot(repo), snapshot(outside)]).toEqual(before);
  });
});

describe('resolveEditPath for new files', () => {
  test('a new file under an existing file is refused before anything is written', () => {
    const { repo } = setup();
    expect(resolveEditPath(repo, 'src/app.py/inner.py', [], 'create')).toEqual({
      ok: false,
      reason: 'src/app.py/inner.py cannot be created: src/app.py is a file, not a directory',
    });
  });
});
