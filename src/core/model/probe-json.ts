// A GET of a small JSON document over node:http(s), for probes made on every run (is the
// embedding model there?). Not `fetch`: loading undici for one request costs about 30 ms
// of start-up, more than the request itself (`oryon memory index`, perf/memory.perf.ts).
import type { IncomingMessage } from 'node:http';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The parsed body of a 2xx answer, or undefined for any other status. Network errors and an abort reject. */
export async function probeJson(url: string | URL, options: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<unknown> {
  const target = new URL(url);
  const { get } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = get(target, { headers: { accept: 'application/json', ...options.headers }, signal: options.signal }, resolve);
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
