import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

// Turns the path a model wrote into a file inside the repo: the exact path, else the
// one tracked file whose path ends with it. Never a guess between several, and never a
// path that leaves the repo — by `..`, by being absolute, or through a symlink.

export type ResolvedPath = { ok: true; rel: string; abs: string; exists: boolean; note?: string } | { ok: false; reason: string; rule?: string };

/** The rule named when a path would leave the repository (as the policy's decidePath names it). */
export const INSIDE_REPO_RULE = 'paths.inside-repo';

/**
 * Tracked and untracked-but-not-ignored files, repo-relative with `/`. A direct
 * execFileSync: edits resolve paths synchronously, and simple-git has no synchronous API.
 */
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
 * A path prefix models copy from an example ("path/to/app.py"). It names a folder only
 * when the repo really has one by that name; otherwise it must never become a new folder.
 */
const PLACEHOLDER = /^(?:path\/(?:to|of)|example(?:\/path)?|your[-_]?(?:project|repo|app|dir)?|some\/(?:path|dir)|my[-_]?(?:project|repo|app))\//i;

export interface ResolveContext {
  /** Files the model was shown; a short or misplaced name prefers these. */
  shown?: readonly string[];
  /** Paths an earlier block of the same reply created (in memory, not yet on disk). */
  pending?: ReadonlySet<string>;
}

/**
 * @param realRoot the repo root after realpath
 * @param mode `existing`: the file must exist (a SEARCH block); `create`: a missing path is
 *   created as written (an empty SEARCH); `either`: a short name still finds its one file,
 *   and a missing path is created (a whole-file block). See byName for a misplaced path.
 */
export function resolveEditPath(
  realRoot: string,
  written: string,
  files: readonly string[],
  mode: 'existing' | 'create' | 'either',
  context: ResolveContext = {},
): ResolvedPath {
  const cleaned = cleanPath(written);
  if (!cleaned.ok) return cleaned;
  let rel = cleaned.rel;
  let note: string | undefined;
  const present = (f: string): boolean => context.pending?.has(f) === true || lexists(path.join(realRoot, f));
  if (!present(rel)) {
    const known = [...new Set([...files, ...(context.pending ?? [])])];
    const candidates = mode === 'create' ? [] : suffixMatches(rel, known).filter(present);
    if (candidates.length > 1) {
      return { ok: false, reason: `${written} could mean ${candidates.length} files: ${list(candidates)}; write the full path` };
    }
    if (candidates.length === 1) {
      rel = candidates[0]!;
    } else {
      const misplaced = byName(realRoot, rel, known, context.shown ?? [], present, mode);
      if (!misplaced.ok) return { ok: false, reason: misplaced.reason };
      if (misplaced.rel !== rel) note = `${written} does not exist; ${misplaced.rel} is the one file named ${path.posix.basename(rel)}`;
      rel = misplaced.rel;
    }
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
  return { ok: true, rel, abs: real, exists, ...(note ? { note } : {}) };
}

/**
 * A missing path whose file name is a real file elsewhere. For a SEARCH block the file's
 * text confirms the match, so the one file by that name is taken. A placeholder prefix
 * ("path/to/") never becomes a folder: it stands for the one file by that name. A whole-file
 * block that would make a new folder while a file by that name exists is a doubt, refused
 * with the candidates (an empty SEARCH still creates it as written).
 */
function byName(
  realRoot: string,
  rel: string,
  files: readonly string[],
  shown: readonly string[],
  present: (f: string) => boolean,
  mode: 'existing' | 'create' | 'either',
): { ok: true; rel: string } | { ok: false; reason: string } {
  const base = path.posix.basename(rel);
  const dir = path.posix.dirname(rel);
  const placeholder = PLACEHOLDER.test(rel) && !lexists(path.join(realRoot, rel.split('/')[0]!));
  const newFolder = dir !== '.' && !lexists(path.join(realRoot, dir));
  if (!placeholder && (mode === 'create' || (mode === 'either' && !newFolder))) return { ok: true, rel };
  const named = (list: readonly string[]): string[] => [...new Set(list)].filter((f) => path.posix.basename(f) === base && present(f));
  const seen = named(shown);
  const matches = seen.length > 0 ? seen : named(files);
  if (matches.length === 1 && (placeholder || mode === 'existing')) return { ok: true, rel: matches[0]! };
  if (matches.length > 0) {
    const which = matches.length === 1 ? `${matches[0]} is named ${base}` : `${matches.length} files are named ${base}: ${list(matches)}`;
    const how =
      mode === 'existing' || placeholder
        ? 'write the full path'
        : `write ${matches.length === 1 ? 'its' : 'the'} path to change it, or create ${rel} with an empty SEARCH`;
    return { ok: false, reason: `${rel} does not exist and ${which}; ${how}` };
  }
  if (placeholder) {
    return { ok: false, reason: `${rel} starts with an example folder (${dir}/) that the repository does not have; write the file's real path` };
  }
  if (mode === 'existing') return { ok: false, reason: `${rel} does not exist; use an empty SEARCH to create it` };
  return { ok: true, rel };
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
