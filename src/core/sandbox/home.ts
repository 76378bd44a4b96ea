import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

// What of the user's homes the sandbox sees: nothing, except the toolchains tests need.
// Each home becomes an empty tmpfs; then the PATH entries under it (with the toolchain
// each belongs to), the toolchain homes named by the environment, package caches and
// the user's `sandbox.home_allow` are bound back read-only. The credential masks
// (secrets.ts) still apply on top, so a secret inside a bound folder stays hidden.

/**
 * Toolchain roots, home-relative: a PATH entry under one binds the whole root (a pyenv
 * shim needs the versions beside it). `.local` and `go` hold more than tools, so only
 * their tool parts are named.
 */
const TOOLCHAIN_ROOTS: Record<string, readonly string[]> = {
  '.pyenv': ['.pyenv'],
  '.rbenv': ['.rbenv'],
  '.nodenv': ['.nodenv'],
  '.goenv': ['.goenv'],
  '.jenv': ['.jenv'],
  '.asdf': ['.asdf'],
  // cargo's bin holds rustup proxies that need the toolchains in ~/.rustup.
  '.cargo': ['.cargo', '.rustup'],
  '.rustup': ['.rustup'],
  '.nvm': ['.nvm'],
  '.volta': ['.volta'],
  '.bun': ['.bun'],
  '.deno': ['.deno'],
  '.sdkman': ['.sdkman'],
  '.local': ['.local/bin', '.local/lib', '.local/share/pipx', '.local/share/uv', '.local/share/pnpm', '.local/share/fnm', '.local/pipx'],
  '.local/share/fnm': ['.local/share/fnm'],
  '.local/share/pnpm': ['.local/share/pnpm'],
  go: ['go/bin', 'go/pkg'],
  '.dotnet': ['.dotnet'],
  '.ghcup': ['.ghcup'],
  '.elan': ['.elan'],
  '.juliaup': ['.juliaup'],
  '.pixi': ['.pixi'],
  miniconda3: ['miniconda3'],
  miniforge3: ['miniforge3'],
  anaconda3: ['anaconda3'],
};

/** Package caches, read-only: installs from the cache work offline; writes go to the private /tmp. */
export const PACKAGE_CACHES = [
  '.npm/_cacache',
  '.cache/pip',
  '.cache/uv',
  '.cache/pypoetry',
  '.cache/go-build',
  '.cache/yarn',
  '.yarn/berry/cache',
  '.m2/repository',
  '.gradle/caches',
  '.gradle/wrapper/dists',
  '.cargo/registry',
  '.cargo/git',
  '.ivy2/cache',
  '.sbt/boot',
  '.nuget/packages',
] as const;

/** Environment variables naming a toolchain's home; bound when they point into a home. */
const TOOLCHAIN_VARIABLES = [
  'PYENV_ROOT',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'NVM_DIR',
  'VOLTA_HOME',
  'BUN_INSTALL',
  'DENO_INSTALL',
  'SDKMAN_DIR',
  'GOROOT',
  'GOMODCACHE',
  'JAVA_HOME',
  'VIRTUAL_ENV',
  'CONDA_PREFIX',
  'PNPM_HOME',
  'RBENV_ROOT',
  'ASDF_DIR',
] as const;

export interface HomeView {
  /** Homes (real paths) replaced by an empty tmpfs. */
  tmpfs: string[];
  /** Real directories bound back read-only at their own path. */
  binds: string[];
  /** Where a home entry is a symlink to a bound directory: recreate the link in the tmpfs. */
  links: Array<{ path: string; target: string }>;
}

const isUnder = (child: string, parent: string): boolean => child === parent || child.startsWith(`${parent}/`);

function realDir(candidate: string): string | undefined {
  try {
    const real = realpathSync(candidate);
    return lstatSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** Home-relative path, or undefined when `target` is not strictly inside `home`. */
function relativeTo(home: string, target: string): string | undefined {
  const relative = path.relative(home, target);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative;
}

/** The home-relative folders one PATH entry (home-relative) needs. */
export function toolchainFor(entry: string): readonly string[] {
  const roots = Object.keys(TOOLCHAIN_ROOTS).filter((root) => isUnder(entry, root));
  if (roots.length === 0) return [entry];
  const longest = roots.reduce((a, b) => (b.length > a.length ? b : a));
  // A PATH entry outside the named parts of `.local` or `go` is still bound itself.
  const parts = TOOLCHAIN_ROOTS[longest]!;
  return parts.some((part) => isUnder(entry, part)) ? parts : [...parts, entry];
}

/**
 * The sandbox's view of the homes. `allow` is `sandbox.home_allow` (home-relative);
 * `homes` are $HOME and the passwd home (secrets.ts homeDirs).
 */
export function homeView(homes: readonly string[], env: NodeJS.ProcessEnv, allow: readonly string[]): HomeView {
  const view: HomeView = { tmpfs: [], binds: [], links: [] };
  const realHomes = [...new Set(homes.map(realDir).filter((home): home is string => home !== undefined && home !== '/'))];
  // The outer of two nested homes covers both.
  view.tmpfs = realHomes.filter((home) => !realHomes.some((other) => other !== home && isUnder(home, other)));
  const wanted = new Set<string>();
  const consider = (absolute: string, expand: boolean): void => {
    const resolved = path.resolve(absolute);
    for (const home of [...homes.map((home) => path.resolve(home)), ...realHomes]) {
      const relative = relativeTo(home, resolved);
      if (relative === undefined) continue;
      for (const part of expand ? toolchainFor(relative) : [relative]) wanted.add(path.join(home, part));
    }
  };
  for (const entry of (env.PATH ?? '').split(':')) if (path.isAbsolute(entry)) consider(entry, true);
  for (const name of TOOLCHAIN_VARIABLES) {
    const value = env[name];
    if (value && path.isAbsolute(value)) consider(value, true);
  }
  for (const home of homes) {
    for (const relative of [...PACKAGE_CACHES, ...allow]) wanted.add(path.join(home, relative));
  }
  for (const candidate of wanted) addBind(view, candidate);
  view.binds.sort();
  return view;
}

function addBind(view: HomeView, candidate: string): void {
  const real = realDir(candidate);
  if (!real) return;
  // Never bind a whole home back (a `home_allow: ["."]`, or a PATH entry that is the home).
  if (view.tmpfs.some((home) => home === real || isUnder(home, real))) return;
  if (!view.binds.includes(real)) view.binds.push(real);
  // ~/.cargo → /opt/cargo: the bind is at /opt/cargo, and the home needs the link again.
  let parent: string;
  try {
    parent = realpathSync(path.dirname(candidate));
  } catch {
    return;
  }
  const lexical = path.join(parent, path.basename(candidate));
  if (lexical !== real && view.tmpfs.some((home) => isUnder(lexical, home)) && !view.links.some((link) => link.path === lexical)) {
    view.links.push({ path: lexical, target: real });
  }
}
