// An in-memory ChatModel for tests: replays scripted replies in order (or computes them
// from the request) and records every request. It enforces the same context budget and
// think stripping as the Ollama client, so code tested against it behaves the same.
import { ContextOverflowError, InterruptedError } from '../errors.js';
import { ThinkFilter } from './think-filter.js';
import { estimateMessagesTokens, promptBudget } from './token-budget.js';
import type { ChatModel, ChatReply, ChatRequest, ModelInfo, ToolCall, Usage } from './types.js';

export interface ScriptedReply {
  content: string;
  thinking?: string;
  usage?: Partial<Usage>;
  truncationWarning?: string;
  /** Thrown instead of replying (e.g. a ModelUnavailableError). */
  error?: Error;
  /** Native tool calls in the reply (the model must report the tools capability). */
  toolCalls?: ToolCall[];
}

export type ScriptedStep = string | ScriptedReply | ((request: ChatRequest) => string | ScriptedReply);

export interface ScriptedModelOptions {
  name?: string;
  numCtx?: number;
  replyReserve?: number;
  /** What info() reports, as /api/show would. */
  info?: ModelInfo;
}

export class ScriptedModel implements ChatModel {
  readonly name: string;
  readonly numCtx: number;
  readonly requests: ChatRequest[] = [];
  private readonly steps: ScriptedStep[];
  private readonly replyReserve: number;
  private readonly modelInfo: ModelInfo;

  constructor(replies: ScriptedStep[], options: ScriptedModelOptions = {}) {
    this.steps = [...replies];
    this.name = options.name ?? 'scripted';
    this.numCtx = options.numCtx ?? 32768;
    this.replyReserve = options.replyReserve ?? 4096;
    this.modelInfo = options.info ?? {};
  }

  async info(): Promise<ModelInfo> {
    return this.modelInfo;
  }

  async supportsTools(): Promise<boolean> {
    return this.modelInfo.capabilities?.includes('tools') ?? false;
  }

  /** Replies not yet consumed. */
  get remaining(): number {
    return this.steps.length;
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    if (request.signal?.aborted) throw new InterruptedError();
    const estimate = estimateMessagesTokens(request.messages);
    const budget = promptBudget(this.numCtx, this.replyReserve);
    if (estimate > budget) throw new ContextOverflowError(estimate, budget);
    // A snapshot, so later mutation by the caller does not rewrite history.
    this.requests.push({ ...request, messages: request.messages.map((message) => ({ ...message })) });
    if (request.tools?.length && !(await this.supportsTools())) {
      throw new Error('ScriptedModel: tools were offered natively to a model without the tools capability');
    }

    const step = this.steps.shift();
    if (step === undefined) {
      throw new Error(`ScriptedModel: no scripted reply left for request #${this.requests.length}`);
    }
    const scripted = normalize(typeof step === 'function' ? step(request) : step);
    if (scripted.error) throw scripted.error;

    const filter = new ThinkFilter();
    if (scripted.thinking) filter.pushThinking(scripted.thinking);
    const visible = filter.push(scripted.content);
    if (visible) request.onText?.(visible);
    const { released, result } = filter.finish();
    if (released) request.onText?.(released);

    const reply: ChatReply = {
      content: result.content,
      thinking: result.thinking,
      usage: {
        promptTokens: estimate,
        completionTokens: Math.ceil(scripted.content.length / 4),
        totalMs: 0,
        loadMs: 0,
        promptMs: 0,
        evalMs: 0,
        ...scripted.usage,
      },
      model: this.name,
      estimatedPromptTokens: estimate,
    };
    if (scripted.truncationWarning) reply.truncationWarning = scripted.truncationWarning;
    if (scripted.toolCalls?.length) reply.toolCalls = scripted.toolCalls.map((call) => ({ name: call.name, arguments: { ...call.arguments } }));
    return reply;
  }
}

function normalize(step: string | ScriptedReply): ScriptedReply {
  return typeof step === 'string' ? { content: step } : step;
}
