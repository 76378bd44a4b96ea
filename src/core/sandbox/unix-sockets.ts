import { lstatSync, readFileSync } from 'node:fs';

// connect() on a file-system unix socket needs no network namespace and works through a
// read-only mount: an ssh-agent under /var/tmp or a database socket in the user's home
// stays reachable with `network: false`. The kernel lists every listening socket of our
// network namespace in /proc/net/unix; each one still at its path is covered by /dev/null.
// Sockets bound in other network namespaces (another container's) are not listed there.

/** __SO_ACCEPTCON in /proc/net/unix's Flags column: the socket is listening. */
const LISTENING = 0x10000;

/** Paths of listening file-system sockets in /proc/net/unix text (abstract ones start with @ and are skipped). */
export function parseListeningSockets(text: string): string[] {
  const paths = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path — the path may contain spaces.
    const match = /^\s*[0-9a-f]+:\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+\s(\/.*)$/i.exec(line);
    if (!match) continue;
    if ((parseInt(match[1]!, 16) & LISTENING) === 0) continue;
    paths.add(match[2]!);
  }
  return [...paths];
}

/** Listening sockets that still exist as sockets at their path (lstat: a path replaced by a link is not ours to follow). */
export function listeningSocketPaths(procNetUnix = '/proc/net/unix'): string[] {
  let text: string;
  try {
    text = readFileSync(procNetUnix, 'utf8');
  } catch {
    return [];
  }
  return parseListeningSockets(text).filter((socket) => {
    try {
      return lstatSync(socket).isSocket();
    } catch {
      return false;
    }
  });
}
