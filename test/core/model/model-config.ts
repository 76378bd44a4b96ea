// A model config for tests: the packaged defaults with short timeouts, pointed at a host.
import type { Config } from '../../../src/config/schema.js';

export function modelConfig(host: string, overrides: Partial<Config['model']> = {}): Config['model'] {
  return {
    provider: 'ollama',
    base_url: null,
    api_key_env: null,
    tools_native: false,
    hosts: [],
    fallback: [],
    name: 'qwen2.5-coder:7b',
    host,
    num_ctx: 8192,
    temperature: 0,
    seed: 42,
    keep_alive: '30m',
    request_timeout_ms: 5000,
    first_token_timeout_ms: 3000,
    max_retries: 2,
    reply_reserve_tokens: 1024,
    embedding_model: 'nomic-embed-text',
    ...overrides,
  };
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
