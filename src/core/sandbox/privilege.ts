import { spawnSync } from 'node:child_process';
import { findOnPath } from '../tools/on-path.js';

// Who the sandboxed command runs as. Never as privileged root:
//  - a caller that is not root asks bubblewrap for a user namespace (its own uid inside);
//  - root gets no benefit from one (bwrap maps it to kuid 0, and DAC still sees root: 0644
//    root files such as /proc/sys/kernel/core_pattern stay writable, 0600 ones readable). So
//    bwrap keeps only CAP_SETUID, CAP_SETGID and CAP_SETPCAP, and the in-sandbox prologue
//    drops to `sandbox.uid` with setpriv (no groups, empty bounding and inheritable sets)
//    before it execs the command. bwrap sets no_new_privs, so nothing regains privilege.
// The worktree is lent to that uid for the run (tree.ts) and given back afterwards.

export type Privilege =
  | { mode: 'user-namespace' }
  | { mode: 'drop'; uid: number; gid: number; setpriv: string }
  /** Root that could not drop: runs with no capabilities, which does not stop DAC as root. */
  | { mode: 'root'; reason: string };

/** What bwrap keeps so the prologue can drop (SETPCAP: to empty the bounding set). */
export const DROP_CAPABILITIES = ['CAP_SETUID', 'CAP_SETGID', 'CAP_SETPCAP'] as const;

/** Where setpriv is looked for besides PATH: util-linux puts it in /usr/bin, older systems /bin. */
const SYSTEM_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

const cache = new Map<string, Privilege>();

/**
 * The setpriv invocation that ends the prologue: the command then runs as uid:gid with
 * nothing else, in `cwd`. The cd comes after the drop: root without capabilities (bwrap
 * itself) may not enter a worktree lent to the uid with mode 0700.
 */
export function dropCommand(drop: { setpriv: string; uid: number; gid: number }, cwd?: string): string[] {
  const command = [drop.setpriv, `--reuid=${drop.uid}`, `--regid=${drop.gid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--'];
  return cwd === undefined ? command : [...command, '/bin/sh', '-c', 'cd -- "$1" && shift && exec "$@"', 'oryon-cd', cwd];
}

/**
 * Decide, and for root prove it works with a trial run of bwrap and setpriv (cached per
 * bwrap path and uid): a drop that fails would otherwise only show as every command failing.
 */
export function sandboxPrivilege(options: { bwrap: string; uid: number; getuid?: () => number | undefined; pathVariable?: string | undefined }): Privilege {
  const uid = (options.getuid ?? process.getuid)?.();
  if (uid !== 0) return { mode: 'user-namespace' };
  if (options.uid === 0) return { mode: 'root', reason: 'sandbox.uid is 0' };
  const key = `${options.bwrap}\0${options.uid}\0${options.pathVariable ?? ''}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const setpriv = findOnPath('setpriv', options.pathVariable) ?? findOnPath('setpriv', SYSTEM_PATH);
  let privilege: Privilege;
  if (!setpriv) {
    privilege = { mode: 'root', reason: 'setpriv (util-linux) is not installed, so the sandbox cannot drop root' };
  } else {
    const drop = { setpriv, uid: options.uid, gid: options.uid };
    const probe = `[ "$(id -u)" = ${options.uid} ] && ! cat /proc/self/status | grep -q '^CapEff:.*[1-9a-f]'`;
    const trial = spawnSync(
      options.bwrap,
      [
        '--ro-bind',
        '/',
        '/',
        '--dev',
        '/dev',
        '--proc',
        '/proc',
        '--unshare-pid',
        '--cap-drop',
        'ALL',
        ...DROP_CAPABILITIES.flatMap((capability) => ['--cap-add', capability]),
        '--die-with-parent',
        '--',
        ...dropCommand(drop),
        '/bin/sh',
        '-c',
        probe,
      ],
      { encoding: 'utf8', timeout: 10_000 },
    );
    privilege =
      trial.status === 0
        ? { mode: 'drop', ...drop }
        : {
            mode: 'root',
            reason: `dropping to uid ${options.uid} inside bubblewrap failed${trial.stderr?.trim() ? `: ${trial.stderr.trim().split('\n').pop()}` : ''}`,
          };
  }
  cache.set(key, privilege);
  return privilege;
}
