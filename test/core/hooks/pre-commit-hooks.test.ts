import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hookScript } from '../../../src/core/hooks/script.js';

// The manifest the pre-commit framework reads from oryon's repository: one hook that runs
// the same command as `oryon hook install`'s hook, through the package's own bin.
const root = path.resolve(import.meta.dirname, '../../..');
const manifest = parse(readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };

describe('.pre-commit-hooks.yaml', () => {
  it('declares the oryon-gate hook with the fields pre-commit requires', () => {
    expect(manifest).toHaveLength(1);
    const [hook] = manifest;
    expect(hook).toMatchObject({ id: 'oryon-gate', name: expect.any(String), entry: expect.any(String), language: 'node' });
  });

  it('checks the index itself: no file names, run on every commit', () => {
    expect(manifest[0]).toMatchObject({ pass_filenames: false, always_run: true, stages: ['pre-commit'] });
  });

  it('runs the package bin with the arguments the installed git hook uses', () => {
    const [program, ...args] = String(manifest[0]!.entry).split(' ');
    expect(pkg.bin[program!]).toBe('bin/oryon');
    expect(hookScript({ nodePath: '/usr/bin/node', oryonBin: undefined })).toContain(`exec oryon ${args.join(' ')}\n`);
    expect(pkg.files).toContain('.pre-commit-hooks.yaml');
  });
});
