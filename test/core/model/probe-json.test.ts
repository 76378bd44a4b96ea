import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeJson } from '../../../src/core/model/probe-json.js';

let server: Server;
let base: string;
const seen: Array<{ url: string | undefined; authorization: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    if (req.url === '/api/tags') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"models":[{"name":"nomic-embed-text:latest"}]}');
    if (req.url === '/slow') return void setTimeout(() => res.end('{}'), 5_000);
    if (req.url === '/garbled') return void res.writeHead(200).end('{"models":');
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('probeJson', () => {
  it('returns the parsed body of a 2xx answer and sends the headers given', async () => {
    await expect(probeJson(`${base}/api/tags`, { headers: { authorization: 'Bearer k' } })).resolves.toEqual({ models: [{ name: 'nomic-embed-text:latest' }] });
    expect(seen.at(-1)).toEqual({ url: '/api/tags', authorization: 'Bearer k' });
  });

  it('reaches the server by name and over IPv6 (it connects before speaking HTTP)', async () => {
    const port = (server.address() as AddressInfo).port;
    await expect(probeJson(`http://localhost:${port}/api/tags`)).resolves.toEqual({ models: [{ name: 'nomic-embed-text:latest' }] });
    expect(seen.at(-1)?.url).toBe('/api/tags');
    const v6 = createServer((_req, res) => void res.writeHead(200).end('{"v6":true}'));
    const listening = await new Promise<boolean>((resolve) => {
      v6.once('error', () => resolve(false));
      v6.listen(0, '::1', () => resolve(true));
    });
    // A machine without IPv6 loopback has nothing to test here.
    if (!listening) return;
    try {
      await expect(probeJson(`http://[::1]:${(v6.address() as AddressInfo).port}/`)).resolves.toEqual({ v6: true });
    } finally {
      v6.close();
    }
  });

  it('returns undefined for any other status', async () => {
    await expect(probeJson(`${base}/nothing-here`)).resolves.toBeUndefined();
  });

  it('rejects on a refused connection, a garbled body and an abort', async () => {
    await expect(probeJson('http://127.0.0.1:9/api/tags')).rejects.toThrow();
    await expect(probeJson(`${base}/garbled`)).rejects.toThrow(SyntaxError);
    const started = Date.now();
    await expect(probeJson(`${base}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
