import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { decidePath } from '../policy/decide.js';
import type { Policy } from '../policy/schema.js';

const execFileAsync = promisify(execFile);

/** Larger files are generated, vendored or data: noise for retrieval, and slow to embed. */
export const MAX_INDEXED_BYTES = 512 * 1024;

// Lockfiles and minified bundles are tracked but never worth retrieving.
const SKIPPED = /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Gemfile\.lock|go\.sum|composer\.lock)$|\.min\.(js|css)$|\.map$/;
const BINARY_EXTENSIONS = new Set(
  '.png .jpg .jpeg .gif .bmp .ico .webp .pdf .zip .gz .tgz .bz2 .xz .7z .tar .jar .war .class .so .dylib .dll .exe .o .a .wasm .woff .woff2 .ttf .otf .eot .mp3 .mp4 .mov .avi .wav .ogg .sqlite .db .bin .pyc .npy .parquet'.split(
    ' ',
  ),
);

/**
 * The repo's tracked files (so .gitignore is respected) that memory may hold: the policy
 * must allow reading them, and they must look like text.
 */
export async function indexablePaths(repoRoot: string, policy: Policy, signal?: AbortSignal): Promise<string[]> {
  // A direct execFile, not simple-git: callers and tests expect the AbortError it rejects with.
  const { stdout } = await execFileAsync('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached'], {
    cwd: repoRoot,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
    signal,
  });
  const unique = new Set(stdout.split('\0').filter(Boolean));
  return [...unique].filter((relPath) => isIndexableName(relPath) && decidePath(policy, relPath, 'read').allowed);
}

export function isIndexableName(relPath: string): boolean {
  return !SKIPPED.test(relPath) && !BINARY_EXTENSIONS.has(path.posix.extname(relPath).toLowerCase());
}

/** Git's own heuristic: a NUL byte in the first 8000 bytes means binary. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}
