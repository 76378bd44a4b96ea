import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectChanges, parseUnifiedDiff, startStagedDiff } from '../../../src/core/gates/changes.js';
import { BadInputError } from '../../../src/core/errors.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

const byPath = <T extends { path: string }>(files: T[]) => Object.fromEntries(files.map((file) => [file.path, file]));

describe('parseUnifiedDiff', () => {
  it('numbers added lines from the hunk header and counts removals', () => {
    const diff = [
      'diff --git a/x.py b/x.py',
      'index 1..2 100644',
      '--- a/x.py',
      '+++ b/x.py',
      '@@ -2,0 +3,2 @@ def f():',
      '+    a = 1',
      '+    b = 2',
      '@@ -10 +12 @@',
      '-old',
      '+new',
      'diff --git a/n.txt b/n.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/n.txt',
      '@@ -0,0 +1 @@',
      '+hello',
      '',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual([
      {
        path: 'x.py',
        added: [
          { line: 3, text: '    a = 1' },
          { line: 4, text: '    b = 2' },
          { line: 12, text: 'new' },
        ],
        removedCount: 1,
        isNew: false,
        blob: '2',
      },
      { path: 'n.txt', added: [{ line: 1, text: 'hello' }], removedCount: 0, isNew: true },
    ]);
  });

  it('unquotes paths git had to quote', () => {
    const diff = ['diff --git "a/a\\tb.py" "b/a\\tb.py"', '--- "a/a\\tb.py"', '+++ "b/a\\tb.py"', '@@ -1 +1 @@', '-x', '+y', ''].join('\n');
    expect(parseUnifiedDiff(diff)[0]!.path).toBe('a\tb.py');
  });
});

describe('collectChanges --staged', () => {
  it('checks the staged content, not the working tree', async () => {
    const root = makeRepo({ 'app.py': 'a = 1\nb = 2\n' });
    writeFile(root, 'app.py', 'a = 1\nsecret = "staged"\nb = 2\n');
    git(root, 'add', 'app.py');
    writeFile(root, 'app.py', 'a = 1\nb = 2\nworking = "tree only"\n');
    const changes = await collectChanges(root, { kind: 'staged' });
    expect(changes.contentRoot).toBeUndefined();
    expect(changes.files).toHaveLength(1);
    const [file] = changes.files;
    expect(file!.content).toBe('a = 1\nsecret = "staged"\nb = 2\n');
    expect(file!.added).toEqual([{ line: 2, text: 'secret = "staged"' }]);
    expect(file!.wholeFile).toBe(false);
  });

  it('reads staged files that are byte for byte on disk from disk, and asks git (one cat-file) only for the others', async () => {
    const root = makeRepo({ 'same.py': 'a = 1\n', 'edited.py': 'b = 1\n', 'target.txt': 't\n' });
    writeFile(root, 'same.py', 'a = 2\n');
    writeFile(root, 'edited.py', 'b = 2\n');
    writeFile(root, 'new é.txt', 'fresh\n');
    symlinkSync('target.txt', path.join(root, 'link'));
    git(root, 'add', '-A');
    writeFile(root, 'edited.py', 'b = 3  # after git add\n');
    // A git that logs what it is asked, in front of the real one.
    const shims = tempDir();
    const log = path.join(shims, 'log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      path.join(shims, 'git'),
      `#!/bin/sh\nfor arg in "$@"; do case "$arg" in cat-file|diff) echo "$arg" >> "${log}";; esac; done\nexec "${realGit}" "$@"\n`,
    );
    chmodSync(path.join(shims, 'git'), 0o755);
    vi.stubEnv('PATH', `${shims}:${process.env.PATH}`);
    const files = byPath((await collectChanges(root, { kind: 'staged' })).files);
    expect(Object.fromEntries(Object.entries(files).map(([name, file]) => [name, file.content]))).toEqual({
      'edited.py': 'b = 2\n',
      link: 'target.txt',
      'new é.txt': 'fresh\n',
      'same.py': 'a = 2\n',
    });
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['diff', 'cat-file']);
    // All of them as on disk: no cat-file at all.
    rmSync(path.join(root, 'link'));
    writeFile(root, 'edited.py', 'b = 2\n');
    git(root, 'rm', '-q', '--cached', 'link');
    rmSync(log);
    expect((await collectChanges(root, { kind: 'staged' })).files.map((file) => file.path).sort()).toEqual(['edited.py', 'new é.txt', 'same.py']);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['diff']);
  });

  it('uses the staged diff the hook started early for the same repo only, and asks git once', async () => {
    const root = makeRepo({ 'a.py': 'a = 1\n' });
    const other = makeRepo({ 'b.py': 'b = 1\n' });
    writeFile(root, 'a.py', 'a = 2\n');
    git(root, 'add', '-A');
    writeFile(other, 'b.py', 'b = 2\n');
    git(other, 'add', '-A');
    const expected = await collectChanges(root, { kind: 'staged' });
    expect(expected.files.map((file) => file.path)).toEqual(['a.py']);
    const shims = tempDir();
    const log = path.join(shims, 'log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      path.join(shims, 'git'),
      `#!/bin/sh\nfor arg in "$@"; do case "$arg" in diff) echo "$arg" >> "${log}";; esac; done\nexec "${realGit}" "$@"\n`,
    );
    chmodSync(path.join(shims, 'git'), 0o755);
    vi.stubEnv('PATH', `${shims}:${process.env.PATH}`);
    expect(await collectChanges(root, { kind: 'staged' }, { earlyStagedDiff: startStagedDiff(root) })).toEqual(expected);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual(['diff']);
    // Started for another repository (a wrong guess of the top-level): ignored.
    expect(await collectChanges(root, { kind: 'staged' }, { earlyStagedDiff: startStagedDiff(other) })).toEqual(expected);
    // A failed early read is the gate's error, as if it had asked git itself.
    const broken = makeRepo({ 'c.py': 'c\n' });
    writeFileSync(path.join(broken, '.git', 'index'), 'not an index');
    const early = startStagedDiff(broken);
    await expect(collectChanges(broken, { kind: 'staged' }, { earlyStagedDiff: early })).rejects.toThrow(BadInputError);
  });

  it('treats new files as wholly added, leaves out deletions and marks binaries', async () => {
    const root = makeRepo({ 'gone.txt': 'bye\n', 'keep.txt': 'x\n' });
    git(root, 'rm', '-q', 'gone.txt');
    writeFile(root, 'dir with space/new é.py', 'one\ntwo\n');
    writeFileSync(path.join(root, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0, 255]));
    git(root, 'add', '-A');
    const files = byPath((await collectChanges(root, { kind: 'staged' })).files);
    expect(Object.keys(files).sort()).toEqual(['blob.bin', 'dir with space/new é.py']);
    expect(files['dir with space/new é.py']).toMatchObject({
      wholeFile: true,
      added: [
        { line: 1, text: 'one' },
        { line: 2, text: 'two' },
      ],
    });
    expect(files['blob.bin']!.content).toBeUndefined();
  });

  it('works before the first commit', async () => {
    const root = tempDir();
    git(root, 'init', '-q', '-b', 'main');
    writeFile(root, 'a.js', 'eval(x)\n');
    git(root, 'add', 'a.js');
    const changes = await collectChanges(root, { kind: 'staged' });
    expect(changes.files.map((file) => [file.path, file.content])).toEqual([['a.js', 'eval(x)\n']]);
  });

  it('reads the index git points the hook at (GIT_INDEX_FILE), as `git commit -a` does', async () => {
    const root = makeRepo({ 'a.py': 'a = 1\n' });
    const altIndex = path.join(root, '.git', 'alt-index');
    writeFile(root, 'a.py', 'a = 1\nin_alt = True\n');
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: root, env: { ...process.env, GIT_INDEX_FILE: altIndex } });
    execFileSync('git', ['add', 'a.py'], { cwd: root, env: { ...process.env, GIT_INDEX_FILE: altIndex } });
    expect((await collectChanges(root, { kind: 'staged' })).files).toEqual([]);
    vi.stubEnv('GIT_INDEX_FILE', altIndex);
    const files = (await collectChanges(root, { kind: 'staged' })).files;
    expect(files.map((file) => file.added)).toEqual([[{ line: 2, text: 'in_alt = True' }]]);
  });
});

