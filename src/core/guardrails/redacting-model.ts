// A ChatModel that redacts every message before it leaves for the model and restores
// placeholders in the reply, so edits apply with the original values. Streamed text
// (onText) is shown as the model wrote it, placeholders and all.
import type { ChatModel, ChatReply, ChatRequest, ModelInfo } from '../model/types.js';
import { mapStrings } from './map-strings.js';
import type { Redactor } from './redactor.js';

export class RedactingModel implements ChatModel {
  readonly name: string;
  readonly numCtx: number;
  readonly info?: (options?: { signal?: AbortSignal }) => Promise<ModelInfo>;
  readonly supportsTools?: (options?: { signal?: AbortSignal }) => Promise<boolean>;

  constructor(
    private readonly inner: ChatModel,
    readonly redactor: Redactor,
  ) {
    this.name = inner.name;
    this.numCtx = inner.numCtx;
    if (inner.info) this.info = (options) => inner.info!(options);
    if (inner.supportsTools) this.supportsTools = (options) => inner.supportsTools!(options);
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    // A tool call sent back in the conversation carries the restored arguments: redacted again.
    const messages = request.messages.map((message) => ({
      ...message,
      content: this.redactor.redact(message.content),
      ...(message.toolCalls
        ? {
            toolCalls: message.toolCalls.map((call) => ({
              ...call,
              arguments: mapStrings(call.arguments, (text) => this.redactor.redact(text)) as Record<string, unknown>,
            })),
          }
        : {}),
    }));
    const reply = await this.inner.chat({ ...request, messages });
    const restored: ChatReply = { ...reply, content: this.redactor.restore(reply.content), thinking: this.redactor.restore(reply.thinking) };
    // A tool call's arguments may name a placeholder (a path, a search); the tool gets the real value.
    if (reply.toolCalls) {
      restored.toolCalls = reply.toolCalls.map((call) => ({
        ...call,
        arguments: mapStrings(call.arguments, (text) => this.redactor.restore(text)) as Record<string, unknown>,
      }));
    }
    return restored;
  }
}

/** The model as configured: wrapped only when redaction is on. */
export function withRedaction(model: ChatModel, redactor: Redactor): ChatModel {
  return redactor.active ? new RedactingModel(model, redactor) : model;
}
