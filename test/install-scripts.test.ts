import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// npm 11 prints an advisory for every dependency whose install script package.json does
// not allow, and npm 12 skips those scripts (better-sqlite3 would then not be built).
// `allowScripts` must name exactly the packages that have one: no more, no fewer.

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

describe('allowScripts in package.json', () => {
  it('allows exactly the locked packages that have install scripts', () => {
    const manifest = read('package.json') as { allowScripts?: Record<string, boolean> };
    const lock = read('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript === true)
      .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .sort();
    expect(withScripts).toEqual(['@ast-grep/cli', 'better-sqlite3']);
    expect(Object.keys(manifest.allowScripts ?? {}).sort()).toEqual(withScripts);
    expect(Object.values(manifest.allowScripts ?? {}).every((allowed) => allowed === true)).toBe(true);
  });

  it('npm itself finds nothing left to review (where npm knows allowScripts)', async () => {
    const { stdout: version } = await promisify(execFile)('npm', ['--version'], { cwd: root });
    if (Number(version.split('.')[0]) < 11) return;
    const { stdout } = await promisify(execFile)('npm', ['install-scripts', 'ls'], { cwd: root }).catch((error: { stdout?: string }) => ({
      stdout: error.stdout ?? '',
    }));
    if (/Unknown command/i.test(stdout)) return;
    expect(stdout.trim()).toBe('No packages with unreviewed install scripts.');
  });
});
