import { z } from 'zod';
import { loadPrompt } from '../agent/prompts.js';
import { chatStructured } from '../model/structured.js';
import type { ChatMessage, ChatModel } from '../model/types.js';
import { ModelReplyError } from '../errors.js';
import type { TurnKind } from './events.js';

// Question or change? A small structured call decides, with the recent history so a
// follow-up ("also handle an empty cart") reads as the change it continues. A model that
// cannot answer in the schema gets the safe reading: a question writes nothing.

const Intent = z.object({ kind: z.enum(['ask', 'change']).describe('ask: a question, nothing changes; change: the code must be edited') });

export async function classifyIntent(model: ChatModel, history: readonly ChatMessage[], message: string, signal?: AbortSignal): Promise<TurnKind> {
  const messages: ChatMessage[] = [
    { role: 'system', content: loadPrompt('chat-intent') },
    ...history.slice(-4).map((m) => ({ role: m.role, content: m.content.slice(0, 500) })),
    { role: 'user', content: message },
  ];
  try {
    const result = await chatStructured(model, { messages, ...(signal ? { signal } : {}) }, Intent, { maxRetries: 1 });
    return result.value.kind;
  } catch (error) {
    if (error instanceof ModelReplyError) return 'ask';
    throw error;
  }
}
