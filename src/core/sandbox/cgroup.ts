import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../tools/on-path.js';

// Rlimits are per process: three processes plus the private /tmp held several times
// memory_mb. A cgroup bounds the whole sandbox (tmpfs pages are charged to it too) and
// counts its tasks in the kernel. Used when the system lets us have one:
//   - cgroup v2 where our cgroup delegates memory and pids to children we may create
//     (a container's root cgroup, a systemd unit with Delegate=yes);
//   - cgroup v1 memory and pids hierarchies we may write (root on a v1 or hybrid host);
//   - else a transient `systemd-run --user --scope` when a user manager runs.
// Otherwise the run goes on with the rlimits and the watchdog, and the reason is journaled.

export interface CgroupLimits {
  memoryMb: number;
  maxTasks: number;
}

export interface SandboxCgroup {
  /** Put before the sandbox's argv: joins the cgroup, then execs the rest. */
  prefix: string[];
  /** Whether the memory limit killed something during the run. */
  oomKilled(): boolean;
  /** Remove the cgroup once everything in it has exited (retries while the kernel reaps). */
  remove(): Promise<void>;
}

export type CgroupSupport = { kind: 'v2' | 'v1' | 'systemd-run'; create(limits: CgroupLimits): SandboxCgroup } | { kind: 'none'; reason: string };

interface Mount {
  point: string;
  root: string;
  fstype: string;
  options: string[];
}

function mounts(mountinfo: string): Mount[] {
  const result: Mount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const fields = left.split(' ');
    const [fstype, , superOptions] = right.split(' ');
    result.push({ root: unescape(fields[3] ?? ''), point: unescape(fields[4] ?? ''), fstype: fstype ?? '', options: (superOptions ?? '').split(',') });
  }
  return result;
}

const unescape = (text: string): string => text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/** Our cgroup per v1 controller ('' for v2), from /proc/self/cgroup. */
function ownCgroups(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of text.trim().split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    for (const controller of match[1]!.split(',')) result.set(controller, match[2]!);
  }
  return result;
}

/** The directory of our cgroup in a mount, or undefined when the mount does not show it. */
function dirIn(mount: Mount, cgroupPath: string): string | undefined {
  const relative = path.posix.relative(mount.root, cgroupPath);
  if (relative.startsWith('..')) return undefined;
  return path.join(mount.point, relative);
}

let counter = 0;
const uniqueName = (): string => `oryon-sandbox-${process.pid}-${Date.now()}-${counter++}`;

const readText = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

function joinPrefix(procsFiles: readonly string[]): string[] {
  // The wrapper moves itself in before it execs bwrap, so nothing the sandbox starts is outside.
  const script =
    'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || { echo "oryon: cannot join cgroup $1" >&2; exit 125; }; shift; n=$((n-1)); done; exec "$@"';
  return ['/bin/sh', '-c', script, 'oryon-cgroup', String(procsFiles.length), ...procsFiles];
}

async function removeDirs(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        rmdirSync(dir);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}

function v2Support(base: string): CgroupSupport {
  const controllers = readText(path.join(base, 'cgroup.subtree_control')).split(/\s+/);
  if (!controllers.includes('memory') || !controllers.includes('pids')) {
    return { kind: 'none', reason: `cgroup v2: ${base} does not delegate the memory and pids controllers to child cgroups` };
  }
  const probe = path.join(base, uniqueName());
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (error) {
    return { kind: 'none', reason: `cgroup v2: cannot create a child of ${base} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  return {
    kind: 'v2',
    create(limits) {
      const dir = path.join(base, uniqueName());
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'memory.max'), String(limits.memoryMb * 1024 * 1024));
      if (existsSync(path.join(dir, 'memory.swap.max'))) writeFileSync(path.join(dir, 'memory.swap.max'), '0');
      writeFileSync(path.join(dir, 'pids.max'), String(limits.maxTasks));
      return {
        prefix: joinPrefix([path.join(dir, 'cgroup.procs')]),
        oomKilled: () => /^oom_kill [1-9]/m.test(readText(path.join(dir, 'memory.events'))),
        remove: () => removeDirs([dir]),
      };
    },
  };
}

function v1Support(memoryBase: string, pidsBase: string): CgroupSupport {
  for (const base of [memoryBase, pidsBase]) {
    const probe = path.join(base, uniqueName());
    try {
      mkdirSync(probe);
      rmdirSync(probe);
    } catch (error) {
      return { kind: 'none', reason: `cgroup v1: cannot create a child of ${base} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
    }
  }
  return {
    kind: 'v1',
    create(limits) {
      const name = uniqueName();
      const memory = path.join(memoryBase, name);
      const pids = path.join(pidsBase, name);
      mkdirSync(memory);
      try {
        mkdirSync(pids);
        writeFileSync(path.join(memory, 'memory.limit_in_bytes'), String(limits.memoryMb * 1024 * 1024));
        writeFileSync(path.join(pids, 'pids.max'), String(limits.maxTasks));
      } catch (error) {
        void removeDirs([memory, pids]);
        throw error;
      }
      return {
        prefix: joinPrefix([path.join(memory, 'cgroup.procs'), path.join(pids, 'cgroup.procs')]),
        oomKilled: () => /^oom_kill [1-9]/m.test(readText(path.join(memory, 'memory.oom_control'))),
        remove: () => removeDirs([memory, pids]),
      };
    },
  };
}

