import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelReplyError } from '../../../src/core/errors.js';
import { createOllamaModel } from '../../../src/core/model/ollama-client.js';
import { ScriptedModel } from '../../../src/core/model/scripted-model.js';
import { chatStructured, parseReply } from '../../../src/core/model/structured.js';
import { startFakeOllama, type FakeOllama } from '../../helpers/fake-ollama.js';
import { modelConfig } from './model-config.js';

const Plan = z.object({ summary: z.string(), files: z.array(z.string()).min(1) });
const request = { messages: [{ role: 'user' as const, content: 'plan the fix' }] };

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('chatStructured over the fake Ollama', () => {
  it('sends the zod schema as JSON schema in format and returns the parsed value', async () => {
    fake = await startFakeOllama({ replies: [{ content: '{"summary":"fix it","files":["a.ts"]}' }] });
    const model = createOllamaModel(modelConfig(fake.url));
    const result = await chatStructured(model, request, Plan);
    expect(result.value).toEqual({ summary: 'fix it', files: ['a.ts'] });
    expect(result.replies).toHaveLength(1);
    expect(fake.chatRequests()[0].format).toEqual(z.toJSONSchema(Plan));
    expect(fake.chatRequests()[0].format).toMatchObject({ type: 'object', required: ['summary', 'files'] });
  });

  it('retries invalid JSON, telling the model what was wrong', async () => {
    fake = await startFakeOllama({
      replies: [{ content: '{"summary": "fix it", files: [' }, { content: '{"summary":"fix it","files":["a.ts"]}' }],
    });
    const model = createOllamaModel(modelConfig(fake.url));
    const result = await chatStructured(model, request, Plan);
    expect(result.value.files).toEqual(['a.ts']);
    expect(result.replies).toHaveLength(2);
    const retry = fake.chatRequests()[1];
    expect(retry.format).toEqual(z.toJSONSchema(Plan));
    expect(retry.messages.at(-2)).toEqual({ role: 'assistant', content: '{"summary": "fix it", files: [' });
    expect(retry.messages.at(-1).role).toBe('user');
    expect(retry.messages.at(-1).content).toMatch(/not valid JSON \(.+\)/);
  });

  it('retries a schema mismatch, naming the path and the problem', async () => {
    fake = await startFakeOllama({
      replies: [{ content: '{"summary":42,"files":[]}' }, { content: '{"summary":"ok","files":["b.ts"]}' }],
    });
    const model = createOllamaModel(modelConfig(fake.url));
    const result = await chatStructured(model, request, Plan);
    expect(result.value).toEqual({ summary: 'ok', files: ['b.ts'] });
    const told = fake.chatRequests()[1].messages.at(-1).content as string;
    expect(told).toContain('did not match the schema');
    expect(told).toMatch(/- summary: .*expected string/i);
    expect(told).toMatch(/- files: /);
  });

  it('gives up with ModelReplyError after the bounded retries', async () => {
    fake = await startFakeOllama({ respond: () => ({ content: 'not json at all' }) });
    const model = createOllamaModel(modelConfig(fake.url));
    const error = await chatStructured(model, request, Plan, { maxRetries: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelReplyError);
    expect((error as Error).message).toMatch(/not usable after 2 attempts: the reply was not valid JSON/);
    expect(fake.chatRequests()).toHaveLength(2);
  });
});

describe('parseReply', () => {
  it('accepts JSON inside a code fence and rejects an empty reply', () => {
    expect(parseReply('```json\n{"summary":"s","files":["x"]}\n```', Plan)).toEqual({ ok: true, value: { summary: 's', files: ['x'] } });
    expect(parseReply('  ', Plan)).toEqual({ ok: false, problem: 'the reply was empty' });
  });

  it('formats nested paths', () => {
    const Nested = z.object({ steps: z.array(z.object({ file: z.string() })) });
    const parsed = parseReply('{"steps":[{"file":1}]}', Nested);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain('- steps[0].file:');
  });

  it('works with the scripted model too', async () => {
    const model = new ScriptedModel(['{"summary":"s","files":["x"]}']);
    const result = await chatStructured(model, request, Plan);
    expect(result.value.summary).toBe('s');
    expect(model.requests[0]!.format).toEqual(z.toJSONSchema(Plan));
  });
});
