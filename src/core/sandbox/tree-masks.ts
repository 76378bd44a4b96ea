import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { picomatch } from '../fs/glob.js';
import { BadInputError } from '../errors.js';
import { git, GitError } from '../git/exec.js';
import { readIndexEntries } from '../git/index-entries.js';
import type { Mask } from './secrets.js';

// The secrets inside the mounted tree. `paths.deny` keeps the model from reading `.env`
// or `*.pem`; the code it runs must not read them either. Found with git's own listing
// (tracked, untracked and ignored files: a `.env` is usually ignored), or, for a small
// repository, by a bounded walk that sees all of that and more (smallRepoListing), never
// by walking a big tree; and masked with /dev/null in the sandbox. The same listing
// names the repositories nested below the root, whose `.git` must not be writable.

/** Words that make a deny glob a secret (a file to mask), not merely a path the model may not edit. */
const SECRET_WORD =
  /(^|[^a-z0-9])(env|envrc|pem|key|keys|p12|pfx|jks|keystore|secret|secrets|credential|credentials|token|tokens|netrc|npmrc|pypirc|htpasswd|id_rsa|id_dsa|id_ecdsa|id_ed25519|tfstate|tfvars|kdbx)([^a-z0-9]|$)/i;

/** The `paths.deny` globs that name secrets: `.env*`, `**\/*.pem`, not `.github/workflows/**`. */
export function secretGlobs(deny: readonly string[]): string[] {
  return deny.filter((glob) => glob.split('/').some((segment) => segment !== '**' && SECRET_WORD.test(segment)));
}

