import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Mask } from './secrets.js';
import type { SharedMount } from './types.js';

// The bubblewrap command line, as a pure function of a plan, so the mount order (which
// is the security argument) can be read and tested in one place:
//   1. the host root, read-only; fresh /dev, /proc and a private /tmp;
//   2. empty tmpfs over state and socket directories (`hide`);
//   3. the worktree read-write;
//   4. its git metadata read-only again (it may sit inside the worktree);
//   5. the project's installed environment (node_modules, .venv) read-only, caches in tmpfs;
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
}

const isUnder = (child: string, parent: string): boolean =>
  child === parent || child.startsWith(parent === '/' ? '/' : `${parent}/`);

/** Would `target` exist inside the sandbox? Paths under the private /tmp only if a bind brings them. */
export function visibleInSandbox(target: string, binds: readonly string[]): boolean {
  return !isUnder(target, PRIVATE_TMP) || binds.some((bind) => isUnder(target, bind));
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
  const binds = [plan.cwd, ...plan.readOnly];
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', PRIVATE_TMP];
  for (const mask of plan.hide) {
    if (visibleInSandbox(mask.path, [])) args.push(...maskArgs(mask));
  }
  args.push('--bind', plan.cwd, plan.cwd);
  for (const target of plan.readOnly) {
    if (existsSync(target)) args.push('--ro-bind', target, target);
  }
  for (const mount of plan.shared ?? []) {
    args.push('--ro-bind', mount.source, mount.target);
    for (const cache of mount.tmpfs) args.push('--tmpfs', cache);
  }
  for (const mask of plan.masks) {
    if (visibleInSandbox(mask.path, binds)) args.push(...maskArgs(mask));
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