function systemdRunSupport(env: NodeJS.ProcessEnv): CgroupSupport | undefined {
  const runtime = env.XDG_RUNTIME_DIR;
  const systemdRun = findOnPath('systemd-run', env.PATH);
  if (!runtime || !systemdRun || !existsSync(path.join(runtime, 'systemd', 'private'))) return undefined;
  return {
    kind: 'systemd-run',
    create(limits) {
      return {
        prefix: [
          systemdRun,
          '--user',
          '--scope',
          '--quiet',
          '--collect',
          '-p',
          `MemoryMax=${limits.memoryMb}M`,
          '-p',
          'MemorySwapMax=0',
          '-p',
          `TasksMax=${limits.maxTasks}`,
          '--',
        ],
        // The scope is gone with its last process; its OOM kill shows as the command's SIGKILL.
        oomKilled: () => false,
        remove: async () => undefined,
      };
    },
  };
}

const cache = new Map<string, CgroupSupport>();

/** What this system offers (cached): read from /proc/self/{cgroup,mountinfo}. */
export function detectCgroups(env: NodeJS.ProcessEnv = process.env, sources: { cgroup?: string; mountinfo?: string } = {}): CgroupSupport {
  const key = `${env.XDG_RUNTIME_DIR ?? ''}\0${env.PATH ?? ''}\0${sources.cgroup ?? ''}\0${sources.mountinfo ?? ''}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const own = ownCgroups(sources.cgroup ?? readText('/proc/self/cgroup'));
  const all = mounts(sources.mountinfo ?? readText('/proc/self/mountinfo'));
  const reasons: string[] = [];
  let support: CgroupSupport | undefined;
  const unified = all.find((mount) => mount.fstype === 'cgroup2');
  const unifiedDir = unified && own.has('') ? dirIn(unified, own.get('')!) : undefined;
  if (unifiedDir && existsSync(path.join(unifiedDir, 'cgroup.subtree_control'))) {
    const v2 = v2Support(unifiedDir);
    if (v2.kind !== 'none') support = v2;
    else reasons.push(v2.reason);
  }
  if (!support) {
    const v1 = (controller: string): string | undefined => {
      const mount = all.find((entry) => entry.fstype === 'cgroup' && entry.options.includes(controller));
      const own1 = own.get(controller);
      return mount && own1 !== undefined ? dirIn(mount, own1) : undefined;
    };
    const memory = v1('memory');
    const pids = v1('pids');
    if (memory && pids) {
      const v1s = v1Support(memory, pids);
      if (v1s.kind !== 'none') support = v1s;
      else reasons.push(v1s.reason);
    } else if (!unifiedDir) {
      reasons.push('no cgroup v2 hierarchy and no v1 memory and pids hierarchies are mounted');
    }
  }
  support ??= systemdRunSupport(env);
  if (!support) reasons.push('no systemd user manager for a transient scope');
  const result: CgroupSupport = support ?? { kind: 'none', reason: reasons.join('; ') };
  cache.set(key, result);
  return result;
}
