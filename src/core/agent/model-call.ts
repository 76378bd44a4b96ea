import type { ChatReply } from '../model/types.js';
import type { FixEvent } from './events.js';

/**
 * Runs a model call while yielding its streamed text as `model-text` events, so a front
 * end can show progress while the loop awaits the reply. Resolves with the call's value.
 */
export async function* streamed<T>(start: (onText: (text: string) => void) => Promise<T>): AsyncGenerator<FixEvent, T> {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  void start((text) => {
    queue.push(text);
    wake?.();
  })
    .then(
      (value) => {
        outcome = { ok: true, value };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    )
    .finally(() => {
      settled = true;
      wake?.();
    });
  for (;;) {
    if (queue.length) {
      yield { type: 'model-text', text: queue.splice(0).join('') };
      continue;
    }
    if (settled) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
    wake = undefined;
  }
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.value;
}

/** Running totals of what the model cost this run. */
export class Usage {
  prompt = 0;
  completion = 0;
  modelMs = 0;

  add(replies: readonly ChatReply[], ms: number): { prompt: number; completion: number } {
    let prompt = 0;
    let completion = 0;
    for (const reply of replies) {
      prompt += reply.usage.promptTokens || reply.estimatedPromptTokens;
      completion += reply.usage.completionTokens;
    }
    this.prompt += prompt;
    this.completion += completion;
    this.modelMs += ms;
    return { prompt, completion };
  }

  get total(): number {
    return this.prompt + this.completion;
  }
}
