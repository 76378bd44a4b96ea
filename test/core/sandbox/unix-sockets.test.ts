import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listeningSocketPaths, parseListeningSockets } from '../../../src/core/sandbox/unix-sockets.js';
import { tempDir } from '../../helpers/git-repo.js';

describe('listening unix sockets', () => {
  it('parses listening file-system sockets, skipping connected, abstract and unnamed ones', () => {
    const text = [
      'Num       RefCount Protocol Flags    Type St Inode Path',
      '00000000f2e51f9a: 00000003 00000000 00000000 0001 03  1175',
      '0000000065137601: 00000002 00000000 00010000 0001 01 15149 /var/tmp/ssh-abc/agent.1',
      '0000000065137602: 00000002 00000000 00010000 0001 01 15150 @/tmp/.X11-unix/X0',
      '0000000065137603: 00000003 00000000 00000000 0001 03 15151 /run/db.sock',
      '0000000065137604: 00000002 00000000 00010000 0005 01 15152 /home/dev/pg data/.s.PGSQL.5432',
    ].join('\n');
    expect(parseListeningSockets(text)).toEqual(['/var/tmp/ssh-abc/agent.1', '/home/dev/pg data/.s.PGSQL.5432']);
  });

  it('finds a socket this process listens on, while it exists', async () => {
    const socketPath = path.join(tempDir('oryon-sock-'), 'db.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      expect(listeningSocketPaths()).toContain(socketPath);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(listeningSocketPaths()).not.toContain(socketPath);
  });
});
