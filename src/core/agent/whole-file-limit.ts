import { isAbortError } from '../errors.js';
import type { ChatModel, ModelInfo } from '../model/types.js';

// In `agent.edit_format: auto`, files up to this many lines are rewritten whole. Smaller
// models are far more reliable rewriting a file than writing exact SEARCH blocks (aider's
// edit-format results show the same), so the smaller the model, the larger the files it
// rewrites whole; a rewrite must also fit in the tokens reserved for the reply.

/** Lines per billion parameters band; the first band the model fits in applies. */
const BY_MODEL_SIZE: ReadonlyArray<{ maxBillions: number; lines: number }> = [
  { maxBillions: 10, lines: 300 },
  { maxBillions: 20, lines: 200 },
  { maxBillions: 40, lines: 150 },
  { maxBillions: Infinity, lines: 100 },
];
const UNKNOWN_SIZE_LINES = 150;
/** A line of code is about 10 tokens; 12 leaves room for the fence and the path. */
const TOKENS_PER_LINE = 12;

/** "7.6B" → 7.6, "494.03M" → 0.494; undefined when Ollama did not say. */
export function parameterBillions(parameterSize: string | undefined): number | undefined {
  const match = /^\s*([\d.]+)\s*([KMBT])\s*$/i.exec(parameterSize ?? '');
  if (!match) return undefined;
  const scale = { K: 1e-6, M: 1e-3, B: 1, T: 1e3 }[match[2]!.toUpperCase() as 'K' | 'M' | 'B' | 'T'];
  return Number(match[1]) * scale;
}

export function wholeFileLimit(setting: 'auto' | number, info: ModelInfo, replyReserveTokens: number): number {
  if (setting !== 'auto') return setting;
  const billions = parameterBillions(info.parameterSize);
  const bySize = billions === undefined ? UNKNOWN_SIZE_LINES : BY_MODEL_SIZE.find((band) => billions <= band.maxBillions)!.lines;
  return Math.max(20, Math.min(bySize, Math.floor(replyReserveTokens / TOKENS_PER_LINE)));
}

/** The model's facts when it can tell them; unknown otherwise (the chat itself reports a missing model). */
export async function modelInfo(model: ChatModel, signal?: AbortSignal): Promise<ModelInfo> {
  if (!model.info) return {};
  try {
    return await model.info(signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted || isAbortError(error)) throw error;
    return {};
  }
}