/** A glob without a slash names a file at any depth, as in .gitignore. */
const anyDepth = (glob: string): string => (glob.includes('/') ? glob.replace(/^\//, '') : `**/${glob}`);

export interface TreeScan {
  /** Secret files in the tree (real paths), for /dev/null masks. */
  masks: Mask[];
  /** `.git` directories and files of repositories below the root (absolute, not resolved). */
  nestedGit: string[];
}

/** No repository, no listing: a plain directory gets a walk with a hard bound instead. */
const MAX_WALK_ENTRIES = 20_000;

/**
 * A scanner for one runner: each root is listed once and the answer reused. Listing
 * ignored files means walking node_modules, and what a sandboxed run adds to the tree
 * later is its own, not a host secret (the caller still checks each mask exists).
 */
export function createTreeScanner(deny: readonly string[]): (root: string, signal?: AbortSignal) => Promise<TreeScan> {
  const scans = new Map<string, Promise<TreeScan>>();
  return (root, signal) => {
    let scan = scans.get(root);
    if (!scan) {
      scan = scanTree(root, deny, signal);
      scans.set(root, scan);
      // A failed or interrupted listing is not kept: the next run tries again.
      scan.catch(() => scans.delete(root));
    }
    return scan;
  };
}

export async function scanTree(root: string, deny: readonly string[], signal?: AbortSignal): Promise<TreeScan> {
  const globs = secretGlobs(deny);
  const matchers = globs.map((glob) => picomatch([glob, anyDepth(glob)], { dot: true }));
  const isSecret = (relative: string): boolean => matchers.some((matches) => matches(relative));
  let listing: Listing;
  try {
    listing = smallRepoListing(root) ?? (await gitListing(root, globs, signal));
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    listing = walkListing(root);
  }
  const masks = new Map<string, Mask>();
  for (const relative of listing.files) {
    if (!isSecret(relative)) continue;
    const mask = fileMask(path.join(root, relative));
    if (mask) masks.set(mask.path, mask);
  }
  // Kept when absent too: an uninitialised submodule's `.git` is covered so none can be planted.
  const nestedGit = [...new Set(listing.nestedRepos.map((dir) => path.join(root, dir, '.git')))].sort();
  return { masks: [...masks.values()].sort((a, b) => a.path.localeCompare(b.path)), nestedGit };
}

export interface Listing {
  /** Root-relative files (tracked, untracked, ignored secrets). */
  files: string[];
  /** Root-relative directories holding another repository (nested clone or submodule). */
  nestedRepos: string[];
}

export async function gitListing(root: string, globs: readonly string[], signal?: AbortSignal): Promise<Listing> {
  // No fsmonitor hook and no index refresh: listing must not run anything of the repo's.
  const ls = (args: string[]) => git(['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', 'ls-files', '-z', ...args], { cwd: root, signal });
  const pathspecs = globs.map((glob) => `:(glob)${anyDepth(glob)}`);
  const [listed, ignored] = await Promise.all([
    // Tracked files (with their mode: submodules) and untracked ones in one call.
    ls(['--stage', '--others', '--exclude-standard']),
    // Ignored files can be many (node_modules): only the secret-looking ones are listed.
    ls(['--others', '--ignored', '--exclude-standard', '--', ...pathspecs, ':(glob)**/.git']),
  ]);
  const files: string[] = [];
  const nestedRepos: string[] = [];
  for (const entry of [...split(listed), ...split(ignored)]) {
    // Tracked: "<mode> <object> <stage>\t<path>"; mode 160000 is a submodule.
    const staged = STAGED.exec(entry);
    if (staged) (staged[1] === '160000' ? nestedRepos : files).push(staged[2]!);
    // Untracked: the path. git shows a nested repository as its directory, with a trailing slash, and does not enter it.
    else if (entry.endsWith('/')) nestedRepos.push(entry.slice(0, -1));
    else files.push(entry);
  }
  return { files, nestedRepos };
}

const STAGED = /^(\d{6}) [0-9a-f]{40,64} \d\t(.+)$/s;
const split = (text: string): string[] => text.split('\0').filter((entry) => entry !== '');

function walkListing(root: string): Listing {
  const listing = boundedWalk(root, MAX_WALK_ENTRIES);
  if (!listing) {
    throw new BadInputError(`${root} is not a git repository and has over ${MAX_WALK_ENTRIES} entries: too many to check for secrets before sandboxing`, {
      hint: 'run the sandbox inside a git repository',
    });
  }
  return listing;
}

/** Repositories with more tracked files than this are listed by git, not walked. */
const SMALL_REPO_ENTRIES = 2_000;

/**
 * A small repository, listed without git (two `ls-files` cost ~30 ms of each sandbox
 * set-up here, in a bench task twice; docs/performance.md): every file on disk but what is
 * inside a `.git` (tracked, untracked or ignored alike), every folder holding a `.git`,
 * and the submodules the index names (an uninitialised one is an empty folder). That is
 * all git's listing gives and more: it also enters nested repositories and lists ignored
 * files whatever their name; only the secret-looking ones become masks. Undefined when
 * the index is not one readIndexEntries reads whole, or the walk passes a bound set by the
 * index's size (an ignored node_modules): git lists those trees.
 */
export function smallRepoListing(root: string): Listing | undefined {
  const entries = readIndexEntries(root, { maxEntries: SMALL_REPO_ENTRIES });
  if (!entries) return undefined;
  const listing = boundedWalk(root, 2 * entries.length + 1_000);
  if (!listing) return undefined;
  for (const entry of entries) if (entry.mode === GITLINK) listing.nestedRepos.push(entry.path);
  return listing;
}

const GITLINK = 0o160000;

/** Every file below root but inside `.git`, and the folders holding a `.git`; undefined past `limit` entries or on an unreadable folder. */
function boundedWalk(root: string, limit: number): Listing | undefined {
  const files: string[] = [];
  const nestedRepos: string[] = [];
  let seen = 0;
  const walk = (relative: string): boolean => {
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      if (++seen > limit) return false;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name === '.git') nestedRepos.push(relative);
      else if (entry.isDirectory()) {
        if (!walk(child)) return false;
      } else files.push(child);
    }
    return true;
  };
  if (!walk('')) return undefined;
  // The root's own `.git` is not a nested one.
  return { files, nestedRepos: nestedRepos.filter((dir) => dir !== '') };
}

/** A regular file, or a link to one (masked where it leads: mounts follow links). */
function fileMask(file: string): Mask | undefined {
  try {
    const real = realpathSync(file);
    return lstatSync(real).isFile() ? { path: real, kind: 'file' } : undefined;
  } catch {
    return undefined;
  }
}
