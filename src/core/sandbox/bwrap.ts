import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { HomeView } from './home.js';
import type { Mask } from './secrets.js';
import type { SharedMount } from './types.js';

// The bubblewrap command line, as a pure function of a plan, so the mount order (which
// is the security argument) can be read and tested in one place:
//   1. the host root, read-only; fresh /dev, /proc and a private /tmp;
//   2. the homes as empty tmpfs, with their toolchain folders bound back read-only;
//   3. empty tmpfs over state and socket directories (`hide`);
//   4. the worktree, read-write only when the command must write;
//   5. its git metadata and guarded paths read-only again (they may sit inside the worktree),
//      and empty read-only covers where a guarded directory is absent; the project's
//      installed environment (node_modules, .venv) read-only, its caches in tmpfs;
//   6. secret masks last, so they win even over the worktree (a dotfiles repo).

/** Replaced by an empty tmpfs in every sandbox; anything under it is invisible unless bound. */
export const PRIVATE_TMP = '/tmp';

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
  /** The homes' view (home.ts); without it the homes are as readable as the rest of /. */
  home?: HomeView;
  /** Mount cwd read-write; read-only unless set (lint, `oryon sandbox` without --write). */
  writable?: boolean;
  /** Absent guarded directories in a writable cwd, covered read-only so none can be created (tree-guards.ts). */
  covers?: readonly string[];
}

const isUnder = (child: string, parent: string): boolean =>
  child === parent || child.startsWith(parent === '/' ? '/' : `${parent}/`);

/** Would `target` exist inside the sandbox? Paths under the private /tmp (or a private home) only if a bind brings them. */
export function visibleInSandbox(target: string, binds: readonly string[], privateDirs: readonly string[] = [PRIVATE_TMP]): boolean {
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
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', PRIVATE_TMP];
  const homeBinds = plan.home?.binds.filter((bind) => existsSync(bind)) ?? [];
  const privateDirs = [PRIVATE_TMP, ...(plan.home?.tmpfs.filter((home) => visibleInSandbox(home, [])) ?? [])];
  for (const home of privateDirs.slice(1)) args.push('--tmpfs', home);
  for (const bind of homeBinds) args.push('--ro-bind', bind, bind);
  for (const link of plan.home?.links ?? []) args.push('--symlink', link.target, link.path);
  for (const mask of plan.hide) {
    if (visibleInSandbox(mask.path, homeBinds, privateDirs)) args.push(...maskArgs(mask));
  }
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
  const binds = [plan.cwd, ...plan.readOnly, ...homeBinds, ...(plan.shared ?? []).map((mount) => mount.target)];
  for (const mask of plan.masks) {
    if (visibleInSandbox(mask.path, binds, privateDirs)) args.push(...maskArgs(mask));
  }
  args.push('--chdir', plan.cwd, '--unshare-pid', '--unshare-ipc', '--unshare-uts');
  if (!plan.network) args.push('--unshare-net');
  if (plan.userNamespace) args.push('--unshare-user');
  if (plan.dropCapabilities) args.push('--cap-drop', 'ALL');
  args.push('--die-with-parent', '--new-session');
  if (plan.infoFd !== undefined) args.push('--info-fd', String(plan.infoFd));
  args.push('--', ...command);
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
