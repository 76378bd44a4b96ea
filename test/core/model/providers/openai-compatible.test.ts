import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContextOverflowError, ExitCode, InterruptedError, ModelUnavailableError } from '../../../../src/core/errors.js';
import { createOpenAICompatibleEmbedder, createOpenAICompatibleModel } from '../../../../src/core/model/providers/openai-compatible.js';
import { chatStructured } from '../../../../src/core/model/structured.js';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../../../helpers/fake-openai.js';
import { closedPort, modelConfig } from '../model-config.js';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Overrides = Parameters<typeof modelConfig>[1];

async function setup(options: FakeOpenAIOptions = {}, overrides: Overrides = {}, env: NodeJS.ProcessEnv = {}) {
  fake = await startFakeOpenAI(options);
  const config = modelConfig('http://127.0.0.1:1', { provider: 'openai-compatible', base_url: fake.baseUrl, name: 'qwen2.5-coder-7b', ...overrides });
  return { fake, model: createOpenAICompatibleModel(config, { retryBaseMs: 10, env }) };
}

const ask = (content = 'hello') => ({ messages: [{ role: 'user' as const, content }] });

describe('OpenAICompatibleModel.chat over SSE', () => {
  it('reassembles the stream, reads usage from the usage chunk and sends the same options every time', async () => {
    const { fake, model } = await setup({ replies: [{ chunks: ['Hel', 'lo, ', 'wor', 'ld'], promptEvalCount: 321, evalCount: 4 }] });
    const seen: string[] = [];
    const reply = await model.chat({ ...ask(), onText: (text) => seen.push(text) });
    expect(reply.content).toBe('Hello, world');
    expect(seen.join('')).toBe('Hello, world');
    expect(reply.usage).toMatchObject({ promptTokens: 321, completionTokens: 4 });
    expect(reply.usage.totalMs).toBeGreaterThan(0);
    const [sent] = fake.chatRequests();
    expect(sent).toMatchObject({ model: 'qwen2.5-coder-7b', stream: true, stream_options: { include_usage: true }, temperature: 0, seed: 42 });
    // No key configured: no Authorization header at all (not "Bearer unused").
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('strips <think> sections and keeps reasoning_content apart', async () => {
    const { model } = await setup({
      replies: [{ chunks: ['<thi', 'nk>plan</th', 'ink>\n\nThe ', 'answer'] }, { thinking: 'in its own field', content: 'visible' }],
    });
    expect(await model.chat(ask())).toMatchObject({ content: 'The answer', thinking: 'plan' });
    expect(await model.chat(ask())).toMatchObject({ content: 'visible', thinking: 'in its own field' });
  });

  it('retries 5xx, a cut stream and a garbled SSE line from the start, journaling the cut text', async () => {
    const { fake, model } = await setup({ faults: '503,malformed:2', replies: [{ content: 'complete reply' }] });
    const reply = await model.chat(ask());
    expect(reply.content).toBe('complete reply');
    // max_retries 2: three attempts allowed, all three needed.
    expect(fake.chatRequests()).toHaveLength(3);
    const { fake: again, model: second } = await setup({ faults: 'drop:3,ok', replies: [{ content: 'complete reply' }] }, { max_retries: 1 });
    const cut = await second.chat(ask());
    expect(cut.content).toBe('complete reply');
    expect(cut.discarded).toEqual(['complete']);
    expect(again.chatRequests()).toHaveLength(2);
    await fake.close();
  });

  it('gives up after its retries with exit 3', async () => {
    const { fake, model } = await setup({ faults: '500,500,500', replies: [{ content: 'never' }] });
    const error = await model.chat(ask()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).exitCode).toBe(ExitCode.modelUnavailable);
    expect((error as Error).message).toMatch(/answered 500.*gave up after 3 attempts/);
    expect(fake.chatRequests()).toHaveLength(3);
  });

  it('says how to fix an unreachable server, a missing model and a refused key', async () => {
    const port = await closedPort();
    const down = createOpenAICompatibleModel(modelConfig('x', { provider: 'openai-compatible', base_url: `http://127.0.0.1:${port}/v1` }), { retryBaseMs: 10 });
    await expect(down.chat(ask())).rejects.toThrow(/cannot reach the OpenAI-compatible server at http:\/\/127.0.0.1:\d+\/v1 — start it/);

    const { model: missing } = await setup({}, { name: 'not-served' });
    await expect(missing.chat(ask())).rejects.toThrow(/"not-served" is not served at .* curl .*\/v1\/models/);
    await fake!.close();

    const { model: keyed } = await setup({ apiKey: 'sk-test-123', replies: [{ content: 'ok' }] }, { api_key_env: 'FAKE_KEY' }, { FAKE_KEY: 'wrong' });
    await expect(keyed.chat(ask())).rejects.toThrow(/refused the request \(401\)/);
  });

  it('reads the API key from the named variable only, and refuses when it is unset', async () => {
    const { fake, model } = await setup({ apiKey: 'sk-test-123', replies: [{ content: 'ok' }] }, { api_key_env: 'FAKE_KEY' }, { FAKE_KEY: 'sk-test-123' });
    expect((await model.chat(ask())).content).toBe('ok');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-test-123');
    expect(() =>
      createOpenAICompatibleModel(modelConfig('x', { provider: 'openai-compatible', base_url: fake.baseUrl, api_key_env: 'NOPE_KEY' }), { env: {} }),
    ).toThrow(/model.api_key_env names NOPE_KEY, which is not set/);
  });

  it('times out a stalled first token and cancels on the caller signal', async () => {
    const { model } = await setup({ faults: 'stall-first:2000', replies: [{ content: 'late' }] }, { first_token_timeout_ms: 150, max_retries: 0 });
    await expect(model.chat(ask())).rejects.toThrow(/sent nothing for 0.15s \(model.first_token_timeout_ms\)/);
    const controller = new AbortController();
    const { model: slow } = await setup({ replies: [{ content: 'slow reply', chunkDelayMs: 200 }] });
    setTimeout(() => controller.abort(), 100);
    await expect(slow.chat({ ...ask(), signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
  });

  it('guards the context window before sending', async () => {
    const { fake, model } = await setup({}, { num_ctx: 2048, reply_reserve_tokens: 1024 });
    await expect(model.chat(ask('x'.repeat(10_000)))).rejects.toBeInstanceOf(ContextOverflowError);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('asks for json_schema structured output, and falls back to JSON mode where the server refuses it', async () => {
    const schema = z.object({ answer: z.number() });
    const { fake, model } = await setup({ replies: [{ content: '{"answer": 42}' }] });
    expect((await chatStructured(model, ask(), schema)).value).toEqual({ answer: 42 });
    expect(fake.chatRequests()[0].response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'reply', schema: { type: 'object' } } });

    const { fake: plain, model: plainModel } = await setup({ rejectJsonSchema: true, replies: [{ content: '{"answer": "x"' }, { content: '{"answer": 7}' }] });
    const result = await chatStructured(plainModel, ask(), schema);
    expect(result.value).toEqual({ answer: 7 });
    const formats = plain.chatRequests().map((body) => body.response_format.type);
    expect(formats).toEqual(['json_schema', 'json_object', 'json_object']);
    await fake.close();
  });

  it('reads the context length from the model list and embeds in order', async () => {
    const { model, fake } = await setup();
    expect(await model.info()).toEqual({ contextLength: 32768 });
    const embedder = createOpenAICompatibleEmbedder(modelConfig('x', { provider: 'openai-compatible', base_url: fake.baseUrl }), { env: {} });
    const vectors = await embedder.embed(['a', 'b', 'c']);
    expect(vectors).toHaveLength(3);
    expect(vectors[0]).toHaveLength(16);
    expect(embedder.id).toBe('openai-compatible:nomic-embed-text');
  });
});
