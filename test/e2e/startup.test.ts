import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

function loadedModules(args: string[]): string[] {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'oryon-loads-')), 'loads.txt');
  execFileSync(process.execPath, ['--import', path.join(root, 'test/helpers/record-loads.mjs'), path.join(root, 'bin/oryon'), ...args], {
    env: { ...process.env, RECORD_LOADS_FILE: file },
    stdio: 'ignore',
  });
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

// Speed is measured by `npm run bench`; this guards the reason it is fast.
describe('startup stays light', () => {
  it.each([['--version'], ['--help']])('oryon %s loads no ink, React, SQLite or scanners', (flag) => {
    const modules = loadedModules([flag]);
    expect(modules.some((m) => m.includes('commander'))).toBe(true);
    for (const heavy of ['/ink/', '/react/', 'better-sqlite3', 'sqlite-vec', '@ast-grep', '/ollama/', '/execa/']) {
      expect(modules.filter((m) => m.includes(heavy)), heavy).toEqual([]);
    }
  });
});
