import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { findOnPath } from './on-path.js';

// Where the ast-grep binary is, for the security gate, the memory chunker and doctor.
// Kept free of zod and yaml: the commit hook imports it and must start fast.

const BUNDLED_NAMES = process.platform === 'win32' ? ['ast-grep.exe', 'sg.exe'] : ['ast-grep', 'sg'];

/**
 * The native binary shipped inside @ast-grep/cli (node_modules/.bin holds only symlinks
 * to it), else `ast-grep` on PATH, else undefined. Never a bare `sg` from PATH: on Linux
 * that name is usually shadow-utils' group switcher.
 */
export function astGrepBinary(pathVariable: string | undefined = process.env.PATH): string | undefined {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('@ast-grep/cli/package.json'));
    for (const name of BUNDLED_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  } catch {
    // The package is missing: fall through to PATH.
  }
  return findOnPath(process.platform === 'win32' ? 'ast-grep.exe' : 'ast-grep', pathVariable);
}
