import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bwrapArgs } from '../../../src/core/sandbox/bwrap.js';
import { checkSharedMounts } from '../../../src/core/sandbox/shared-mounts.js';
import { tempDir } from '../../helpers/git-repo.js';

describe('checkSharedMounts', () => {
  it('keeps targets that are folders or absent; refuses links and files planted in the writable tree', () => {
    const cwd = tempDir('oryon-wt-');
    const elsewhere = tempDir('oryon-elsewhere-');
    mkdirSync(path.join(cwd, 'node_modules'));
    symlinkSync(elsewhere, path.join(cwd, '.venv'));
    mkdirSync(path.join(cwd, 'packages'));
    symlinkSync(elsewhere, path.join(cwd, 'packages', 'a'));
    writeFileSync(path.join(cwd, 'vendor'), 'a file');
    const mount = (rel: string, tmpfs: string[] = []) => ({ source: '/src', target: path.join(cwd, rel), tmpfs: tmpfs.map((t) => path.join(cwd, rel, t)) });
    const checked = checkSharedMounts(cwd, [
      mount('node_modules', ['.cache']),
      mount('lib/node_modules'),
      mount('.venv'),
      mount('packages/a/node_modules'),
      mount('vendor/bundle'),
    ]);
    expect(checked.mounts.map((m) => path.relative(cwd, m.target))).toEqual(['node_modules', 'lib/node_modules']);
    expect(checked.refused.map((r) => r.reason)).toEqual([
      `${path.join(cwd, '.venv')} is a symbolic link`,
      `${path.join(cwd, 'packages', 'a')} is a symbolic link`,
      `${path.join(cwd, 'vendor')} is not a folder`,
    ]);
    expect(checkSharedMounts(cwd, [{ source: '/src', target: '/etc', tmpfs: [] }]).refused[0]!.reason).toContain('is not inside');
  });

  it('bwrap binds shared folders read-only after the writable tree and before the secret masks', () => {
    const args = bwrapArgs(
      {
        cwd: '/wt',
        readOnly: [],
        hide: [],
        masks: [{ path: '/wt/.env', kind: 'file' }],
        shared: [{ source: '/repo/node_modules', target: '/wt/node_modules', tmpfs: ['/wt/node_modules/.cache'] }],
        writable: true,
        network: false,
        userNamespace: true,
        dropCapabilities: false,
      },
      ['true'],
    );
    const joined = args.join(' ');
    expect(joined).toContain('--bind /wt /wt --ro-bind /repo/node_modules /wt/node_modules --tmpfs /wt/node_modules/.cache --ro-bind /dev/null /wt/.env');
  });
});
