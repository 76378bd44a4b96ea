// Structured output: the zod schema goes to Ollama as a JSON schema (`format`), the
// reply is parsed and validated, and a bad reply goes back to the model with exactly
// what was wrong, a bounded number of times.
import { z } from 'zod';
import { ModelReplyError } from '../errors.js';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest } from './types.js';

export const DEFAULT_STRUCTURED_RETRIES = 2;

export interface StructuredResult<T> {
  value: T;
  /** The reply that parsed. */
  reply: ChatReply;
  /** Every reply, including the rejected ones, for usage accounting and the journal. */
  replies: ChatReply[];
}

export async function chatStructured<T>(
  model: ChatModel,
  request: ChatRequest,
  schema: z.ZodType<T>,
  options: { maxRetries?: number } = {},
): Promise<StructuredResult<T>> {
  const maxRetries = options.maxRetries ?? DEFAULT_STRUCTURED_RETRIES;
  const format = z.toJSONSchema(schema) as Record<string, unknown>;
  const replies: ChatReply[] = [];
  let messages: ChatMessage[] = request.messages;
  let problem = '';
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    const reply = await model.chat({ ...request, messages, format });
    replies.push(reply);
    const parsed = parseReply(reply.content, schema);
    if (parsed.ok) return { value: parsed.value, reply, replies };
    problem = parsed.problem;
    messages = [...messages, { role: 'assistant', content: reply.content }, { role: 'user', content: correction(problem) }];
  }
  throw new ModelReplyError(`the model's reply was not usable after ${maxRetries + 1} attempts: ${problem}`, {
    hint: 'try a larger or more capable model (model.name), or rephrase the task',
  });
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseReply<T>(content: string, schema: z.ZodType<T>): Parsed<T> {
  const text = unfence(content.trim());
  if (!text) return { ok: false, problem: 'the reply was empty' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `the reply was not valid JSON (${(error as Error).message})` };
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.slice(0, 8).map((issue) => `- ${issue.path.length ? formatPath(issue.path) : '(root)'}: ${issue.message}`);
  return { ok: false, problem: `the JSON did not match the schema:\n${issues.join('\n')}` };
}

export function correction(problem: string): string {
  return `Your previous reply could not be used: ${problem}\nReply again with only one JSON value that matches the required schema, with no other text.`;
}

/** Models sometimes wrap JSON in a ``` fence despite `format`; accept that. */
function unfence(text: string): string {
  const match = /^```[a-z]*\n([\s\S]*?)\n?```$/i.exec(text);
  return match ? match[1]!.trim() : text;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`)).join('');
}
