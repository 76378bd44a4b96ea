import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { HomeView } from './home.js';
import type { Mask } from './secrets.js';
import type { SharedMount } from './types.js';

// The bubblewrap command line, as a pure function of a plan, so the mount order (which
// is the security argument) can be read and tested in one place:
//   1. the host root, read-only; fresh /dev, /proc and a private /tmp and /var/tmp;
//   2. the homes as empty tmpfs, with their toolchain folders bound back read-only;
//   3. empty tmpfs over state and socket directories (`hide`);
//   4. the worktree, read-write only when the command must write;
//   5. its git metadata and guarded paths read-only again (they may sit inside the worktree),
//      and empty read-only covers where a guarded directory is absent; the project's
//      installed environment (node_modules, .venv) read-only, its caches in tmpfs;
//   6. secret masks, then the hardening mounts (/proc/sys, sockets), so they win even over
//      the worktree (a dotfiles repo).

/** Replaced by an empty tmpfs in every sandbox; anything under it is invisible unless bound. */
export const PRIVATE_TMP = '/tmp';
/** Also private: the host's /var/tmp is where ssh-agent and friends put sockets, and it is on disk. */
export const PRIVATE_VAR_TMP = '/var/tmp';
const PRIVATE_DIRS = [PRIVATE_TMP, PRIVATE_VAR_TMP];

/** Where unix sockets to host daemons live: connect() works even on a read-only mount. */
const SOCKET_DIRS_ALWAYS = ['/run/user', '/run/docker', '/run/containerd', '/run/podman', '/run/dbus', '/var/run/docker.sock', '/run/docker.sock'];

export interface BwrapPlan {
  /** Mounted read-write; the command runs here. */
  cwd: string;
  /** Mounted read-only after cwd (git metadata). */
  readOnly: readonly string[];
  /** Covered before cwd is mounted: oryon's state directory, host daemon sockets. */
  hide: readonly Mask[];
  masks: readonly Mask[];
  /** The user's installed environment, bound read-only into cwd after it (already checked by lstat). */
  shared?: readonly SharedMount[];
  network: boolean;
  /** Ask for a user namespace (needed when not root). */
  userNamespace: boolean;
  /** Drop every capability (bwrap keeps them for a root caller unless told). */
  dropCapabilities: boolean;
  /** File descriptor bwrap reports the sandbox's pid on (for the process watchdog). */
  infoFd?: number;
  // --- hardening (issue 11, sb-priv): see hardeningArgs ---
  /** Capabilities bwrap keeps for the prologue, which drops to an unprivileged uid with them (root callers). */
  keepCapabilities?: readonly string[];
  /** File descriptor bwrap reads the seccomp program from (see seccomp.ts). */
  seccompFd?: number;
  /** Size of each private tmpfs (/tmp, /var/tmp), MiB. */
  tmpSizeMb?: number;
  /** Untraversable directories above the worktree, covered by an empty tmpfs so the unprivileged uid can reach it. */
  reachable?: readonly string[];
  /** Listening unix sockets of host daemons, covered by /dev/null (see unix-sockets.ts). */
  sockets?: readonly string[];
  // --- visibility (issue 11, sb-vis) ---
  /** The homes' view (home.ts); without it the homes are as readable as the rest of /. */
  home?: HomeView;
  /** Mount cwd read-write; read-only unless set (lint, `oryon sandbox` without --write). */
  writable?: boolean;
  /** Absent guarded directories in a writable cwd, covered read-only so none can be created (tree-guards.ts). */
  covers?: readonly string[];
  /** Toolchain directories on PATH inside a `reachable` cover (~/.pyenv under a 0700 /root), bound back read-only. */
  toolchains?: readonly string[];
}

const isUnder = (child: string, parent: string): boolean => child === parent || child.startsWith(parent === '/' ? '/' : `${parent}/`);

/** Would `target` exist inside the sandbox? Paths under the private /tmp and /var/tmp (or a private home) only if a bind brings them. */
export function visibleInSandbox(target: string, binds: readonly string[], privateDirs: readonly string[] = PRIVATE_DIRS): boolean {
  return !privateDirs.some((dir) => isUnder(target, dir)) || binds.some((bind) => isUnder(target, bind));
}

