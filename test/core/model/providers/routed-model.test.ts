import { afterEach, describe, expect, it } from 'vitest';
import { ContextOverflowError, ModelUnavailableError } from '../../../../src/core/errors.js';
import { createChatModel } from '../../../../src/core/model/providers/registry.js';
import { RoutedModel } from '../../../../src/core/model/providers/routed-model.js';
import { startFakeOllama, type FakeOllama } from '../../../helpers/fake-ollama.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../../helpers/fake-openai.js';
import { randomFaults } from '../../../helpers/faults.js';
import { closedPort, modelConfig } from '../model-config.js';

let servers: Array<FakeOllama | FakeOpenAI> = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});
const ollama = async (options: Parameters<typeof startFakeOllama>[0]) => {
  const server = await startFakeOllama(options);
  servers.push(server);
  return server;
};
const openai = async (options: Parameters<typeof startFakeOpenAI>[0]) => {
  const server = await startFakeOpenAI(options);
  servers.push(server);
  return server;
};
const ask = (content = 'hello') => ({ messages: [{ role: 'user' as const, content }] });

describe('RoutedModel', () => {
  it('a single endpoint is the provider model itself (no routing layer)', () => {
    expect(createChatModel(modelConfig('http://127.0.0.1:11434'))).not.toBeInstanceOf(RoutedModel);
  });

  it('falls back from a refused connection to the next endpoint, and says so in the reply route', async () => {
    const port = await closedPort();
    const backup = await openai({ replies: [{ content: 'from the fallback' }] });
    const model = createChatModel(
      modelConfig(`http://127.0.0.1:${port}`, { fallback: [{ provider: 'openai-compatible', base_url: backup.baseUrl, name: 'qwen2.5-coder-7b' }] }),
      { retryBaseMs: 10 },
    );
    // No retries, no back-off wait on a refused connection (perf/providers.perf.ts measures it).
    const started = performance.now();
    const reply = await model.chat(ask());
    expect(performance.now() - started).toBeLessThan(5000);
    expect(reply.content).toBe('from the fallback');
    expect(reply.route).toEqual({
      endpoint: `openai-compatible ${backup.baseUrl} qwen2.5-coder-7b`,
      skipped: [
        { endpoint: `ollama http://127.0.0.1:${port} qwen2.5-coder:7b`, reason: expect.stringContaining('cannot reach Ollama'), hint: expect.any(String) },
      ],
    });
  });

  it('skips a model that is not pulled with the ollama pull hint, and 5xx after retries', async () => {
    const notPulled = await ollama({ models: [] });
    const failing = await openai({ faults: '503,503', replies: [{ content: 'never seen' }] });
    const good = await ollama({ replies: [{ content: 'third answers' }] });
    const model = createChatModel(
      modelConfig(notPulled.url, {
        max_retries: 1,
        fallback: [
          { provider: 'openai-compatible', base_url: failing.baseUrl, name: 'qwen2.5-coder-7b' },
          { provider: 'ollama', base_url: good.url, name: 'qwen2.5-coder:7b' },
        ],
      }),
      { retryBaseMs: 10 },
    );
    const reply = await model.chat(ask());
    expect(reply.content).toBe('third answers');
    const [first, second] = reply.route!.skipped;
    expect(first!.reason).toContain('is not pulled — run "ollama pull qwen2.5-coder:7b"');
    expect(second!.reason).toMatch(/answered 503.*gave up after 2 attempts/);
  });

  it('spreads requests round-robin over model.hosts and backs off a failed host', async () => {
    const a = await ollama({ respond: () => ({ content: 'a' }) });
    const b = await ollama({ respond: () => ({ content: 'b' }) });
    let now = 1_000_000;
    const model = createChatModel(modelConfig(a.url, { hosts: [b.url] }), { retryBaseMs: 10, start: 0, now: () => now, backoffBaseMs: 5000 }) as RoutedModel;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await model.chat(ask())).content);
    expect(answers).toEqual(['a', 'b', 'a', 'b']);

    await b.close();
    servers = servers.filter((s) => s !== b);
    const afterFail = [];
    for (let i = 0; i < 4; i++) afterFail.push(await model.chat(ask()));
    expect(afterFail.map((r) => r.content)).toEqual(['a', 'a', 'a', 'a']);
    // b failed once (its turn), then sat in back-off and was passed over without a request.
    expect(afterFail[1]!.route!.skipped[0]!.reason).toContain('cannot reach Ollama');
    expect(afterFail[3]!.route!.skipped[0]!.reason).toMatch(/in back-off after a failure \(5s left\)/);
    now += 6000;
    // Back-off over: b gets its turn again (and, still down, fails over to a).
    const retried = [await model.chat(ask()), await model.chat(ask())];
    expect(retried.flatMap((r) => r.route!.skipped.map((s) => s.reason)).join()).toMatch(/cannot reach/);
  });

  it('does not fail over a prompt too big for the window, and reports every endpoint when all fail', async () => {
    const [p1, p2] = [await closedPort(), await closedPort()];
    const model = createChatModel(
      modelConfig(`http://127.0.0.1:${p1}`, { num_ctx: 2048, fallback: [{ provider: 'ollama', base_url: `http://127.0.0.1:${p2}`, name: 'm' }] }),
    );
    await expect(model.chat(ask('x'.repeat(20_000)))).rejects.toBeInstanceOf(ContextOverflowError);
    const error = (await model.chat(ask()).catch((e: unknown) => e)) as ModelUnavailableError;
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/^no model endpoint answered \(2 tried\) — ollama http:\/\/127.0.0.1:\d+ qwen2.5-coder:7b: cannot reach Ollama/);
  });

  it('soak: 200 sequential calls with 10% injected faults — none lost, none answered twice', async () => {
    const faults = randomFaults(400, 0.1, 14);
    const primary = await openai({ faults, respond: (body) => ({ content: `answer to ${body.messages.at(-1).content}` }) });
    const backup = await ollama({ respond: (body) => ({ content: `answer to ${body.messages.at(-1).content}` }) });
    const model = createChatModel(
      modelConfig('x', {
        provider: 'openai-compatible',
        base_url: primary.baseUrl,
        name: 'qwen2.5-coder-7b',
        max_retries: 1,
        fallback: [{ provider: 'ollama', base_url: backup.url, name: 'qwen2.5-coder:7b' }],
      }),
      { retryBaseMs: 1, backoffBaseMs: 1 },
    );
    const answers: string[] = [];
    for (let i = 0; i < 200; i++) answers.push((await model.chat(ask(`question ${i}`))).content);
    expect(answers).toEqual(Array.from({ length: 200 }, (_, i) => `answer to question ${i}`));
    expect(primary.faults.injected.length).toBeGreaterThanOrEqual(12);
    // Every question got exactly one complete answer: the primary's successful streams plus the backup's.
    const served = primary.chatRequests().length - primary.faults.injected.length + backup.chatRequests().length;
    expect(served).toBe(200);
  }, 60_000);
});
