import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyDeniedError } from '../../../src/core/errors.js';
import { irregularReason, IrregularFileError, readRegularFile } from '../../../src/core/fs/regular-file.js';
import { stagePaths } from '../../../src/core/git/commit.js';
import { makeRepo } from '../../helpers/git-repo.js';

function tree(): { root: string; secret: string } {
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-regular-'));
  const root = path.join(base, 'wt');
  mkdirSync(path.join(root, 'src'), { recursive: true });
  const secret = path.join(base, 'id_rsa');
  writeFileSync(secret, 'KEY MATERIAL\n');
  writeFileSync(path.join(root, 'src', 'ok.py'), 'x = 1\n');
  symlinkSync(secret, path.join(root, 'src', 'link.py'));
  symlinkSync(path.dirname(secret), path.join(root, 'linked'));
  execFileSync('mkfifo', [path.join(root, 'src', 'pipe.py')]);
  return { root, secret };
}

describe('irregularReason / readRegularFile', () => {
  it('reads a regular file reached through plain folders', () => {
    const { root } = tree();
    expect(irregularReason(root, 'src/ok.py')).toBeUndefined();
    expect(readRegularFile(root, 'src/ok.py').toString()).toBe('x = 1\n');
  });

  it.each([
    ['src/link.py', 'is a symbolic link'],
    ['src/pipe.py', 'is a FIFO'],
    ['linked/id_rsa', 'sits under linked, which is a symbolic link'],
    ['src', 'is a directory'],
    ['src/gone.py', 'is missing'],
    ['../id_rsa', 'is not a plain path inside the worktree'],
  ])('refuses %s: %s, without reading it', (file, reason) => {
    const { root } = tree();
    expect(irregularReason(root, file)).toBe(reason);
    expect(() => readRegularFile(root, file)).toThrow(IrregularFileError);
    try {
      readRegularFile(root, file);
    } catch (error) {
      expect((error as Error).message).not.toContain('KEY MATERIAL');
    }
  });
});

describe('stagePaths', () => {
  it('refuses to stage a symlink the tests planted', async () => {
    const repo = makeRepo({ 'a.py': 'a = 1\n' });
    const outside = path.join(mkdtempSync(path.join(os.tmpdir(), 'oryon-out-')), 'id_rsa');
    writeFileSync(outside, 'KEY\n');
    execFileSync('rm', [path.join(repo, 'a.py')]);
    symlinkSync(outside, path.join(repo, 'a.py'));
    await expect(stagePaths(repo, ['a.py'])).rejects.toThrow(PolicyDeniedError);
    expect(execFileSync('git', ['diff', '--cached', '--name-only'], { cwd: repo, encoding: 'utf8' })).toBe('');
  });

  it('stages a file named like a glob as that file only, not what the tests created', async () => {
    const repo = makeRepo({ 'a.py': 'a = 1\n' });
    writeFileSync(path.join(repo, '*.py'), 'model = 1\n');
    writeFileSync(path.join(repo, 'planted.py'), 'tests = 1\n');
    await stagePaths(repo, ['*.py']);
    expect(execFileSync('git', ['diff', '--cached', '--name-only'], { cwd: repo, encoding: 'utf8' })).toBe('*.py\n');
  });
});
