// The top-level read from disk must be git's own answer, or no answer (then git is asked):
// every layout here is checked against `git rev-parse --show-toplevel`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverTopLevel, gitTopLevel } from '../../../src/core/git/top-level.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';

const cleanEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));

function gitsAnswer(dir: string, env: NodeJS.ProcessEnv = cleanEnv()): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** discoverTopLevel is git's answer or undefined; gitTopLevel is git's answer or the not-a-repo error. */
function expectAgrees(dir: string, env: NodeJS.ProcessEnv = cleanEnv()): string | undefined {
  const expected = gitsAnswer(dir, env);
  const found = discoverTopLevel(dir, env);
  if (found !== undefined) expect(found).toBe(expected);
  if (expected === undefined) expect(() => gitTopLevel(dir, env)).toThrow(/not a git repository/);
  else expect(gitTopLevel(dir, env)).toBe(expected);
  return found;
}

describe('the git top-level, read from disk', () => {
  it("answers git's top-level for the root and a deep folder with a non-ASCII name, through a symlink too", () => {
    const root = makeRepo({ 'src/café/ünï/app.py': 'x = 1\n' });
    expect(expectAgrees(root)).toBe(realpathSync(root));
    expect(expectAgrees(path.join(root, 'src/café/ünï'))).toBe(realpathSync(root));
    const link = path.join(tempDir(), 'link');
    symlinkSync(path.join(root, 'src'), link);
    expect(expectAgrees(link)).toBe(realpathSync(root));
  });

  it('answers for a linked worktree, and defers to git for a submodule (core.worktree)', () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const linked = path.join(tempDir(), 'linked');
    git(root, 'worktree', 'add', '-q', '-b', 'side', linked);
    expect(expectAgrees(path.join(linked))).toBe(realpathSync(linked));

    const library = makeRepo({ 'lib.txt': 'lib\n' });
    git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', library, 'vendor/lib');
    expect(expectAgrees(path.join(root, 'vendor/lib'))).toBeUndefined();
  });

  it('defers to git inside .git, in a bare repository, with core.worktree, and when a discovery variable is set', () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    expect(expectAgrees(path.join(root, '.git'))).toBeUndefined();
    expect(expectAgrees(path.join(root, '.git', 'refs'))).toBeUndefined();

    const bare = path.join(root, 'mirror.git');
    git(root, 'clone', '-q', '--bare', root, bare);
    expect(expectAgrees(bare)).toBeUndefined();
    expect(expectAgrees(path.join(bare, 'refs'))).toBeUndefined();

    const moved = makeRepo({ 'b.txt': 'b\n' });
    const elsewhere = tempDir();
    git(moved, 'config', 'core.worktree', elsewhere);
    expect(expectAgrees(moved)).toBeUndefined();

    for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CEILING_DIRECTORIES']) {
      expect(discoverTopLevel(root, { ...cleanEnv(), [name]: path.dirname(root) })).toBeUndefined();
    }
  });

  it('is not fooled by a .git that is not a repository, and says "not a git repository" outside one', () => {
    const outside = tempDir();
    const fake = path.join(outside, 'project');
    mkdirSync(path.join(fake, '.git'), { recursive: true });
    expect(expectAgrees(fake)).toBeUndefined();
    writeFileSync(path.join(fake, 'HEAD'), 'ref: refs/heads/main\n');
    const pointer = path.join(outside, 'pointer');
    mkdirSync(pointer);
    writeFileSync(path.join(pointer, '.git'), 'gitdir: /nowhere/at/all\n');
    expect(expectAgrees(pointer)).toBeUndefined();
    expect(() => gitTopLevel(outside, cleanEnv())).toThrow(/not a git repository/);
  });
});
