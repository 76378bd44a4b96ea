import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOllamaEmbedder, createOllamaModel, EMBED_BATCH_SIZE } from '../../../src/core/model/ollama-client.js';
import { ContextOverflowError, ExitCode, InterruptedError, ModelUnavailableError } from '../../../src/core/errors.js';
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../../helpers/fake-ollama.js';
import { closedPort, modelConfig } from './model-config.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(options: FakeOllamaOptions = {}, overrides: Parameters<typeof modelConfig>[1] = {}) {
  fake = await startFakeOllama(options);
  return { fake, model: createOllamaModel(modelConfig(fake.url, overrides), { retryBaseMs: 10 }) };
}

const ask = (content = 'hello') => ({ messages: [{ role: 'user' as const, content }] });

describe('OllamaModel.chat over HTTP', () => {
  it('reassembles streamed chunks and reports usage from the final chunk', async () => {
    const { fake, model } = await setup({
      replies: [{ chunks: ['Hel', 'lo, ', 'wor', 'ld'], promptEvalCount: 321, evalCount: 4 }],
    });
    const seen: string[] = [];
    const reply = await model.chat({ ...ask(), onText: (text) => seen.push(text) });
    expect(reply.content).toBe('Hello, world');
    expect(seen).toEqual(['Hel', 'lo, ', 'wor', 'ld']);
    expect(reply.usage).toEqual({ promptTokens: 321, completionTokens: 4, totalMs: 1500, loadMs: 250, promptMs: 400, evalMs: 800 });
    expect(reply.model).toBe('qwen2.5-coder:7b');
    expect(reply.estimatedPromptTokens).toBeGreaterThan(0);
    const [sent] = fake.chatRequests();
    expect(sent).toMatchObject({ model: 'qwen2.5-coder:7b', stream: true, keep_alive: '30m', options: { num_ctx: 8192, temperature: 0, seed: 42 } });
  });

  it('sends the same num_ctx on every request and omits seed when null', async () => {
    const { fake, model } = await setup({ respond: () => ({ content: 'ok' }) }, { seed: null });
    await model.chat(ask('one'));
    await model.chat({ ...ask('two'), format: { type: 'object' } });
    await model.chat({
      messages: [
        { role: 'system', content: 'x'.repeat(5000) },
        { role: 'user', content: 'three' },
      ],
    });
    const sent = fake.chatRequests();
    expect(sent).toHaveLength(3);
    expect(sent.map((body) => body.options.num_ctx)).toEqual([8192, 8192, 8192]);
    expect(sent.every((body) => !('seed' in body.options))).toBe(true);
  });

  it('strips <think> split across chunks and keeps the thinking field separately', async () => {
    const { model } = await setup({
      replies: [{ chunks: ['<thi', 'nk>plan: add', ' a test</th', 'ink>\n\nThe ', 'answer'] }, { thinking: 'reasoning in its own field', content: 'visible' }],
    });
    const seen: string[] = [];
    const first = await model.chat({ ...ask(), onText: (text) => seen.push(text) });
    expect(first.content).toBe('The answer');
    expect(first.thinking).toBe('plan: add a test');
    expect(seen.join('')).not.toContain('think');
    const second = await model.chat(ask());
    expect(second).toMatchObject({ content: 'visible', thinking: 'reasoning in its own field' });
  });

  it('cancels mid-stream: InterruptedError, and the server sees the connection closed', async () => {
    const { fake, model } = await setup({ replies: [{ content: 'x'.repeat(400), chunkDelayMs: 20 }] });
    const controller = new AbortController();
    let chunks = 0;
    const pending = model.chat({
      ...ask(),
      signal: controller.signal,
      onText: () => {
        if (++chunks === 3) controller.abort();
      },
    });
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
    await expect(pending).rejects.toMatchObject({ exitCode: ExitCode.interrupted });
    await vi.waitFor(() => expect(fake.requests.at(-1)?.aborted).toBe(true));
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('does not send at all when the signal is already aborted', async () => {
    const { fake, model } = await setup({ replies: [{ content: 'never' }] });
    const controller = new AbortController();
    controller.abort();
    await expect(model.chat({ ...ask(), signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('gives up after the first-token timeout', async () => {
    const { fake, model } = await setup({ replies: [{ content: 'late', firstTokenDelayMs: 2000 }] }, { first_token_timeout_ms: 150 });
    const started = Date.now();
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/sent nothing for 0\.15s \(model\.first_token_timeout_ms\)/);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('gives up after the overall timeout even while tokens flow', async () => {
    const { model } = await setup({ replies: [{ content: 'y'.repeat(200), chunkDelayMs: 30 }] }, { request_timeout_ms: 300 });
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/took longer than 0\.3s \(model\.request_timeout_ms\)/);
  });

  it('retries a 500 and then succeeds', async () => {
    const { fake, model } = await setup({ replies: [{ status: 500, errorBody: '{"error":"runner crashed"}' }, { content: 'recovered' }] });
    const reply = await model.chat(ask());
    expect(reply.content).toBe('recovered');
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('gives up after repeated 500s with an exit-3 error', async () => {
    const { fake, model } = await setup({ respond: () => ({ status: 500, errorBody: 'internal failure' }) }, { max_retries: 2 });
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).exitCode).toBe(3);
    expect((error as Error).message).toMatch(/Ollama answered 500: internal failure \(gave up after 3 attempts\)/);
    expect(fake.chatRequests()).toHaveLength(3);
  });

  it('retries a dropped connection', async () => {
    const { fake, model } = await setup({ replies: [{ content: 'partial reply', dropAfterChunks: 2 }, { content: 'whole' }] });
    const reply = await model.chat(ask());
    expect(reply.content).toBe('whole');
    expect(fake.chatRequests()).toHaveLength(2);
    // What the cut stream had said travels with the reply, for the journal only.
    expect(reply.discarded).toEqual(['partial ']);
  });

  it('survives a garbled NDJSON line and retries a reset connection (fault script)', async () => {
    // The ollama client skips a line that is not JSON; the rest of the stream is whole.
    const { fake, model } = await setup({ faults: 'malformed:1,reset', respond: () => ({ content: 'whole' }) });
    expect((await model.chat(ask())).content).toBe('whole');
    expect(fake.chatRequests()).toHaveLength(1);
    expect((await model.chat(ask())).content).toBe('whole');
    expect(fake.faults.injected.map((fault) => fault.kind)).toEqual(['malformed', 'reset']);
    expect(fake.chatRequests()).toHaveLength(3);
  });

  it('reports a connection that keeps dropping as model unavailable', async () => {
    const { model } = await setup({ respond: () => ({ content: 'abcdefgh', dropAfterChunks: 1 }) }, { max_retries: 1 });
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/connection to Ollama .* failed.*gave up after 2 attempts/);
  });

  it('retries an error line in the middle of the stream', async () => {
    const chunk = JSON.stringify({ model: 'qwen2.5-coder:7b', message: { role: 'assistant', content: 'par' }, done: false });
    const { fake, model } = await setup({
      replies: [{ rawBody: `${chunk}\n{"error":"model runner has unexpectedly stopped"}\n` }, { content: 'fine' }],
    });
    expect((await model.chat(ask())).content).toBe('fine');
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it('keeps a plain-text 5xx body off stdout and in the error message', async () => {
    const { model } = await setup({ respond: () => ({ status: 503, errorBody: 'server busy' }) }, { max_retries: 0 });
    const log = vi.spyOn(console, 'log');
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect((error as Error).message).toContain('Ollama answered 503: server busy');
    expect(log).not.toHaveBeenCalled();
  });

  it('stops waiting for a retry backoff when cancelled', async () => {
    const { fake } = await setup({ respond: () => ({ status: 500 }) });
    const slow = createOllamaModel(modelConfig(fake.url, { max_retries: 5 }), { retryBaseMs: 5000 });
    const controller = new AbortController();
    const pending = slow.chat({ ...ask(), signal: controller.signal });
    await vi.waitFor(() => expect(fake.chatRequests()).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('says how to pull an unknown model, without retrying', async () => {
    const { fake, model } = await setup({ replies: [{ content: 'unused' }] }, { name: 'no-such-model:1b' });
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toBe('model "no-such-model:1b" is not pulled — run "ollama pull no-such-model:1b"');
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('says how to start Ollama when nothing listens on the port', async () => {
    const port = await closedPort();
    const model = createOllamaModel(modelConfig(`http://127.0.0.1:${port}`), { retryBaseMs: 10 });
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).exitCode).toBe(3);
    expect((error as Error).message).toBe(`cannot reach Ollama at http://127.0.0.1:${port} — start it with "ollama serve" or set OLLAMA_HOST`);
    expect((error as ModelUnavailableError).hint).toContain('https://ollama.com/download');
  });

  it('names a port fetch refuses to use (e.g. 9), without retrying', async () => {
    const model = createOllamaModel(modelConfig('http://127.0.0.1:9', { max_retries: 3 }), { retryBaseMs: 5000 });
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).exitCode).toBe(3);
    // No "(gave up after N attempts)": a refused port is not worth a retry.
    expect((error as Error).message).toBe(
      'cannot connect to Ollama at http://127.0.0.1:9: fetch refuses port 9 — serve Ollama on another port (its default is 11434) and point OLLAMA_HOST at it',
    );
  });

  it('refuses a prompt that cannot fit before sending anything', async () => {
    const { fake, model } = await setup({ replies: [{ content: 'unused' }] }, { num_ctx: 2048, reply_reserve_tokens: 512 });
    const error = await model.chat(ask('word '.repeat(3000))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContextOverflowError);
    expect((error as ContextOverflowError).budgetTokens).toBe(1536);
    expect((error as ContextOverflowError).estimatedTokens).toBeGreaterThan(1536);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('warns when prompt_eval_count shows the prompt was truncated', async () => {
    const { model } = await setup(
      { replies: [{ content: 'ok', promptEvalCount: 7900 }, { content: 'ok', promptEvalCount: 200 }, { content: 'ok' }] },
      { num_ctx: 8192 },
    );
    const nearWindow = await model.chat(ask('short'));
    expect(nearWindow.truncationWarning).toMatch(/filled the context window \(7900 of 8192/);
    const dropped = await model.chat(ask('some code line\n'.repeat(400)));
    expect(dropped.truncationWarning).toMatch(/read 200 prompt tokens but about \d+ were sent/);
    const fine = await model.chat(ask('some code line\n'.repeat(400)));
    expect(fine.truncationWarning).toBeUndefined();
  });

  it('passes a JSON schema as format', async () => {
    const { fake, model } = await setup({ replies: [{ content: '{"a":1}' }] });
    const format = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] };
    await model.chat({ ...ask(), format });
    expect(fake.chatRequests()[0].format).toEqual(format);
  });
});

describe('OllamaModel probes and embeddings', () => {
  it('reads version, tags and show (context length from model_info)', async () => {
    const { model } = await setup({ version: '0.9.1' });
    expect(await model.version()).toBe('0.9.1');
    expect((await model.tags()).map((tag) => tag.name)).toContain('qwen2.5-coder:7b');
    expect(await model.show('qwen2.5-coder:7b')).toEqual({ contextLength: 32768, family: 'qwen2', parameterSize: '7.6B', capabilities: ['completion'] });
    await expect(model.show('missing:1b')).rejects.toThrow('model "missing:1b" is not pulled — run "ollama pull missing:1b"');
  });

  it('offers tools natively, reads tool_calls (object or JSON-string arguments) and sends tool results back', async () => {
    const { fake, model } = await setup({
      models: [{ name: 'qwen2.5-coder:7b', capabilities: ['completion', 'tools'] }],
      replies: [
        {
          toolCalls: [
            { name: 'read_file', arguments: { path: 'a.ts' } },
            { name: 'grep', arguments: '{"pattern":"x"}' },
          ],
        },
        { content: 'done' },
      ],
    });
    expect(await model.supportsTools()).toBe(true);
    const tools = [{ name: 'read_file', description: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } } } }];
    const first = await model.chat({ ...ask(), tools });
    expect(first.toolCalls).toEqual([
      { name: 'read_file', arguments: { path: 'a.ts' } },
      { name: 'grep', arguments: { pattern: 'x' } },
    ]);
    await model.chat({
      messages: [...ask().messages, { role: 'assistant', content: '', toolCalls: first.toolCalls! }, { role: 'tool', toolName: 'read_file', content: '1| x' }],
    });
    const [offered, answered] = fake.chatRequests();
    expect(offered.tools).toEqual([{ type: 'function', function: tools[0] }]);
    expect(answered.tools).toBeUndefined();
    expect(answered.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'read_file', arguments: { path: 'a.ts' } } }, { function: { name: 'grep', arguments: { pattern: 'x' } } }],
      },
      { role: 'tool', content: '1| x', tool_name: 'read_file' },
    ]);
  });

  it('reports no tool support when /api/show does not list it (or cannot be asked)', async () => {
    const { model } = await setup();
    expect(await model.supportsTools()).toBe(false);
    const unreachable = createOllamaModel(modelConfig(`http://127.0.0.1:${await closedPort()}`, { max_retries: 0 }));
    expect(await unreachable.supportsTools()).toBe(false);
  });

  it('embeds in batches through /api/embed, in order', async () => {
    const { fake } = await setup({ embed: (texts) => texts.map((text) => [text.length, 1]) });
    const embedder = createOllamaEmbedder(modelConfig(fake.url));
    expect(embedder.id).toBe('ollama:nomic-embed-text');
    const texts = Array.from({ length: EMBED_BATCH_SIZE * 2 + 5 }, (_, i) => 'x'.repeat(i));
    const vectors = await embedder.embed(texts);
    expect(vectors).toEqual(texts.map((text) => [text.length, 1]));
    const calls = fake.requests.filter((r) => r.path === '/api/embed');
    expect(calls.map((call) => call.body.input.length)).toEqual([EMBED_BATCH_SIZE, EMBED_BATCH_SIZE, 5]);
    expect(calls[0]!.body.model).toBe('nomic-embed-text');
  });

  it('names the embedding model when it is not pulled', async () => {
    const { fake } = await setup({ models: [{ name: 'qwen2.5-coder:7b' }] });
    const embedder = createOllamaEmbedder(modelConfig(fake.url));
    await expect(embedder.embed(['a'])).rejects.toThrow('run "ollama pull nomic-embed-text"');
  });
});

describe('the fake itself', () => {
  it('answers stream:false with one JSON object, and 500 when nothing is scripted', async () => {
    fake = await startFakeOllama({ replies: [{ content: 'whole', thinking: 'why' }] });
    const post = (body: object) => fetch(`${fake!.url}/api/chat`, { method: 'POST', body: JSON.stringify(body) });
    const once = await post({ model: 'qwen2.5-coder:7b', messages: [], stream: false });
    expect(await once.json()).toMatchObject({ done: true, message: { content: 'whole', thinking: 'why' } });
    const empty = await post({ model: 'qwen2.5-coder:7b', messages: [] });
    expect(empty.status).toBe(500);
    const unknown = await post({ model: 'nope', messages: [] });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'model "nope" not found, try pulling it first' });
  });
});
