import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { InterruptedError, ModelUnavailableError } from '../../../src/core/errors.js';
import { createEmbedder, lazyEmbedder, RepoMemory } from '../../../src/core/memory/index.js';
import { embedOffline, OFFLINE_EMBEDDER_ID } from '../../../src/core/memory/offline-embedder.js';
import { startFakeOllama, type FakeOllama } from '../../helpers/fake-ollama.js';
import { tempDir } from '../../helpers/git-repo.js';
import { memoryFixture, type MemoryFixture } from './fixture.js';

let server: FakeOllama | undefined;
let fixture: MemoryFixture | undefined;
afterEach(async () => {
  fixture?.db.close();
  fixture = undefined;
  await server?.close();
  server = undefined;
});

function configFor(host: string, embedder: Config['memory']['embedder']): Config {
  const { config } = loadConfig({ env: { HOME: tempDir('oryon-home-') } });
  return { ...config, model: { ...config.model, host, max_retries: 0 }, memory: { ...config.memory, embedder } };
}

/** A model server that accepts /api/tags and never answers: only an abort or a timeout ends the probe. */
async function silentServer(): Promise<{ url: string; asked: () => number; close: () => Promise<void> }> {
  let asked = 0;
  const server = http.createServer(() => asked++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked: () => asked,
    close: () => new Promise((resolve) => server.close(() => resolve()).closeAllConnections()),
  };
}

/** A fake embedding model with meaning: the offline features cut to 100 dimensions (not a multiple of 8). */
const semanticEmbed = (texts: string[]) => texts.map((text) => Array.from(embedOffline(text).subarray(0, 100)));

