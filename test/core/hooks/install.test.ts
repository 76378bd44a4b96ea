import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotDoneError } from '../../../src/core/errors.js';
import { CHAINED, REPLACED, hookPaths, installHook, runningOryonBin, uninstallHook } from '../../../src/core/hooks/install.js';
import { HOOK_MARKER, hookScript, isOryonHook } from '../../../src/core/hooks/script.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

const bin = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'oryon');
const mode = (file: string) => statSync(file).mode & 0o777;

function existingHook(repo: string, text: string, fileMode = 0o755): string {
  const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, text);
  chmodSync(hook, fileMode);
  return hook;
}

describe('installHook', () => {
  it('writes an executable hook that execs the running oryon, and updates it in place', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const first = await installHook({ repoRoot: repo, oryonBin: bin, nodePath: process.execPath });
    expect(first).toEqual({ hookPath: path.join(repo, '.git', 'hooks', 'pre-commit'), action: 'installed' });
    const text = readFileSync(first.hookPath, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(HOOK_MARKER);
    expect(text).toContain(`exec '${process.execPath}' '${bin}' gate --staged`);
    expect(mode(first.hookPath)).toBe(0o755);
    expect((await installHook({ repoRoot: repo, oryonBin: bin })).action).toBe('updated');
    expect(existsSync(path.join(repo, '.git', 'hooks', CHAINED))).toBe(false);
  });

  it('chains a plain existing hook and uninstall restores it byte for byte, mode included', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const original = '#!/bin/sh\necho mine\nexit 0\n';
    const hook = existingHook(repo, original, 0o750);
    const result = await installHook({ repoRoot: repo, oryonBin: bin });
    expect(result).toMatchObject({ action: 'chained', savedAs: path.join(repo, '.git', 'hooks', CHAINED) });
    expect(readFileSync(result.savedAs!, 'utf8')).toBe(original);
    expect(isOryonHook(readFileSync(hook, 'utf8'))).toBe(true);
    expect(await uninstallHook({ repoRoot: repo })).toMatchObject({ action: 'restored' });
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(mode(hook)).toBe(0o750);
    expect(existsSync(result.savedAs!)).toBe(false);
  });

  it("refuses to replace another hook manager's hook without --force; --force saves it for uninstall", async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const husky = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\nnpx lint-staged\n';
    const hook = existingHook(repo, husky);
    await expect(installHook({ repoRoot: repo, oryonBin: bin })).rejects.toThrow(/managed by husky/);
    expect(readFileSync(hook, 'utf8')).toBe(husky);
    const forced = await installHook({ repoRoot: repo, oryonBin: bin, force: true });
    expect(forced).toMatchObject({ action: 'replaced', savedAs: path.join(repo, '.git', 'hooks', REPLACED) });
    // Replaced, not chained: the new hook does not run it.
    expect(existsSync(path.join(repo, '.git', 'hooks', CHAINED))).toBe(false);
    await uninstallHook({ repoRoot: repo });
    expect(readFileSync(hook, 'utf8')).toBe(husky);
  });

  it('refuses when a hook saved by an earlier install would be overwritten', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    writeFile(repo, `.git/hooks/${CHAINED}`, '#!/bin/sh\n');
    existingHook(repo, '#!/bin/sh\necho new\n');
    const error = await installHook({ repoRoot: repo, oryonBin: bin }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotDoneError);
    expect((error as NotDoneError).exitCode).toBe(1);
  });

  it('respects a relative core.hooksPath, creating the directory', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    git(repo, 'config', 'core.hooksPath', '.githooks');
    expect((await hookPaths(repo)).dir).toBe(path.join(repo, '.githooks'));
    const result = await installHook({ repoRoot: repo, oryonBin: bin });
    expect(result.hookPath).toBe(path.join(repo, '.githooks', 'pre-commit'));
    expect(existsSync(path.join(repo, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('respects an absolute core.hooksPath shared between repos', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const shared = tempDir('oryon-hooks-');
    git(repo, 'config', 'core.hooksPath', shared);
    const result = await installHook({ repoRoot: repo, oryonBin: bin });
    expect(result.hookPath).toBe(path.join(shared, 'pre-commit'));
  });
});

describe('uninstallHook', () => {
  it('says so when there is nothing to remove', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    expect(await uninstallHook({ repoRoot: repo })).toMatchObject({ action: 'absent' });
  });

  it('leaves a hook it did not write alone (exit 1)', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const hook = existingHook(repo, '#!/bin/sh\nexit 0\n');
    await expect(uninstallHook({ repoRoot: repo })).rejects.toThrow(/not written by oryon/);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });

  it('removes a hook that replaced nothing', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const { hookPath } = await installHook({ repoRoot: repo, oryonBin: bin });
    expect(await uninstallHook({ repoRoot: repo })).toMatchObject({ action: 'removed' });
    expect(existsSync(hookPath)).toBe(false);
  });
});

describe('hookScript', () => {
  it('quotes paths for sh and falls back to oryon on PATH', () => {
    const text = hookScript({ nodePath: "/opt/no'de/bin/node", oryonBin: '/x y/bin/oryon' });
    expect(text).toContain(`exec '/opt/no'\\''de/bin/node' '/x y/bin/oryon' gate --staged`);
    expect(text).toContain('exec oryon gate --staged');
    expect(hookScript({ nodePath: '/n', oryonBin: undefined })).not.toContain("'/n'");
  });

  it('finds the running bin/oryon only when it is one', () => {
    expect(runningOryonBin(bin)).toBe(bin);
    expect(runningOryonBin('/usr/bin/env')).toBeUndefined();
    expect(runningOryonBin(undefined)).toBeUndefined();
  });
});

describe('the installed hook script', () => {
  function run(script: string, env: Record<string, string>) {
    const dir = tempDir();
    writeFile(dir, 'pre-commit', script);
    chmodSync(path.join(dir, 'pre-commit'), 0o755);
    return spawnSync(path.join(dir, 'pre-commit'), [], { cwd: dir, env, encoding: 'utf8' });
  }

  it('falls back to oryon on PATH when the installing copy is gone', () => {
    const bin = tempDir();
    writeFile(bin, 'oryon', '#!/bin/sh\necho "fallback oryon $*"\nexit 0\n');
    chmodSync(path.join(bin, 'oryon'), 0o755);
    const result = run(hookScript({ nodePath: process.execPath, oryonBin: '/nonexistent/bin/oryon' }), { PATH: `${bin}:/usr/bin:/bin` });
    expect([result.status, result.stdout]).toEqual([0, 'fallback oryon gate --staged\n']);
  });

  it('stops the commit with a hint when oryon cannot be found at all', () => {
    const result = run(hookScript({ nodePath: '/nonexistent/node', oryonBin: '/nonexistent/bin/oryon' }), { PATH: '/usr/bin:/bin' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('oryon is not installed');
    expect(result.stderr).toContain('--no-verify');
  });
});
