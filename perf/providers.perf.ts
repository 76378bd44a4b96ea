import { Redactor } from '../src/core/guardrails/redactor.js';
import { RedactingModel } from '../src/core/guardrails/redacting-model.js';
import { createChatModel } from '../src/core/model/providers/registry.js';
import { RoutedModel } from '../src/core/model/providers/routed-model.js';
import { estimateTokens } from '../src/core/model/token-budget.js';
import type { ChatModel, ChatReply } from '../src/core/model/types.js';
import { closedPort, modelConfig } from '../test/core/model/model-config.js';
import { startFakeOpenAI } from '../test/helpers/fake-openai.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

// Issue 14's speed targets: what the provider layers (routing + redaction) add to a
// request, how fast a refused connection moves a request to the fallback, and the cost
// of redacting a 32k-token prompt.
/** An in-memory model that answers at once: what is left is the layers' own cost. */
const instant = (): ChatModel => ({
  name: 'instant',
  numCtx: 8192,
  chat: async (): Promise<ChatReply> => ({
    content: 'ok',
    thinking: '',
    model: 'instant',
    estimatedPromptTokens: 1,
    usage: { promptTokens: 1, completionTokens: 1, totalMs: 0, loadMs: 0, promptMs: 0, evalMs: 0 },
  }),
});

export async function run(): Promise<BenchResult[]> {
  const ask = { messages: [{ role: 'user' as const, content: 'fix the off-by-one in fib' }] };

  // Layers alone, over an in-memory model: 1000 requests each way, the difference per request.
  const calls = 1000;
  const bare = instant();
  const layered: ChatModel = new RedactingModel(
    new RoutedModel(
      [
        [
          { endpoint: 'scripted a', create: instant },
          { endpoint: 'scripted b', create: instant },
        ],
      ],
      { name: 'm', numCtx: 8192 },
    ),
    new Redactor('secrets'),
  );
  const many = (model: ChatModel) => async () => {
    for (let i = 0; i < calls; i++) await model.chat(ask);
  };
  const bareMs = await medianMs(5, many(bare));
  const layeredMs = await medianMs(5, many(layered));
  const overheadMs = Math.max(0, (layeredMs - bareMs) / calls);

  // Refused connection → fallback: from the request to the moment the routed model moves
  // on, i.e. the failed attempt on a primary whose port nothing listens on (no retries,
  // no back-off: a refused connection is not worth a second try).
  const refused = `http://127.0.0.1:${await closedPort()}`;
  const primary = createChatModel(modelConfig(refused));
  const decisionMs = await medianMs(15, () => primary.chat(ask).catch(() => undefined), 3);
  // The whole detour end to end, against the direct request to the fallback, for reference.
  const fake = await startFakeOpenAI({ respond: () => ({ content: 'ok' }) });
  const direct = createChatModel(modelConfig('x', { provider: 'openai-compatible', base_url: fake.baseUrl, name: 'qwen2.5-coder-7b' }));
  const routed = () =>
    createChatModel(modelConfig(refused, { fallback: [{ provider: 'openai-compatible', base_url: fake.baseUrl, name: 'qwen2.5-coder-7b' }] }));
  const directMs = await medianMs(15, () => direct.chat(ask), 3);
  const viaFallbackMs = await medianMs(15, () => routed().chat(ask), 3);
  await fake.close();

  // A 32k-token prompt of code (by oryon's own estimate) with secrets and PII in it.
  const line = 'const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0); // ok\n';
  let prompt = '';
  for (let i = 0; estimateTokens(prompt) < 32_000; i++) {
    prompt += i % 200 === 0 ? `const key = "AKIAZ3MPLQ7RT5WXY2V${String.fromCharCode(65 + (i % 26))}"; // owner ops${i}@corp-mail.io\n` : line;
  }
  const redactMs = await medianMs(9, () => new Redactor('secrets+pii').redact(prompt), 2);

  return [
    { name: 'provider layers (routing + redaction) per request', value: overheadMs, unit: 'ms', target: 1 },
    { name: 'fallback decision on a refused connection', value: decisionMs, unit: 'ms', target: 50 },
    { name: 'request via fallback minus direct request (reference)', value: viaFallbackMs - directMs, unit: 'ms' },
    { name: 'redact a 32k-token prompt (secrets+pii)', value: redactMs, unit: 'ms', target: 20 },
  ];
}
