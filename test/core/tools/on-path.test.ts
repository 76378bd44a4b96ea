import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { astGrepBinary } from '../../../src/core/tools/ast-grep-bin.js';
import { findOnPath } from '../../../src/core/tools/on-path.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'oryon-on-path-'));
  dirs.push(dir);
  return dir;
}

function program(dir: string, name: string, mode: number): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, mode);
  return file;
}

describe('findOnPath', () => {
  it('returns the first executable match in PATH order and skips non-executable files', () => {
    const root = tempDir();
    program(path.join(root, 'a'), 'tool', 0o644);
    const second = program(path.join(root, 'b'), 'tool', 0o755);
    program(path.join(root, 'c'), 'tool', 0o755);
    const search = ['', path.join(root, 'a'), path.join(root, 'b'), path.join(root, 'c')].join(path.delimiter);
    expect(findOnPath('tool', search)).toBe(second);
  });

  it('is undefined when nothing matches or PATH is unset', () => {
    expect(findOnPath('tool', tempDir())).toBeUndefined();
    expect(findOnPath('tool', undefined)).toBeUndefined();
  });
});

describe('astGrepBinary', () => {
  it('prefers the binary bundled in @ast-grep/cli over one on PATH', () => {
    const onPath = tempDir();
    program(onPath, 'ast-grep', 0o755);
    const binary = astGrepBinary(onPath);
    expect(binary).toMatch(/node_modules[\\/]@ast-grep[\\/]cli[\\/](ast-grep|sg)(\.exe)?$/);
  });
});
