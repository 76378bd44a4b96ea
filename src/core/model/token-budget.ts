// Token estimates made before sending, so oryon never lets Ollama truncate a prompt
// silently. No tokenizer ships with oryon (each model has its own), so the estimate is
// deliberately conservative: BPE code tokenizers average 3.5–4.5 ASCII characters per
// token, so dividing by 3.2 over-counts; one token per non-ASCII code point covers CJK
// and emoji, which often take one or more tokens each.
import type { ChatMessage } from './types.js';

const ASCII_CHARS_PER_TOKEN = 3.2;
/** Role markers and separators the chat template adds around each message. */
const PER_MESSAGE_OVERHEAD = 8;
/** The template's fixed preamble and the assistant turn header. */
const PER_PROMPT_OVERHEAD = 16;

export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const char of text) {
    if (char.charCodeAt(0) < 128) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN) + other;
}

export function estimateMessagesTokens(messages: ChatMessage[]): number {
  let total = PER_PROMPT_OVERHEAD;
  for (const message of messages) total += PER_MESSAGE_OVERHEAD + estimateTokens(message.content);
  return total;
}

/** Tokens a prompt may use: the context window minus the room kept for the reply. */
export function promptBudget(numCtx: number, replyReserve: number): number {
  return Math.max(0, numCtx - replyReserve);
}

/** Below this fraction of the estimate, a reported prompt count means messages were dropped. */
const TRUNCATED_FRACTION = 0.4;
/** Small prompts are all overhead; the ratio says nothing about them. */
const MIN_ESTIMATE_FOR_RATIO = 1024;
/** A prompt this close to num_ctx was likely cut to fit. */
const FULL_WINDOW_FRACTION = 0.95;

/**
 * Compares what the server says it read with what we estimated. Ollama cuts an
 * over-long prompt to num_ctx (count near the window) or drops whole earlier messages
 * (count far below the estimate); either means the model did not see everything.
 * A missing or zero count (older servers with a cache hit) says nothing.
 */
export function truncationWarning(promptTokens: number | undefined, estimate: number, numCtx: number): string | undefined {
  if (!promptTokens) return undefined;
  if (promptTokens >= numCtx * FULL_WINDOW_FRACTION) {
    return `the prompt filled the context window (${promptTokens} of ${numCtx} tokens); Ollama may have dropped part of it`;
  }
  if (estimate >= MIN_ESTIMATE_FOR_RATIO && promptTokens < estimate * TRUNCATED_FRACTION) {
    return `Ollama read ${promptTokens} prompt tokens but about ${estimate} were sent; part of the prompt was likely dropped`;
  }
  return undefined;
}
