// The simple-git client behind every async git call: oryon's error types (GitError with
// args, stderr and exit code; InterruptedError; no git at all), an environment that cannot
// point git at another repository, simple-git's argument guard kept, and the status and
// branch helpers answering as the hand-written wrappers did.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OryonError, ExitCode, InterruptedError } from '../../../src/core/errors.js';
import { configValue } from '../../../src/core/git/config.js';
import { git as runGit, GitError, gitSucceeds } from '../../../src/core/git/exec.js';
import { branchCommit, hasUncommittedWork } from '../../../src/core/git/merge.js';
import { branchExists, currentBranch, resolveCommit } from '../../../src/core/git/repo.js';
import { stagedDiff } from '../../../src/core/git/commit.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

const saved = new Map<string, string | undefined>();
function setEnv(name: string, value: string): void {
  if (!saved.has(name)) saved.set(name, process.env[name]);
  process.env[name] = value;
}
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  saved.clear();
});

describe('git client errors', () => {
  it('maps a failing command to GitError with its args, stderr, exit code and first stderr line', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const error = await runGit(['rev-parse', 'nosuchref'], { cwd: root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitError);
    const gitError = error as GitError;
    expect(gitError.args).toEqual(['rev-parse', 'nosuchref']);
    expect(gitError.code).toBe(128);
    expect(gitError.stderr).toContain("ambiguous argument 'nosuchref'");
    expect(gitError.message).toBe(`git rev-parse: ${gitError.stderr.trim().split('\n')[0]}`);
    expect(gitError.exitCode).toBe(ExitCode.notDone);
  });

  it('fails a non-zero exit even with nothing on stderr, so yes/no questions stay answerable', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const error = (await runGit(['rev-parse', '--verify', '--quiet', 'nosuchref'], { cwd: root }).catch((caught: unknown) => caught)) as GitError;
    expect(error).toBeInstanceOf(GitError);
    expect(error.code).toBe(1);
    expect(error.message).toBe('git rev-parse: exit 1');
    expect(await gitSucceeds(['show-ref', '--verify', '--quiet', 'refs/heads/nope'], { cwd: root })).toBe(false);
    expect(await gitSucceeds(['show-ref', '--verify', '--quiet', 'refs/heads/main'], { cwd: root })).toBe(true);
  });

  it('rejects with InterruptedError when aborted, before or while git runs', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const before = new AbortController();
    before.abort();
    await expect(runGit(['status'], { cwd: root, signal: before.signal })).rejects.toBeInstanceOf(InterruptedError);
    // hash-object --stdin waits for input that never comes.
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    await expect(runGit(['hash-object', '--stdin'], { cwd: root, signal: during.signal })).rejects.toBeInstanceOf(InterruptedError);
  });

  it('says git is missing (exit 2), not that a command failed, when git is not on PATH', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    setEnv('PATH', tempDir('oryon-no-git-'));
    const error = await runGit(['status'], { cwd: root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OryonError);
    expect(error).not.toBeInstanceOf(GitError);
    expect((error as OryonError).exitCode).toBe(ExitCode.badInput);
    expect((error as OryonError).message).toBe('git is not installed or not on PATH');
  });

  it('writes input to stdin', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    writeFile(root, 'hello.txt', 'hello\n');
    const sha = (await runGit(['hash-object', '--stdin'], { cwd: root, input: 'hello\n' })).trim();
    expect(sha).toBe(git(root, 'hash-object', 'hello.txt').trim());
  });
});

describe('git client environment and arguments', () => {
  it('ignores GIT_DIR and GIT_INDEX_FILE inherited from a hook: commands act on the cwd repository', async () => {
    const mine = makeRepo({ 'a.txt': 'a\n' });
    const other = makeRepo({ 'b.txt': 'b\n' });
    const otherIndex = git(other, 'ls-files', '--stage');
    setEnv('GIT_DIR', path.join(other, '.git'));
    setEnv('GIT_INDEX_FILE', path.join(other, '.git', 'index'));
    setEnv('GIT_WORK_TREE', other);
    expect((await runGit(['rev-parse', '--show-toplevel'], { cwd: mine })).trim()).toBe(mine);
    writeFile(mine, 'new.txt', 'new\n');
    await runGit(['add', '--', 'new.txt'], { cwd: mine });
    for (const name of ['GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE']) delete process.env[name];
    expect(git(mine, 'ls-files')).toBe('a.txt\nnew.txt\n');
    expect(git(other, 'ls-files', '--stage')).toBe(otherIndex);
  });

  it("keeps simple-git's guard on dangerous options, and lets through only oryon's own -c settings", async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const marker = path.join(tempDir('oryon-unsafe-'), 'ran');
    await expect(runGit(['ls-remote', `--upload-pack=touch ${marker}`, '.'], { cwd: root })).rejects.toBeInstanceOf(GitError);
    await expect(runGit(['-c', `core.sshCommand=touch ${marker}`, 'status'], { cwd: root })).rejects.toBeInstanceOf(GitError);
    expect(existsSync(marker)).toBe(false);
    expect(await runGit(['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', 'status', '--porcelain'], { cwd: root })).toBe('');
  });

  it('keeps a path that looks like an option after -- a path', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    writeFileSync(path.join(root, '--all'), 'x\n');
    writeFile(root, 'other.txt', 'o\n');
    await runGit(['add', '--', '--all'], { cwd: root });
    expect(git(root, 'diff', '--cached', '--name-only')).toBe('--all\n');
  });
});

