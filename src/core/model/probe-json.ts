// A GET of a small JSON document over node:http(s), for probes made on every run (is the
// embedding model there?). Not `fetch`: loading undici for one request costs about 30 ms
// of start-up, more than the request itself (`oryon memory index`, perf/memory.perf.ts).
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The parsed body of a 2xx answer, or undefined for any other status. Network errors and an abort reject. */
export async function probeJson(url: string | URL, options: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<unknown> {
  const target = new URL(url);
  // Plain http connects first with node:net (already loaded with child_process) and hands
  // the socket to the request: with no server there (the usual `auto` probe), the refusal
  // comes before the HTTP client is loaded and set up (~6 ms of a one-file re-index).
  const socket = target.protocol === 'http:' ? await connectTo(target, options.signal) : undefined;
  const { get } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = get(
      target,
      { headers: { accept: 'application/json', ...options.headers }, signal: options.signal, ...(socket ? { createConnection: () => socket } : {}) },
      resolve,
    );
    request.on('error', reject);
  });
  const status = response.statusCode ?? 0;
  if (status < 200 || status >= 300) {
    response.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`${target.origin}: answer larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

async function connectTo(target: URL, signal?: AbortSignal): Promise<Socket> {
  const { connect } = await import('node:net');
  // URL keeps an IPv6 host in brackets; the socket wants the bare address.
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host, port: Number(target.port || 80), ...(signal ? { signal } : {}) });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}
