// A ChatModel that redacts every message before it leaves for the model and restores
// placeholders in the reply, so edits apply with the original values. Streamed text
// (onText) is shown as the model wrote it, placeholders and all.
import type { ChatModel, ChatReply, ChatRequest, ModelInfo } from '../model/types.js';
import type { Redactor } from './redactor.js';

export class RedactingModel implements ChatModel {
  readonly name: string;
  readonly numCtx: number;
  readonly info?: (options?: { signal?: AbortSignal }) => Promise<ModelInfo>;

  constructor(
    private readonly inner: ChatModel,
    readonly redactor: Redactor,
  ) {
    this.name = inner.name;
    this.numCtx = inner.numCtx;
    if (inner.info) this.info = (options) => inner.info!(options);
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const messages = request.messages.map((message) => ({ ...message, content: this.redactor.redact(message.content) }));
    const reply = await this.inner.chat({ ...request, messages });
    return { ...reply, content: this.redactor.restore(reply.content), thinking: this.redactor.restore(reply.thinking) };
  }
}

/** The model as configured: wrapped only when redaction is on. */
export function withRedaction(model: ChatModel, redactor: Redactor): ChatModel {
  return redactor.active ? new RedactingModel(model, redactor) : model;
}
