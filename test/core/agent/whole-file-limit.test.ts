import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { modelInfo, parameterBillions, wholeFileLimit } from '../../../src/core/agent/whole-file-limit.js';
import { InterruptedError, ModelUnavailableError } from '../../../src/core/errors.js';
import type { ChatModel } from '../../../src/core/model/types.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { planReply, requestText, runScripted } from './fixture.js';

describe('whole-file threshold', () => {
  it.each([
    ['7.6B', 7.6],
    ['494.03M', 0.49403],
    ['70B', 70],
    ['1.2T', 1200],
    ['', undefined],
    [undefined, undefined],
    ['big', undefined],
  ])('reads parameter size %s as %s billion', (size, billions) => {
    if (billions === undefined) expect(parameterBillions(size)).toBeUndefined();
    else expect(parameterBillions(size)).toBeCloseTo(billions, 6);
  });

  it('rewrites larger files whole for smaller models', () => {
    const reserve = 8192;
    expect(wholeFileLimit('auto', { parameterSize: '1.5B' }, reserve)).toBe(300);
    expect(wholeFileLimit('auto', { parameterSize: '7.6B' }, reserve)).toBe(300);
    expect(wholeFileLimit('auto', { parameterSize: '14.8B' }, reserve)).toBe(200);
    expect(wholeFileLimit('auto', { parameterSize: '32.8B' }, reserve)).toBe(150);
    expect(wholeFileLimit('auto', { parameterSize: '70.6B' }, reserve)).toBe(100);
    expect(wholeFileLimit('auto', {}, reserve)).toBe(150);
  });

  it('keeps a whole-file rewrite within the reply reserve', () => {
    // 4096 / 12 = 341 lines would fit; the size band (300) is lower.
    expect(wholeFileLimit('auto', { parameterSize: '7B' }, 4096)).toBe(300);
    expect(wholeFileLimit('auto', { parameterSize: '7B' }, 1200)).toBe(100);
    expect(wholeFileLimit('auto', { parameterSize: '7B' }, 100)).toBe(20);
  });

  it('uses a number from the config as it is', () => {
    expect(wholeFileLimit(42, { parameterSize: '7B' }, 100)).toBe(42);
  });

  it('treats an unreachable model as unknown, but never swallows Ctrl-C', async () => {
    const failing = (error: Error): ChatModel => ({ name: 'm', numCtx: 1, chat: () => Promise.reject(error), info: () => Promise.reject(error) });
    await expect(modelInfo(failing(new ModelUnavailableError('down')))).resolves.toEqual({});
    await expect(modelInfo(failing(new InterruptedError()))).rejects.toBeInstanceOf(InterruptedError);
    await expect(modelInfo({ name: 'm', numCtx: 1, chat: () => Promise.reject(new Error('x')) })).resolves.toEqual({});
  });
});

describe('edit format per model in the loop', () => {
  const body = Array.from({ length: 220 }, (_, i) => `VALUE_${i} = ${i}`).join('\n') + '\n';

  async function editLabel(parameterSize: string): Promise<string> {
    const root = makeRepo({ 'values.py': body });
    const policy = { ...loadPolicy(root) };
    policy.gates = { ...policy.gates, required: policy.gates.required.filter((gate) => gate !== 'tests') };
    const { model, journal, result } = await runScripted(
      root,
      'VALUE_3 in values.py should be 33',
      [planReply(['values.py']), `values.py\n\`\`\`\n${body.replace('VALUE_3 = 3\n', 'VALUE_3 = 33\n')}\`\`\`\n`],
      { policy, modelInfo: { parameterSize }, configPatch: (config) => (config.model.reply_reserve_tokens = 8192) },
    );
    const context = journal.steps(result.runId).find((step) => step.kind === 'context');
    expect(JSON.parse(context!.detail_json!).wholeFileMaxLines).toBe(parameterSize === '7.6B' ? 300 : 100);
    return /## values\.py \[edit: (\w+)\]/.exec(requestText(model, 1))![1]!;
  }

  it('asks a 7B model to rewrite a 220-line file whole, and a 70B model for SEARCH/REPLACE', async () => {
    expect(await editLabel('7.6B')).toBe('whole');
    expect(await editLabel('70.6B')).toBe('diff');
  });
});
