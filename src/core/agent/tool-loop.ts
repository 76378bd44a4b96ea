// A model call that may use tools: the model asks (natively, or by the plain-text
// fallback), oryon answers from the step's ToolSession, and the model is asked again,
// until it answers without a tool call. Each call is an event; the caller journals it.
import { answerOrToolFormat, fallbackInstructions, fallbackResults, nativeInstructions, parseFallbackCalls } from '../agent-tools/fallback.js';
import type { ToolCallRecord, ToolSession } from '../agent-tools/session.js';
import type { ChatMessage, ChatModel, ChatReply, ToolCall } from '../model/types.js';
import type { FixEvent, ToolPurpose } from './events.js';
import { streamed } from './model-call.js';

export interface ToolUse {
  session: ToolSession;
  /** Offer tools in the request (the model's capabilities include tools); else the text fallback. */
  native: boolean;
  /** Journals each call (a step, and the decisions it took). */
  record: (record: ToolCallRecord) => void;
}

export interface ToolChatOutcome {
  /** The answer: the first reply without a tool call. */
  reply: ChatReply;
  /** Every reply, tool rounds included, for usage accounting. */
  replies: ChatReply[];
  /** The conversation including the tool rounds, ending before the answer. */
  messages: ChatMessage[];
  calls: ToolCallRecord[];
}

/** Rounds past the call limit before the last reply is taken as the answer, whatever it is. */
const GRACE_ROUNDS = 1;

export async function* chatWithTools(
  model: ChatModel,
  messages: ChatMessage[],
  use: ToolUse | undefined,
  meta: {
    purpose: ToolPurpose;
    iteration: number;
    signal?: AbortSignal | undefined;
    /** The answer's JSON schema. Native tool rounds go without it (a constrained reply cannot call a tool); the fallback widens it to admit a tool request. */
    format?: Record<string, unknown>;
  },
): AsyncGenerator<FixEvent, ToolChatOutcome> {
  const signal = meta.signal ? { signal: meta.signal } : {};
  if (!use || !use.session.tools.length) {
    const reply = yield* streamed((onText) => model.chat({ messages, onText, ...signal }));
    return { reply, replies: [reply], messages, calls: [] };
  }
  const { session, native } = use;
  const specs = session.specs();
  const conversation: ChatMessage[] = withInstructions(
    messages,
    native ? nativeInstructions(session.limits.maxCalls) : fallbackInstructions(specs, session.limits.maxCalls),
  );
  const replies: ChatReply[] = [];
  const calls: ToolCallRecord[] = [];
  let graceLeft = GRACE_ROUNDS;
  for (;;) {
    const offer = native
      ? session.limitReached
        ? meta.format
          ? { format: meta.format }
          : {}
        : { tools: specs }
      : meta.format
        ? { format: session.limitReached ? meta.format : answerOrToolFormat(meta.format, specs) }
        : {};
    const reply: ChatReply = yield* streamed((onText) => model.chat({ messages: conversation, onText, ...offer, ...signal }));
    replies.push(reply);
    const requested: ToolCall[] = native ? (reply.toolCalls ?? []) : (parseFallbackCalls(reply.content) ?? []);
    if (!requested.length || (session.limitReached && graceLeft-- <= 0)) return { reply, replies, messages: conversation, calls };

    conversation.push(native ? { role: 'assistant', content: reply.content, toolCalls: requested } : { role: 'assistant', content: reply.content });
    const round: ToolCallRecord[] = [];
    for (const call of requested) {
      const record = await session.call(call);
      use.record(record);
      round.push(record);
      calls.push(record);
      yield {
        type: 'tool-call',
        purpose: meta.purpose,
        iteration: meta.iteration,
        name: record.name,
        args: record.args,
        ok: record.ok,
        bytes: record.bytes,
        ms: Math.round(record.ms * 100) / 100,
        cached: record.cached,
        ...(record.error ? { error: record.error } : {}),
      };
    }
    if (native) for (const record of round) conversation.push({ role: 'tool', toolName: record.name, content: record.result });
    else conversation.push(fallbackResults(round));
    if (session.limitReached) {
      conversation.push({
        role: 'user',
        content: `That was the last tool call this step allows (${session.limits.maxCalls}). Now give your answer in the format asked for.`,
      });
    }
  }
}

/** The tool instructions go right after the system prompt, so the task stays last. */
function withInstructions(messages: ChatMessage[], instructions: string): ChatMessage[] {
  const at = messages.findIndex((message) => message.role !== 'system');
  const index = at === -1 ? messages.length : at;
  return [...messages.slice(0, index), { role: 'system', content: instructions }, ...messages.slice(index)];
}