/** The socket directories to hide: all of /run without network (nothing there is needed then). */
export function socketHides(network: boolean): Mask[] {
  const candidates = network ? SOCKET_DIRS_ALWAYS : ['/run', '/var/run', ...SOCKET_DIRS_ALWAYS];
  const result: Mask[] = [];
  for (const candidate of candidates) {
    try {
      // /var/run is usually a link to /run: hiding the target once is enough.
      if (lstatSync(candidate).isSymbolicLink()) continue;
      const real = realpathSync(candidate);
      if (result.some((hidden) => isUnder(real, hidden.path))) continue;
      result.push({ path: real, kind: lstatSync(real).isDirectory() ? 'dir' : 'file' });
    } catch {
      // Absent here.
    }
  }
  return result;
}

function maskArgs(mask: Mask): string[] {
  return mask.kind === 'dir' ? ['--tmpfs', mask.path] : ['--ro-bind', '/dev/null', mask.path];
}

export function bwrapArgs(plan: BwrapPlan, command: readonly string[]): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', ...privateDirArgs(plan)];
  const homeBinds = plan.home?.binds.filter((bind) => existsSync(bind)) ?? [];
  // A home inside the private /tmp (a test's, a CI checkout's) is made there, empty like any other.
  const homes = plan.home?.tmpfs ?? [];
  const privateDirs = [...PRIVATE_DIRS, ...homes];
  args.push(...passableParents(homes, PRIVATE_DIRS));
  for (const home of homes) args.push('--tmpfs', home);
  args.push(...passableParents(homeBinds, homes));
  for (const bind of homeBinds) args.push('--ro-bind', bind, bind);
  for (const link of plan.home?.links ?? []) args.push('--symlink', link.target, link.path);
  const reachable = reachableArgs(plan, homes);
  args.push(...reachable.covers);
  // PATH toolchains under a cover; those under an empty home are bound back already.
  for (const dir of plan.toolchains ?? []) {
    if (!homeBinds.some((bind) => isUnder(dir, bind))) args.push('--ro-bind', dir, dir);
  }
  for (const mask of plan.hide) {
    if (visibleInSandbox(mask.path, homeBinds, privateDirs)) args.push(...maskArgs(mask));
  }
  // After the hides, whose tmpfs would wipe them: the folders a dropped uid passes on its
  // way to a worktree inside a tmpfs (~/src/repo under the empty home, ORYON_HOME's worktrees).
  args.push(...reachable.dirs);
  args.push(plan.writable ? '--bind' : '--ro-bind', plan.cwd, plan.cwd);
  for (const target of plan.readOnly) {
    if (existsSync(target)) args.push('--ro-bind', target, target);
  }
  if (plan.writable) {
    for (const cover of plan.covers ?? []) args.push('--tmpfs', cover, '--remount-ro', cover);
  }
  for (const mount of plan.shared ?? []) {
    args.push('--ro-bind', mount.source, mount.target);
    for (const cache of mount.tmpfs) args.push('--tmpfs', cache);
  }
  // The empty homes are read-only once everything inside them is mounted: a write to $HOME
  // fails, as it does for a dropped uid, instead of landing in a throw-away tmpfs.
  // (A home inside the worktree or another bind is that bind's now: its own rules apply.)
  const laterBinds = [plan.cwd, ...plan.readOnly, ...(plan.shared ?? []).map((mount) => mount.target)];
  for (const home of homes) if (!laterBinds.some((bind) => isUnder(home, bind))) args.push('--remount-ro', home);
  const binds = [plan.cwd, ...plan.readOnly, ...homeBinds, ...(plan.shared ?? []).map((mount) => mount.target)];
  for (const mask of plan.masks) {
    if (visibleInSandbox(mask.path, binds, privateDirs)) args.push(...maskArgs(mask));
  }
  args.push(...hardeningArgs(plan, binds, privateDirs));
  // Dropping to another uid, the prologue enters the worktree after the drop (see privilege.ts).
  args.push('--chdir', plan.keepCapabilities ? '/' : plan.cwd, '--unshare-pid', '--unshare-ipc', '--unshare-uts');
  if (!plan.network) args.push('--unshare-net');
  if (plan.userNamespace) args.push('--unshare-user');
  if (plan.dropCapabilities) args.push('--cap-drop', 'ALL');
  for (const capability of plan.keepCapabilities ?? []) args.push('--cap-add', capability);
  args.push('--die-with-parent', '--new-session');
  if (plan.infoFd !== undefined) args.push('--info-fd', String(plan.infoFd));
  if (plan.seccompFd !== undefined) args.push('--seccomp', String(plan.seccompFd));
  args.push('--', ...command);
  return args;
}

