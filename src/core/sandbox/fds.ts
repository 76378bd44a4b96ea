import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';

// Descriptors oryon inherited from its caller without close-on-exec (a shell's `5<file`, a
// CI runner's pipes) survive exec into bubblewrap and the command: a read-only one can be
// reopened read-write through /proc/self/fd. Node has no fcntl, but libuv dup2()s every
// explicit stdio entry onto its index in the child before exec: mapping each such index
// to /dev/null closes the inherited descriptor there (dup2 closes the old one atomically).

/** O_CLOEXEC in the octal `flags:` line of /proc/self/fdinfo. */
const O_CLOEXEC = 0o2000000;

/** Our inherited descriptors above 2 that would survive exec, from /proc/self/fdinfo. */
export function inheritedDescriptors(fdinfo = '/proc/self/fdinfo'): number[] {
  let names: string[];
  try {
    names = readdirSync(fdinfo);
  } catch {
    return [];
  }
  const fds: number[] = [];
  for (const name of names) {
    const fd = Number(name);
    if (!Number.isInteger(fd) || fd <= 2) continue;
    try {
      const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`${fdinfo}/${name}`, 'utf8'));
      if (flags && (parseInt(flags[1]!, 8) & O_CLOEXEC) === 0) fds.push(fd);
    } catch {
      // Closed meanwhile (the readdir's own descriptor, for one).
    }
  }
  return fds.sort((a, b) => a - b);
}

export type StdioEntry = 'pipe' | 'ignore' | number;

/**
 * The stdio array with every inherited descriptor not in `keep` mapped to /dev/null.
 * Returns a release function for the /dev/null descriptor (call it once the child started).
 */
export function neutralizeInherited(
  stdio: StdioEntry[],
  keep: readonly number[],
  inherited = inheritedDescriptors(),
): { stdio: StdioEntry[]; release: () => void } {
  const targets = inherited.filter((fd) => !keep.includes(fd) && (stdio[fd] === undefined || stdio[fd] === 'ignore'));
  if (targets.length === 0) return { stdio, release: () => undefined };
  // Opened close-on-exec by libuv, so it only exists in the child where it is dup2()ed.
  const devNull = openSync('/dev/null', 'r+');
  const result = [...stdio];
  for (let fd = 0; fd < Math.max(...targets) + 1; fd++) if (result[fd] === undefined) result[fd] = 'ignore';
  for (const fd of targets) result[fd] = devNull;
  return { stdio: result, release: () => closeSync(devNull) };
}
