import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withHooksPathDenied } from '../../../src/core/git/hooks-path.js';
import { loadPolicy } from '../../../src/config/load.js';
import { hooksPathDenyGlobs, inTreeHooksPath } from '../../../src/core/git/hooks-path.js';
import { decidePath } from '../../../src/core/policy/decide.js';

function repo(): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'oryon-hooks-')));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}
const setHooksPath = (dir: string, value: string): void => void execFileSync('git', ['config', 'core.hooksPath', value], { cwd: dir });

describe('core.hooksPath in the tree', () => {
  it('is found when relative or absolute inside the tree, not when outside or unset', () => {
    const dir = repo();
    expect(inTreeHooksPath(dir)).toBeUndefined();
    setHooksPath(dir, 'tools/hooks');
    expect(inTreeHooksPath(dir)).toBe('tools/hooks');
    setHooksPath(dir, path.join(dir, 'ci', 'hooks'));
    expect(inTreeHooksPath(dir)).toBe('ci/hooks');
    setHooksPath(dir, '/etc/git-hooks');
    expect(inTreeHooksPath(dir)).toBeUndefined();
  });

  it('joins paths.deny so the model cannot write a hook git will run', () => {
    const dir = repo();
    setHooksPath(dir, 'tools/hooks');
    const policy = withHooksPathDenied(loadPolicy(), dir);
    expect(decidePath(policy, 'tools/hooks/pre-commit', 'write')).toMatchObject({ allowed: false, rule: 'paths.deny: tools/hooks/**' });
    expect(decidePath(policy, 'tools/build.sh', 'write').allowed).toBe(true);
  });

  it('denies the hook names when hooksPath is the top-level itself', () => {
    expect(hooksPathDenyGlobs('')).toContain('pre-commit');
    expect(hooksPathDenyGlobs(undefined)).toEqual([]);
  });
});

describe('default paths.deny covers in-tree hooks and nested repositories', () => {
  const policy = loadPolicy();
  it.each([
    '.husky/pre-commit',
    '.husky/_/pre-commit',
    '.githooks/pre-push',
    '.lefthook/pre-commit/run.sh',
    'lefthook.yml',
    'lefthook-local.yaml',
    '.lefthook.toml',
    '.pre-commit-config.yaml',
    'vendor/x/.git/config',
    'vendor/x/.git',
    'a/b/.git/hooks/post-checkout',
  ])('denies writing %s', (file) => {
    expect(decidePath(policy, file, 'write').allowed).toBe(false);
  });

  it('leaves look-alikes alone', () => {
    for (const file of ['.github/ISSUE_TEMPLATE.md', 'src/git/index.ts', 'docs/husky.md', 'src/.gitignore']) {
      expect(decidePath(policy, file, 'write').allowed).toBe(true);
    }
  });
});