/**
 * Make the way to the worktree passable for the unprivileged uid the command drops to.
 * An untraversable directory on the host's tree (`plan.reachable`: /root, 0700) gets an
 * empty tmpfs (`covers`, mounted first: the uid could not read anything in it anyway).
 * Directories bwrap itself makes for a bind inside a tmpfs (the private /tmp, a cover, a
 * hidden state directory) come out 0700 when bwrap runs as root, so they are made 0755
 * first (`dirs`, after the hides, just before the binds). Only when dropping.
 */
export function reachableArgs(plan: BwrapPlan, homes: readonly string[] = []): { covers: string[]; dirs: string[] } {
  const result = { covers: [] as string[], dirs: [] as string[] };
  if (!plan.keepCapabilities) return result;
  const tmpfs: string[] = [
    ...PRIVATE_DIRS,
    ...homes,
    ...plan.hide.filter((hide) => hide.kind === 'dir' && visibleInSandbox(hide.path, [])).map((hide) => hide.path),
  ];
  for (const dir of plan.reachable ?? []) {
    if (tmpfs.some((cover) => isUnder(dir, cover))) continue;
    result.covers.push('--tmpfs', dir);
    tmpfs.push(dir);
  }
  const made = new Set<string>();
  for (const target of [plan.cwd, ...plan.readOnly]) {
    let current = '';
    for (const part of target.split('/').filter(Boolean).slice(0, -1)) {
      current = `${current}/${part}`;
      if (made.has(current) || !tmpfs.some((cover) => isUnder(current, cover) && current !== cover)) continue;
      made.add(current);
      result.dirs.push('--perms', '0755', '--dir', current);
    }
  }
  return result;
}

/**
 * The folders between a tmpfs (a home, a hidden ORYON_HOME, the private /tmp) and a
 * directory bound below it (`.local` for `~/.local/bin`, `src` for `~/src/repo`), made
 * 0755 first: bwrap would create them 0700, which a dropped uid (sandbox.uid) cannot pass.
 */
export function passableParents(binds: readonly string[], roots: readonly string[]): string[] {
  const made = new Set<string>();
  const args: string[] = [];
  for (const bind of binds) {
    // The deepest root: below it nothing exists until made.
    const root = roots.filter((candidate) => isUnder(bind, candidate) && bind !== candidate).sort((a, b) => b.length - a.length)[0];
    if (!root) continue;
    const parents: string[] = [];
    for (let dir = path.dirname(bind); dir !== root && isUnder(dir, root); dir = path.dirname(dir)) parents.unshift(dir);
    for (const dir of parents) {
      if (made.has(dir)) continue;
      made.add(dir);
      args.push('--perms', '0755', '--dir', dir);
    }
  }
  return args;
}

/** The private /tmp and /var/tmp: world-writable and sticky (the command may run as another uid), sized when asked. */
function privateDirArgs(plan: BwrapPlan): string[] {
  const size = plan.tmpSizeMb === undefined ? [] : ['--size', String(plan.tmpSizeMb * 1024 * 1024)];
  return PRIVATE_DIRS.flatMap((dir) => ['--perms', '1777', ...size, '--tmpfs', dir]);
}

/**
 * Mounted last, so they win over the worktree: kernel tunables read-only (root-owned 0644
 * files need no capability to write, and core_pattern runs a program as host root), and
 * daemon sockets covered. /proc/sys is bound from the host's /proc: bwrap cannot remount a
 * directory of its fresh /proc, and the sysctls are the same kernel's.
 */
function hardeningArgs(plan: BwrapPlan, binds: readonly string[], privateDirs: readonly string[]): string[] {
  const args = ['--ro-bind', '/proc/sys', '/proc/sys', '--ro-bind-try', '/proc/sysrq-trigger', '/proc/sysrq-trigger'];
  for (const socket of plan.sockets ?? []) {
    if (visibleInSandbox(socket, binds, privateDirs)) args.push('--ro-bind', '/dev/null', socket);
  }
  return args;
}

/** A hide entry must be a directory that does not contain the homes or the root. */
export function hideable(dir: string, protectedDirs: readonly string[]): boolean {
  try {
    if (!lstatSync(dir).isDirectory()) return false;
  } catch {
    return false;
  }
  const resolved = path.resolve(dir);
  return resolved !== '/' && !protectedDirs.some((other) => isUnder(other, resolved) && other !== resolved);
}
