import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { picomatch } from '../fs/glob.js';
import { git } from '../git/exec.js';
import { ENV_KINDS, type EnvKindId } from './kinds.js';

// Finds the project's installed environment in the user's tree. Git already knows which
// folders are ignored (`ls-files --others --ignored --directory` stops at each ignored
// folder instead of listing its files), so this costs one git call and a stat per
// candidate, not a walk of a 50,000-file node_modules.

export interface SharedDir {
  /** Repo-relative, '/'-separated, no trailing slash. */
  path: string;
  kind: EnvKindId;
  /** The folder itself in the user's tree (resolved when it is a link). */
  source: string;
}

export interface ProjectEnv {
  /** The user's tree the environment was found in. */
  root: string;
  dirs: SharedDir[];
  /** The virtualenv tests should use (repo-relative), preferring .venv, venv, env. */
  venv?: string;
  /** The venv's base interpreter folder (pyvenv.cfg `home`), which must be readable too. */
  venvHome?: string;
  /** Candidates left out by env.skip, and why others were not shared (for the journal). */
  skipped: Array<{ path: string; reason: string }>;
  ms: number;
}

export interface EnvSettings {
  share: readonly string[];
  skip: readonly string[];
}

const VENV_PREFERENCE = ['.venv', 'venv', 'env'];

export async function findProjectEnv(root: string, settings: EnvSettings, signal?: AbortSignal): Promise<ProjectEnv> {
  const started = performance.now();
  const listed = await git(['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z'], { cwd: root, signal });
  const share = settings.share.length ? picomatch([...settings.share], { dot: true }) : undefined;
  const skip = settings.skip.length ? picomatch([...settings.skip], { dot: true }) : undefined;
  const dirs: SharedDir[] = [];
  const skipped: ProjectEnv['skipped'] = [];
  const candidates: string[] = [];
  for (const entry of listed.split('\0')) {
    if (!entry) continue;
    // Folders end in '/'; a link to a folder (a node_modules kept elsewhere) is listed as a file.
    const rel = entry.endsWith('/') ? entry.slice(0, -1) : entry;
    if (!entry.endsWith('/') && !isLinkToFolder(path.join(root, rel))) continue;
    candidates.push(rel);
  }
  // git lists an ignored folder even when some files in it are tracked: those are the repo's, not an install.
  const tracked = candidates.length ? await trackedUnder(root, candidates, signal) : new Set<string>();
  for (const rel of candidates) {
    const dir = path.join(root, rel);
    if (tracked.has(rel)) continue;
    const kind = ENV_KINDS.find((candidate) => candidate.matches(rel, dir))?.id ?? (share?.(rel) ? 'custom' : undefined);
    if (!kind) continue;
    if (skip?.(rel)) {
      skipped.push({ path: rel, reason: 'env.skip' });
      continue;
    }
    const source = directorySource(dir);
    if (!source) {
      skipped.push({ path: rel, reason: 'not a directory' });
      continue;
    }
    dirs.push({ path: rel, kind, source });
  }
  const env: ProjectEnv = { root, dirs, skipped, ms: 0 };
  const venv = preferredVenv(dirs);
  if (venv) {
    env.venv = venv.path;
    const home = venvHome(venv.source);
    if (home) env.venvHome = home;
  }
  env.ms = Math.round(performance.now() - started);
  return env;
}

function isLinkToFolder(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink() && statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Which of the folders hold tracked files (one git call for all of them). */
async function trackedUnder(root: string, dirs: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  const listed = await git(['ls-files', '-z', '--', ...dirs.map((dir) => `:(literal)${dir}/`)], { cwd: root, signal });
  const result = new Set<string>();
  for (const file of listed.split('\0')) {
    const owner = dirs.find((dir) => file.startsWith(`${dir}/`));
    if (owner) result.add(owner);
  }
  return result;
}

/** The folder to bind: itself, or where a link in the user's tree leads when that is a folder. */
function directorySource(dir: string): string | undefined {
  try {
    const stats = lstatSync(dir);
    if (stats.isDirectory()) return dir;
    if (stats.isSymbolicLink() && statSync(dir).isDirectory()) return realpathSync(dir);
  } catch {
    // Vanished between git's listing and now.
  }
  return undefined;
}

function preferredVenv(dirs: readonly SharedDir[]): SharedDir | undefined {
  const venvs = dirs.filter((dir) => dir.kind === 'python');
  const rank = (dir: SharedDir): number => {
    const index = VENV_PREFERENCE.indexOf(dir.path);
    return index >= 0 ? index : VENV_PREFERENCE.length + dir.path.split('/').length;
  };
  return venvs.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))[0];
}

function venvHome(venvDir: string): string | undefined {
  try {
    const match = /^\s*home\s*=\s*(.+?)\s*$/m.exec(readFileSync(path.join(venvDir, 'pyvenv.cfg'), 'utf8'));
    return match ? path.resolve(match[1]!) : undefined;
  } catch {
    return undefined;
  }
}

/** One line per shared folder, for `doctor` and progress. */
export function describeEnv(env: ProjectEnv): string {
  if (!env.dirs.length) return 'no installed environment found (nothing git-ignored to share)';
  const parts = env.dirs.map((dir) => `${dir.path} (${dir.kind})`);
  return `shared read-only: ${parts.join(', ')}${env.venv ? `; tests use ${env.venv}` : ''}`;
}
