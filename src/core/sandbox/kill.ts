import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// Ending a sandboxed command means ending everything it started. The command is spawned
// detached (its own process group) and killed by group. Under bubblewrap the command sits
// in its own PID namespace: when bwrap dies, the namespace's init dies with it
// (--die-with-parent) and the kernel kills every process left inside, including any that
// left the group with setsid().

/** SIGKILL the whole process group led by `pid`; quiet when it is already gone. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left to kill.
  }
}

const isPid = (name: string): boolean => /^\d+$/.test(name);

/** Threads of one process: /proc/<pid>/task has one entry per task; 1 when it cannot be read. */
function taskCount(procDir: string): number {
  try {
    return readdirSync(`${procDir}/task`).length;
  } catch {
    return 1;
  }
}

/**
 * Tasks (processes and their threads) in the PID namespace whose init has host pid
 * `nsInit`: the kernel's process limit counts tasks, and 1,000 threads cost what 1,000
 * processes do. Reading the namespace's own /proc through /proc/<init>/root is one readdir
 * plus one per process; if that is not permitted, compare every host process's
 * pid-namespace link.
 */
export function countNamespaceProcesses(nsInit: number): number | undefined {
  let namespace: string;
  try {
    namespace = readlinkSync(`/proc/${nsInit}/ns/pid`);
  } catch {
    return undefined;
  }
  try {
    const proc = `/proc/${nsInit}/root/proc`;
    // Until bwrap has pivoted into the new root and mounted its /proc, this is the host's
    // (every host task): count only a /proc whose pid 1 is the namespace's init.
    if (readlinkSync(`${proc}/1/ns/pid`) !== namespace) return undefined;
    return readdirSync(proc)
      .filter(isPid)
      .reduce((sum, pid) => sum + taskCount(`${proc}/${pid}`), 0);
  } catch {
    // Fall through to the slower scan.
  }
  let count = 0;
  for (const name of readdirSync('/proc')) {
    if (!isPid(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/ns/pid`) === namespace) count += taskCount(`/proc/${name}`);
    } catch {
      // Exited meanwhile, or not ours to inspect.
    }
  }
  return count;
}

/** Tasks of the processes whose process group is `pgid` (the best-effort mode, without a namespace). */
export function countGroupProcesses(pgid: number): number {
  let count = 0;
  for (const name of readdirSync('/proc')) {
    if (!isPid(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // num_threads is the 18th field after the name.
      if (Number(fields[2]) === pgid) count += Number(fields[17]) || 1;
    } catch {
      // Exited meanwhile.
    }
  }
  return count;
}

export interface ProcessWatchdog {
  stop(): void;
}

/**
 * RLIMIT_NPROC does not bind root, and counts all of a user's processes outside a user
 * namespace, so the process limit is also enforced from outside: count the sandbox's
 * processes every `intervalMs` and call `onExceeded` once when there are more than `max`.
 */
export function watchProcesses(count: () => number | undefined, max: number, onExceeded: (seen: number) => void, intervalMs = 25): ProcessWatchdog {
  const timer = setInterval(() => {
    const seen = count();
    if (seen !== undefined && seen > max) {
      clearInterval(timer);
      onExceeded(seen);
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