describe('createEmbedder', () => {
  it('auto: uses Ollama when it serves the embedding model, and memory indexes and searches with it', async () => {
    server = await startFakeOllama({ embed: semanticEmbed });
    const embedder = await createEmbedder(configFor(server.url, 'auto'));
    expect(embedder.id).toBe('ollama:nomic-embed-text');

    fixture = memoryFixture(undefined, embedder);
    const stats = await fixture.memory.index();
    expect(stats.embedder).toBe('ollama:nomic-embed-text');
    const embedCalls = server.requests.filter((r) => r.path === '/api/embed');
    expect(embedCalls.length).toBeGreaterThan(0);
    expect(embedCalls.every((r) => r.body.model === 'nomic-embed-text' && r.body.input.length <= 32)).toBe(true);
    expect(embedCalls.reduce((n, r) => n + r.body.input.length, 0)).toBe(stats.embedded);
    expect(fixture.memory.stats()).toMatchObject({ embedder: 'ollama:nomic-embed-text', vectors: stats.chunks });
    const dim = fixture.db.prepare("SELECT dim FROM mem_embedders WHERE name = 'ollama:nomic-embed-text'").pluck().get();
    expect(dim).toBe(100);
    const [top] = await fixture.memory.search('prime numbers sieve', { k: 1 });
    expect(top!.path).toBe('src/math/fib.py');
  });

  it('auto: falls back to the offline embedder when the model is not pulled or the server is down', async () => {
    server = await startFakeOllama({ models: [{ name: 'qwen2.5-coder:7b' }] });
    expect((await createEmbedder(configFor(server.url, 'auto'))).id).toBe(OFFLINE_EMBEDDER_ID);
    expect((await createEmbedder(configFor('http://127.0.0.1:9', 'auto'))).id).toBe(OFFLINE_EMBEDDER_ID);
  });

  it('auto: Ctrl-C during the probe is an InterruptedError (exit 130), not a fallback to offline', async () => {
    const silent = await silentServer();
    try {
      const controller = new AbortController();
      const started = performance.now();
      const probing = createEmbedder(configFor(silent.url, 'auto'), { signal: controller.signal }).catch((error: unknown) => error);
      while (silent.asked() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      const failure = await probing;
      expect(failure).toBeInstanceOf(InterruptedError);
      expect((failure as InterruptedError).exitCode).toBe(130);
      // Ended by the abort, well before the probe's own 1.5 s timeout.
      expect(performance.now() - started).toBeLessThan(1400);
      // Already aborted: no fallback either.
      await expect(createEmbedder(configFor(silent.url, 'auto'), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(InterruptedError);
      // Without an abort, a silent server only costs the probe's timeout, then offline.
      expect((await createEmbedder(configFor(silent.url, 'auto'))).id).toBe(OFFLINE_EMBEDDER_ID);
    } finally {
      await silent.close();
    }
  });

  it('offline: never talks to the server', async () => {
    server = await startFakeOllama();
    expect((await createEmbedder(configFor(server.url, 'offline'))).id).toBe(OFFLINE_EMBEDDER_ID);
    expect(server.requests).toEqual([]);
  });

  it('ollama: an unreachable server fails the index with exit 3, keeping the chunks for a later run', async () => {
    const embedder = await createEmbedder(configFor('http://127.0.0.1:9', 'ollama'));
    expect(embedder.id).toBe('ollama:nomic-embed-text');
    fixture = memoryFixture(undefined, embedder);
    const failure = await fixture.memory.index().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelUnavailableError);
    expect((failure as ModelUnavailableError).exitCode).toBe(3);
    expect(fixture.memory.stats()).toMatchObject({ vectors: 0 });
    expect(fixture.memory.stats().chunks).toBeGreaterThan(0);
    // Text search still works on what was chunked.
    const offline = RepoMemory.open(
      fixture.db,
      fixture.root,
      (await import('../../../src/core/memory/offline-embedder.js')).createOfflineEmbedder(),
      fixture.policy,
    );
    expect((await offline.search('PrimeSieve', { k: 1 }))[0]!.path).toBe('src/math/fib.py');
  });
});

describe('lazyEmbedder', () => {
  it('probes nothing until it embeds, then chooses once and takes the chosen id', async () => {
    server = await startFakeOllama({ embed: semanticEmbed });
    const embedder = lazyEmbedder(configFor(server.url, 'auto'));
    expect(embedder.id).toBe('auto');
    fixture = memoryFixture(undefined, embedder);
    expect(fixture.memory.stats()).toMatchObject({ files: 0, embedder: 'auto' });
    expect(server.requests).toEqual([]);
    const [first] = await embedder.embed(['prime sieve']);
    expect(first).toHaveLength(100);
    expect(embedder.id).toBe('ollama:nomic-embed-text');
    await embedder.embed(['fibonacci']);
    expect(server.requests.filter((r) => r.path === '/api/tags')).toHaveLength(1);
  });

  it('eager: probes in the background at once, and ready() settles on the chosen id', async () => {
    server = await startFakeOllama({ embed: semanticEmbed });
    const embedder = lazyEmbedder(configFor(server.url, 'auto'), { eager: true });
    while (!server.requests.some((r) => r.path === '/api/tags')) await new Promise((resolve) => setTimeout(resolve, 5));
    await embedder.ready!();
    expect(embedder.id).toBe('ollama:nomic-embed-text');
    await embedder.embed(['fibonacci']);
    expect(server.requests.filter((r) => r.path === '/api/tags')).toHaveLength(1);
  });

  it('eager: a probe nobody awaited yet never surfaces as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const embedder = lazyEmbedder(configFor('http://127.0.0.1:9', 'auto'), { eager: true, signal: AbortSignal.abort() });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      await expect(embedder.ready!()).rejects.toBeInstanceOf(InterruptedError);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('re-indexing an indexed repo embeds nothing again, though the embedder is still being chosen', async () => {
    server = await startFakeOllama({ embed: semanticEmbed });
    fixture = memoryFixture(undefined, await createEmbedder(configFor(server.url, 'auto')));
    const first = await fixture.memory.index();
    expect(first.embedded).toBeGreaterThan(0);
    const embedded = () => server!.requests.filter((r) => r.path === '/api/embed').length;
    const before = embedded();
    // A fresh lazy embedder reads `auto` as its id until the probe answers: the index must
    // wait for the real id, or it counts every chunk as lacking a vector.
    const again = await fixture.reopen(lazyEmbedder(configFor(server.url, 'auto'))).index();
    expect(again).toMatchObject({ files: 0, embedded: 0, embedder: 'ollama:nomic-embed-text' });
    expect(embedded()).toBe(before);
  });

  it('names the configured embedder before choosing when the config leaves no choice', () => {
    expect(lazyEmbedder(configFor('http://127.0.0.1:9', 'offline')).id).toBe(OFFLINE_EMBEDDER_ID);
    expect(lazyEmbedder(configFor('http://127.0.0.1:9', 'ollama')).id).toBe('ollama:nomic-embed-text');
  });
});
