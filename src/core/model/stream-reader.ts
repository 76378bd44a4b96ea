// Reassembles Ollama's streamed chat chunks into one reply: visible content (think
// sections removed), reasoning, and the final chunk's usage numbers.
import { ThinkFilter } from './think-filter.js';
import type { ToolCall, Usage } from './types.js';

/** The fields of an /api/chat chunk oryon reads. */
export interface ChatChunk {
  message?: { content?: string; thinking?: string; tool_calls?: Array<{ function?: { name?: unknown; arguments?: unknown } }> };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  total_duration?: number;
  load_duration?: number;
  prompt_eval_duration?: number;
  eval_duration?: number;
}

export interface StreamResult {
  content: string;
  thinking: string;
  usage: Usage;
  /** prompt_eval_count as reported (undefined when the server left it out). */
  reportedPromptTokens: number | undefined;
  doneReason: string | undefined;
  /** Native tool calls, gathered from every chunk (Ollama sends them whole, not in pieces). */
  toolCalls: ToolCall[];
}

const nsToMs = (ns: number | undefined): number => (ns ? ns / 1e6 : 0);

export function usageFrom(chunk: ChatChunk | undefined): Usage {
  return {
    promptTokens: chunk?.prompt_eval_count ?? 0,
    completionTokens: chunk?.eval_count ?? 0,
    totalMs: nsToMs(chunk?.total_duration),
    loadMs: nsToMs(chunk?.load_duration),
    promptMs: nsToMs(chunk?.prompt_eval_duration),
    evalMs: nsToMs(chunk?.eval_duration),
  };
}

export async function readChatStream(
  chunks: AsyncIterable<ChatChunk>,
  hooks: { onChunk?: () => void; onText?: ((text: string) => void) | undefined },
): Promise<StreamResult> {
  const filter = new ThinkFilter();
  let last: ChatChunk | undefined;
  const toolCalls: ToolCall[] = [];
  for await (const chunk of chunks) {
    hooks.onChunk?.();
    for (const call of chunk.message?.tool_calls ?? []) toolCalls.push(toolCallFrom(call));
    if (chunk.message?.thinking) filter.pushThinking(chunk.message.thinking);
    if (chunk.message?.content) {
      const visible = filter.push(chunk.message.content);
      if (visible) hooks.onText?.(visible);
    }
    last = chunk;
    if (chunk.done) break;
  }
  const { released, result } = filter.finish();
  if (released) hooks.onText?.(released);
  return {
    content: result.content,
    thinking: result.thinking,
    usage: usageFrom(last),
    reportedPromptTokens: last?.prompt_eval_count,
    doneReason: last?.done_reason,
    toolCalls,
  };
}

/** A call as sent on the wire; a malformed one keeps its shape problem for the tool's validation to report. */
function toolCallFrom(call: { function?: { name?: unknown; arguments?: unknown } }): ToolCall {
  const name = typeof call.function?.name === 'string' ? call.function.name : '';
  let args = call.function?.arguments;
  // Some servers send arguments as a JSON string, as the OpenAI API does.
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      args = { _unparsed: args };
    }
  }
  return { name, arguments: args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {} };
}