describe('collectChanges --all and PATH', () => {
  it('--all takes every tracked file from the working tree, never following symlinks', async () => {
    const root = makeRepo({ 'a.py': 'x = 1\n', 'sub/b.ts': 'let y = 2;\n' });
    symlinkSync('/etc/passwd', path.join(root, 'link'));
    writeFile(root, 'untracked.py', 'z = 3\n');
    git(root, 'add', 'link');
    writeFile(root, 'a.py', 'x = 10\n');
    const changes = await collectChanges(root, { kind: 'all' });
    expect(changes.contentRoot).toBe(root);
    expect(changes.files.map((file) => file.path).sort()).toEqual(['a.py', 'sub/b.ts']);
    expect(byPath(changes.files)['a.py']).toMatchObject({ content: 'x = 10\n', wholeFile: true, added: [{ line: 1, text: 'x = 10' }] });
  });

  it('resolves paths from the cwd and expands directories without ignored files', async () => {
    const root = makeRepo({ '.gitignore': 'build/\n', 'src/a.py': 'a\n', 'src/b.py': 'b\n', 'other.py': 'o\n' });
    writeFile(root, 'src/new.py', 'n\n');
    writeFile(root, 'src/build/out.py', 'ignored\n');
    mkdirSync(path.join(root, 'src', 'empty'));
    const changes = await collectChanges(root, { kind: 'paths', paths: ['.', '../other.py'] }, { cwd: path.join(root, 'src') });
    expect(changes.files.map((file) => file.path).sort()).toEqual(['other.py', 'src/a.py', 'src/b.py', 'src/new.py']);
  });

  it('refuses paths that do not exist or leave the repo (exit 2)', async () => {
    const root = makeRepo({ 'a.py': 'a\n' });
    await expect(collectChanges(root, { kind: 'paths', paths: ['missing.py'] }, { cwd: root })).rejects.toBeInstanceOf(BadInputError);
    await expect(collectChanges(root, { kind: 'paths', paths: ['../'] }, { cwd: root })).rejects.toThrow(/outside the repository/);
  });
});

describe('collectChanges worktree-diff', () => {
  it('diffs the worktree against the base, including new untracked files', async () => {
    const root = makeRepo({ 'a.py': 'one\ntwo\nthree\n' });
    const base = git(root, 'rev-parse', 'HEAD').trim();
    writeFile(root, 'a.py', 'one\nTWO\nthree\nfour\n');
    writeFile(root, 'new.py', 'fresh\n');
    writeFile(root, 'gone.py', '');
    rmSync(path.join(root, 'gone.py'));
    const changes = await collectChanges(root, { kind: 'worktree-diff', worktree: root, base });
    const files = byPath(changes.files);
    expect(files['a.py']).toMatchObject({
      added: [
        { line: 2, text: 'TWO' },
        { line: 4, text: 'four' },
      ],
      removedCount: 1,
      wholeFile: false,
    });
    expect(files['new.py']).toMatchObject({ added: [{ line: 1, text: 'fresh' }], wholeFile: true });
  });
});
