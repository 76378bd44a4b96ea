// Temp git repos for tests, and a byte-level snapshot of everything `oryon fix` must
// never change in the user's repo: working tree, index, stash, HEAD and current branch.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const datasetsDir = path.resolve(import.meta.dirname, '..', '..', 'datasets');

export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    // No optional locks: a snapshot must not refresh the index it is measuring.
    env: { ...process.env, ...GIT_IDENTITY, GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function tempDir(prefix = 'oryon-test-'): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** A fresh repo on branch main with the files committed. */
export function makeRepo(files: Record<string, string>, dir: string = tempDir('oryon-repo-')): string {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [file, text] of Object.entries(files)) writeFile(dir, file, text);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

export function writeFile(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

export interface DatasetTask {
  root: string;
  issue: string;
  solution: string;
  testCommand: string;
  /** The file the solution rewrites. */
  solutionFile: string;
}

/** A dataset task copied into a fresh committed repo. */
export function datasetRepo(name: string): DatasetTask {
  const dir = path.join(datasetsDir, name);
  const root = tempDir(`oryon-${name}-`);
  cpSync(path.join(dir, 'repo'), root, { recursive: true });
  makeRepo({}, root);
  const solution = readFileSync(path.join(dir, 'solution'), 'utf8');
  const task = parseYaml(readFileSync(path.join(dir, 'task.yaml'), 'utf8')) as { test_command: string };
  return {
    root,
    issue: readFileSync(path.join(dir, 'issue.md'), 'utf8').trim(),
    solution,
    testCommand: task.test_command,
    solutionFile: solution.split('\n')[0]!.trim(),
  };
}

/** Staged, unstaged and untracked changes, plus a stash entry: the tree a user has mid-work. */
export function makeDirty(root: string): void {
  const tracked = git(root, 'ls-files').split('\n').filter(Boolean);
  const first = tracked[0]!;
  const second = tracked[1] ?? first;
  writeFile(root, 'stashed.txt', 'stash me\n');
  git(root, 'add', 'stashed.txt');
  git(root, 'stash', 'push', '-q', '-m', 'user stash');
  writeFile(root, first, `${readFileSync(path.join(root, first), 'utf8')}\n# staged edit by the user\n`);
  git(root, 'add', first);
  writeFile(root, second, `${readFileSync(path.join(root, second), 'utf8')}\n# unstaged edit by the user\n`);
  writeFile(root, 'notes/untracked.txt', 'untracked user notes\n');
}

export interface TreeSnapshot {
  files: Record<string, string>;
  index: string;
  stash: string;
  head: string;
  branch: string;
  status: string;
}

function walk(root: string, dir: string, out: Record<string, string>): void {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (rel === '.git') continue;
    const full = path.join(root, rel);
    // Links are recorded as links (never followed); every entry keeps its mode, so a chmod shows too.
    const mode = (lstatSync(full).mode & 0o7777).toString(8);
    if (entry.isSymbolicLink()) out[rel] = `link ${readlinkSync(full)}`;
    else if (entry.isDirectory()) {
      out[`${rel}/`] = `dir ${mode}`;
      walk(root, rel, out);
    } else out[rel] = `${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
  }
}

export function snapshot(root: string): TreeSnapshot {
  const files: Record<string, string> = {};
  walk(root, '', files);
  let stash: string;
  try {
    stash = `${git(root, 'rev-parse', 'refs/stash').trim()}\n${git(root, 'stash', 'list')}`;
  } catch {
    stash = '(none)';
  }
  let branch: string;
  try {
    branch = git(root, 'symbolic-ref', '--short', 'HEAD').trim();
  } catch {
    branch = '(detached)';
  }
  return {
    files,
    // The index's raw bytes too: a refresh or rewrite would show even with the same entries.
    index: `${createHash('sha256')
      .update(readFileSync(path.join(root, '.git', 'index')))
      .digest('hex')}\n${git(root, 'ls-files', '-s')}`,
    stash,
    head: git(root, 'rev-parse', 'HEAD').trim(),
    branch,
    status: git(root, 'status', '--porcelain=v1', '--untracked-files=all'),
  };
}

/** Local branches (short names). */
export function branches(root: string): string[] {
  return git(root, 'for-each-ref', '--format=%(refname:short)', 'refs/heads').split('\n').filter(Boolean);
}

/** Worktrees git knows of, besides the main one. */
export function extraWorktrees(root: string): string[] {
  return git(root, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length))
    .filter((dir) => realpathSync(dir) !== realpathSync(root));
}
