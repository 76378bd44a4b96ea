import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

function loadedModules(args: string[], env: Record<string, string> = {}): string[] {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'oryon-loads-')), 'loads.txt');
  execFileSync(process.execPath, ['--import', path.join(root, 'test/helpers/record-loads.mjs'), path.join(root, 'bin/oryon'), ...args], {
    env: { ...process.env, ...env, RECORD_LOADS_FILE: file },
    stdio: 'ignore',
  });
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

// Speed is measured by `npm run bench`; this guards the reason it is fast.
describe('startup stays light', () => {
  it.each([['--version'], ['-V'], ['--help'], ['-h']])('oryon %s answers from bin/oryon alone, loading no module at all', (flag) => {
    const modules = loadedModules([flag]);
    expect(modules.filter((m) => m.includes('/dist/') || m.includes('node_modules'))).toEqual([]);
  });

  it.each([['--version'], ['--help']])('oryon %s answers exactly as the full CLI does', (flag) => {
    const run = (env: Record<string, string>) => execFileSync(process.execPath, [path.join(root, 'bin/oryon'), flag], { env: { ...process.env, NO_COLOR: '1', COLUMNS: '80', ...env }, encoding: 'utf8' });
    expect(run({})).toBe(run({ ORYON_FULL_CLI: '1' }));
  });

  it.each([['--version'], ['--help']])('the full CLI for oryon %s loads no ink, React, SQLite or scanners', (flag) => {
    const modules = loadedModules([flag], { ORYON_FULL_CLI: '1' });
    expect(modules.some((m) => m.includes('commander'))).toBe(true);
    for (const heavy of ['/ink/', '/react/', 'better-sqlite3', 'sqlite-vec', '@ast-grep', '/ollama/', '/execa/']) {
      expect(modules.filter((m) => m.includes(heavy)), heavy).toEqual([]);
    }
  });
});
