import { describe, expect, it } from 'vitest';
import { ContextOverflowError, InterruptedError, ModelUnavailableError } from '../../../src/core/errors.js';
import { ScriptedModel } from '../../../src/core/model/scripted-model.js';

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('ScriptedModel', () => {
  it('replays replies in order, computes them from requests, and records requests', async () => {
    const model = new ScriptedModel(
      ['first', { content: '<think>hm</think>second', usage: { completionTokens: 7 } }, (req) => `echo ${req.messages[0]!.content}`],
      {
        name: 'scripted-test',
      },
    );
    const seen: string[] = [];
    expect((await model.chat({ ...ask('a'), onText: (t) => seen.push(t) })).content).toBe('first');
    const second = await model.chat(ask('b'));
    expect(second).toMatchObject({ content: 'second', thinking: 'hm', model: 'scripted-test' });
    expect(second.usage.completionTokens).toBe(7);
    expect((await model.chat(ask('c'))).content).toBe('echo c');
    expect(seen).toEqual(['first']);
    expect(model.requests.map((r) => r.messages[0]!.content)).toEqual(['a', 'b', 'c']);
    expect(model.remaining).toBe(0);
    await expect(model.chat(ask('d'))).rejects.toThrow(/no scripted reply left for request #4/);
  });

  it('throws scripted errors, honours abort, and enforces the context budget', async () => {
    const model = new ScriptedModel([{ content: '', error: new ModelUnavailableError('down') }, 'never'], { numCtx: 2048, replyReserve: 1024 });
    await expect(model.chat(ask('x'))).rejects.toBeInstanceOf(ModelUnavailableError);
    const controller = new AbortController();
    controller.abort();
    await expect(model.chat({ ...ask('x'), signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    await expect(model.chat(ask('y'.repeat(10_000)))).rejects.toBeInstanceOf(ContextOverflowError);
    expect(model.remaining).toBe(1);
  });
});