describe('status, branch and config helpers', () => {
  it('hasUncommittedWork: clean, untracked, staged, unstaged; ignored files do not count', async () => {
    const root = makeRepo({ 'a.txt': 'a\n', '.gitignore': 'build/\n' });
    expect(await hasUncommittedWork(root)).toBe(false);
    writeFile(root, 'build/out.js', 'x\n');
    expect(await hasUncommittedWork(root)).toBe(false);
    writeFile(root, 'new.txt', 'n\n');
    expect(await hasUncommittedWork(root)).toBe(true);
    git(root, 'add', 'new.txt');
    expect(await hasUncommittedWork(root)).toBe(true);
    git(root, 'commit', '-q', '-m', 'new');
    expect(await hasUncommittedWork(root)).toBe(false);
    writeFile(root, 'a.txt', 'changed\n');
    expect(await hasUncommittedWork(root)).toBe(true);
  });

  it('branch helpers answer as git does: current, detached, exists, commit, resolve', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const head = git(root, 'rev-parse', 'HEAD').trim();
    expect(await currentBranch(root)).toBe('main');
    expect(await branchExists(root, 'main')).toBe(true);
    expect(await branchExists(root, 'nope')).toBe(false);
    expect(await branchCommit(root, 'main')).toBe(head);
    expect(await branchCommit(root, 'nope')).toBeUndefined();
    expect(await resolveCommit(root, 'main')).toBe(head);
    await expect(resolveCommit(root, 'nope')).rejects.toThrow('--base: no commit named "nope"');
    git(root, 'checkout', '-q', '--detach');
    expect(await currentBranch(root)).toBeUndefined();
    const empty = tempDir('oryon-empty-');
    git(empty, 'init', '-q', '-b', 'trunk');
    expect(await currentBranch(empty)).toBe('trunk');
    await expect(resolveCommit(empty, 'HEAD')).rejects.toThrow('the repository has no commits yet');
  });

  it('configValue reads a set key and answers undefined for an unset one', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    expect(await configValue(root, 'core.hooksPath')).toBeUndefined();
    git(root, 'config', 'core.hooksPath', 'my hooks');
    expect(await configValue(root, 'core.hooksPath')).toBe('my hooks');
  });

  it('stagedDiff returns the same diff and diffstat as git itself', async () => {
    const root = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    writeFile(root, 'a.txt', 'a2\n');
    writeFile(root, 'c.txt', 'c\n');
    const { diff, diffstat } = await stagedDiff(root, ['a.txt', 'c.txt']);
    expect(diff).toBe(git(root, 'diff', '--cached', '--no-color', '--no-ext-diff', 'HEAD', '--', 'a.txt', 'c.txt'));
    expect(diffstat).toBe(git(root, 'diff', '--cached', '--no-color', '--no-ext-diff', '--stat', 'HEAD', '--', 'a.txt', 'c.txt').trimEnd());
  });
});

describe('git client completion', () => {
  // simple-git sleeps 50 ms (a setTimeout) after a git process that printed nothing; with
  // setTimeout frozen, a quiet command answers only if the client does not wait for it.
  it('answers a quiet command (nothing on stdout or stderr) without simple-git’s 50 ms sleep', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    writeFile(root, 'b.txt', 'b\n');
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const quiet = Promise.all([
        runGit(['add', '--', 'b.txt'], { cwd: root }),
        runGit(['config', 'core.quotePath', 'false'], { cwd: root }),
        runGit(['status', '--porcelain', '--', 'a.txt'], { cwd: root }),
      ]);
      // Real time through setImmediate (not faked): git needs a few ms per call, 5 s is ample.
      const start = performance.now();
      const frozen = new Promise<'frozen'>((resolve) => {
        const poll = (): void => void (performance.now() - start > 5000 ? resolve('frozen') : setImmediate(poll));
        setImmediate(poll);
      });
      expect(await Promise.race([quiet.then(() => 'answered' as const), frozen])).toBe('answered');
    } finally {
      vi.useRealTimers();
    }
    expect(git(root, 'diff', '--cached', '--name-only').trim()).toBe('b.txt');
    expect(git(root, 'config', 'core.quotePath').trim()).toBe('false');
  });

  it('still returns every byte of a command’s output', async () => {
    const root = makeRepo({ 'a.txt': 'a\n' });
    const big = 'x'.repeat(300_000);
    writeFile(root, 'big.txt', `${big}\n`);
    expect(await runGit(['hash-object', 'big.txt'], { cwd: root })).toBe(git(root, 'hash-object', 'big.txt'));
    expect(await runGit(['show', ':0:a.txt'], { cwd: root })).toBe('a\n');
    expect(await runGit(['diff', '--no-index', '--no-color', '--', 'a.txt', 'big.txt'], { cwd: root }).catch((error: GitError) => error.exitCode)).toBe(1);
  });
});
