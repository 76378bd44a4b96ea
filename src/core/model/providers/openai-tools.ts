// oryon's messages and tools in the OpenAI chat-completions shape, and the tool calls of a
// streamed reply put back together (the arguments arrive as JSON text in pieces).
import type OpenAI from 'openai';
import type { ChatMessage, ToolCall, ToolSpec } from '../types.js';

/**
 * Tool results carry no call id in oryon's messages; the ids are made up here from the
 * position of the call, the same on the assistant message and on its results, so a server
 * can pair them.
 */
export function toOpenAIMessages(messages: readonly ChatMessage[]): OpenAI.ChatCompletionMessageParam[] {
  const out: OpenAI.ChatCompletionMessageParam[] = [];
  const pending: Array<{ id: string; name: string }> = [];
  messages.forEach((message, index) => {
    if (message.role === 'assistant' && message.toolCalls?.length) {
      const calls = message.toolCalls.map((call, n) => ({ id: `call_${index}_${n}`, name: call.name, args: call.arguments }));
      pending.push(...calls.map(({ id, name }) => ({ id, name })));
      out.push({
        role: 'assistant',
        content: message.content || null,
        tool_calls: calls.map(({ id, name, args }) => ({ id, type: 'function', function: { name, arguments: JSON.stringify(args) } })),
      });
    } else if (message.role === 'tool') {
      const at = pending.findIndex((call) => call.name === message.toolName);
      const call = at >= 0 ? pending.splice(at, 1)[0]! : undefined;
      out.push({ role: 'tool', tool_call_id: call?.id ?? `call_${index}`, content: message.content });
    } else {
      out.push({ role: message.role, content: message.content });
    }
  });
  return out;
}

export function toOpenAITools(tools: readonly ToolSpec[]): OpenAI.ChatCompletionTool[] {
  return tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
}

/** Accumulates `delta.tool_calls` pieces by index; `calls()` parses their arguments strictly. */
export class ToolCallAssembler {
  private readonly parts = new Map<number, { name: string; args: string }>();

  push(deltas: ReadonlyArray<{ index: number; function?: { name?: string; arguments?: string } }> | undefined): void {
    for (const delta of deltas ?? []) {
      const part = this.parts.get(delta.index) ?? { name: '', args: '' };
      if (delta.function?.name) part.name += delta.function.name;
      if (delta.function?.arguments) part.args += delta.function.arguments;
      this.parts.set(delta.index, part);
    }
  }

  calls(): ToolCall[] {
    return [...this.parts.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, part]) => part.name)
      .map(([, part]) => ({ name: part.name, arguments: parseArguments(part.args) }));
  }
}

function parseArguments(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    // Left for the tool layer to refuse with a clear message, as with Ollama's string arguments.
    return { _unparsed: text };
  }
}
