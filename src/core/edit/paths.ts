import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

// Turns the path a model wrote into a file inside the repo: the exact path, else the
// one tracked file whose path ends with it. Never a guess between several, and never a
// path that leaves the repo — by `..`, by being absolute, or through a symlink.

export type ResolvedPath =
  | { ok: true; rel: string; abs: string; exists: boolean }
  | { ok: false; reason: string; rule?: string };

/** The rule named when a path would leave the repository (as the policy's decidePath names it). */
export const INSIDE_REPO_RULE = 'paths.inside-repo';

/** Tracked and untracked-but-not-ignored files, repo-relative with `/`. */
export function listRepoFiles(repoRoot: string): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return [...new Set(out.split('\0').filter((f) => f !== ''))];
  } catch {
    return [];
  }
}

/** The repo-relative form of a written path, or why it is refused. */
export function cleanPath(written: string): { ok: true; rel: string } | { ok: false; reason: string; rule?: string } {
  const raw = written.trim().replaceAll('\\', '/');
  if (raw === '') return { ok: false, reason: 'the path is empty' };
  if (raw.startsWith('/') || /^[A-Za-z]:\//.test(raw) || raw.startsWith('~')) {
    return { ok: false, rule: INSIDE_REPO_RULE, reason: `${written} is an absolute path; paths must be relative to the repository root` };
  }
  const rel = path.posix.normalize(raw).replace(/^(?:\.\/)+/, '');
  if (rel === '..' || rel.startsWith('../')) return { ok: false, rule: INSIDE_REPO_RULE, reason: `${written} leaves the repository` };
  if (rel === '.' || rel === '' || rel.endsWith('/')) return { ok: false, reason: `${written} is not a file path` };
  if (rel === '.git' || rel.startsWith('.git/')) return { ok: false, rule: 'paths.git-dir', reason: `${written} is inside .git, which edits never touch` };
  return { ok: true, rel };
}

/** realpath of the deepest existing ancestor, plus the segments that do not exist yet. */
function realTarget(abs: string): string {
  let existing = abs;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realpathSync(existing), ...rest);
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' ? false : !rel.startsWith('..') && !path.isAbsolute(rel);
}

function suffixMatches(rel: string, files: readonly string[]): string[] {
  return files.filter((f) => f === rel || f.endsWith(`/${rel}`));
}

/**
 * @param realRoot the repo root after realpath
 * @param mode `existing`: the file must exist (a SEARCH block); `create`: a missing path is
 *   created as written (an empty SEARCH); `either`: a short name still finds its one file,
 *   and a missing path is created (a whole-file block)
 */
export function resolveEditPath(
  realRoot: string,
  written: string,
  files: readonly string[],
  mode: 'existing' | 'create' | 'either',
): ResolvedPath {
  const cleaned = cleanPath(written);
  if (!cleaned.ok) return cleaned;
  let rel = cleaned.rel;
  if (!lexists(path.join(realRoot, rel)) && mode !== 'create') {
    const candidates = suffixMatches(rel, files).filter((f) => lexists(path.join(realRoot, f)));
    if (candidates.length > 1) {
      return { ok: false, reason: `${written} could mean ${candidates.length} files: ${list(candidates)}; write the full path` };
    }
    if (candidates.length === 0 && mode === 'either') {
      candidates.push(rel);
    } else if (candidates.length === 0) {
      const base = path.posix.basename(rel);
      const similar = files.filter((f) => path.posix.basename(f) === base);
      const hint = similar.length > 0 ? `; files with that name: ${list(similar)}` : '; use an empty SEARCH to create it';
      return { ok: false, reason: `${written} does not exist${hint}` };
    }
    rel = candidates[0]!;
  }
  const abs = path.join(realRoot, rel);
  const real = realTarget(abs);
  if (!inside(realRoot, real)) return { ok: false, rule: INSIDE_REPO_RULE, reason: `${written} resolves outside the repository (through a symlink)` };
  const exists = existsSync(real);
  if (exists && statSync(real).isDirectory()) return { ok: false, reason: `${written} is a directory, not a file` };
  if (!exists) {
    let parent = path.dirname(real);
    while (!existsSync(parent)) parent = path.dirname(parent);
    if (!statSync(parent).isDirectory()) {
      return { ok: false, reason: `${written} cannot be created: ${path.relative(realRoot, parent)} is a file, not a directory` };
    }
  }
  return { ok: true, rel, abs: real, exists };
}

function lexists(abs: string): boolean {
  try {
    lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

function list(paths: readonly string[]): string {
  const shown = paths.slice(0, 6).join(', ');
  return paths.length > 6 ? `${shown} and ${paths.length - 6} more` : shown;
}
