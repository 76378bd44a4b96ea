// The plain-text protocol for models without native tool calling: the model asks for a
// tool by replying with one JSON object per line, and nothing else:
//   {"tool": "read_file", "arguments": {"path": "src/app.ts"}}
// Parsed strictly: a reply is a tool request only when every non-empty line is such an
// object (exactly the keys "tool" and "arguments"), so an edit block or a plan that
// happens to contain JSON is never mistaken for one.
import type { ChatMessage, ToolCall, ToolSpec } from '../model/types.js';
import type { ToolCallRecord } from './session.js';

export function parseFallbackCalls(content: string): ToolCall[] | undefined {
  let text = content.trim();
  const fenced = /^```[a-z]*\n([\s\S]*?)\n?```$/i.exec(text);
  if (fenced) text = fenced[1]!.trim();
  if (!text.startsWith('{')) return undefined;
  // Under a JSON-schema `format` the object may come pretty-printed: one object, whole.
  const whole = asCall(text);
  if (whole) return [whole];
  const calls: ToolCall[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const call = asCall(line);
    if (!call) return undefined;
    calls.push(call);
  }
  return calls.length ? calls : undefined;
}

function asCall(text: string): ToolCall | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { tool, arguments: args } = value as { tool?: unknown; arguments?: unknown };
  if (Object.keys(value).length !== 2 || typeof tool !== 'string' || !args || typeof args !== 'object' || Array.isArray(args)) return undefined;
  return { name: tool, arguments: args as Record<string, unknown> };
}

/**
 * A `format` that admits either the answer or a tool request, so a model on the fallback
 * keeps structured output while it may still ask for a tool.
 */
export function answerOrToolFormat(answer: Record<string, unknown>, tools: readonly ToolSpec[]): Record<string, unknown> {
  const request = {
    type: 'object',
    properties: { tool: { type: 'string', enum: tools.map((tool) => tool.name) }, arguments: { type: 'object' } },
    required: ['tool', 'arguments'],
    additionalProperties: false,
  };
  const { $schema: _schema, ...plain } = answer;
  return { type: 'object', anyOf: [plain, request] };
}

/** The tool list and the protocol, for a model that is not offered tools natively. */
export function fallbackInstructions(tools: readonly ToolSpec[], maxCalls: number): string {
  const list = tools.map((tool) => `- ${tool.name}: ${tool.description}\n  arguments (JSON schema): ${JSON.stringify(tool.parameters)}`).join('\n');
  return [
    'Before you answer, you may look at the repository with these tools:',
    list,
    '',
    'To call tools, reply with nothing but one JSON object per line, for example:',
    '{"tool": "read_file", "arguments": {"path": "src/app.ts"}}',
    `The results come back in the next message. At most ${maxCalls} calls. When you know enough, give your answer in the format asked for, with no tool line in it.`,
  ].join('\n');
}

export function nativeInstructions(maxCalls: number): string {
  return `You may call the tools you are given to look at the repository (at most ${maxCalls} calls) before you answer. Look for what is not shown rather than guessing. When you know enough, answer in the format asked for.`;
}

/** The results of a fallback round, as one user message. */
export function fallbackResults(records: readonly ToolCallRecord[]): ChatMessage {
  const parts = records.map((record) => `[${record.name} ${JSON.stringify(record.args)}]\n${record.result}`);
  return { role: 'user', content: `Tool results:\n\n${parts.join('\n\n')}` };
}
