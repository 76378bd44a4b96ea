// The Ollama implementation of ChatModel and Embedder, over the `ollama` npm client.
// Each attempt gets its own client and AbortController (see request-scope.ts) so the
// caller's signal, the first-token timer and the overall timer can all end it.
import { Ollama } from 'ollama';
import type { Config } from '../../config/schema.js';
import { ContextOverflowError, ModelUnavailableError, type OryonError } from '../errors.js';
import { classify, unreachableError, type AbortReason, type Classified } from './ollama-errors.js';
import { attachPartials } from './providers/partials.js';
import { backoffMs, openScope, scopedFetch, sleep, type Scope } from './request-scope.js';
import { readChatStream, type ChatChunk } from './stream-reader.js';
import { estimateMessagesTokens, promptBudget, truncationWarning } from './token-budget.js';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest, Embedder, ModelInfo, ToolSpec } from './types.js';

export type ModelConfig = Config['model'];

export interface ClientOptions {
  /** First backoff delay after a 5xx or dropped stream; doubles each retry. */
  retryBaseMs?: number;
}

/** /api/embed takes many inputs per call; batches keep each request modest. */
export const EMBED_BATCH_SIZE = 32;
const DEFAULT_RETRY_BASE_MS = 500;

export type { ModelInfo } from './types.js';

export class OllamaModel implements ChatModel {
  readonly name: string;
  readonly numCtx: number;
  readonly host: string;
  private readonly config: ModelConfig;
  private readonly retryBaseMs: number;

  constructor(config: ModelConfig, options: ClientOptions = {}) {
    this.config = config;
    this.name = config.name;
    this.numCtx = config.num_ctx;
    this.host = config.host;
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const estimate = estimateMessagesTokens(request.messages);
    const budget = promptBudget(this.numCtx, this.config.reply_reserve_tokens);
    if (estimate > budget) throw new ContextOverflowError(estimate, budget);

    // Text of streams cut mid-reply: each attempt starts over; the partial is journaled, never applied.
    const discarded: string[] = [];
    let result: Awaited<ReturnType<OllamaModel['chatOnce']>>;
    try {
      result = await this.withRetries(request.signal, this.name, (scope) => this.chatOnce(request, scope, discarded), true);
    } catch (error) {
      attachPartials(error, discarded);
      throw error;
    }
    const reply: ChatReply = {
      content: result.content,
      thinking: result.thinking,
      usage: result.usage,
      model: this.name,
      estimatedPromptTokens: estimate,
    };
    const warning =
      truncationWarning(result.reportedPromptTokens, estimate, this.numCtx) ??
      (result.doneReason === 'length' ? 'the reply stopped at the length limit and may be cut short' : undefined);
    if (warning) reply.truncationWarning = warning;
    if (result.toolCalls.length) reply.toolCalls = result.toolCalls;
    if (discarded.length > 0) reply.discarded = discarded;
    return reply;
  }

  private capabilities: Promise<string[]> | undefined;

  /** Whether /api/show lists `tools` among the model's capabilities; asked once per client. */
  async supportsTools(options: { signal?: AbortSignal } = {}): Promise<boolean> {
    this.capabilities ??= this.info(options).then(
      (info) => info.capabilities ?? [],
      () => [],
    );
    return (await this.capabilities).includes('tools');
  }

  private async chatOnce(request: ChatRequest, scope: Scope, discarded: string[]) {
    const stream = await this.client(scope).chat({
      model: this.name,
      messages: request.messages.map(wireMessage),
      stream: true,
      keep_alive: this.config.keep_alive,
      options: this.requestOptions(),
      ...(request.format ? { format: request.format } : {}),
      ...(request.tools?.length ? { tools: request.tools.map(wireTool) } : {}),
    });
    let seen = '';
    try {
      return await readChatStream(stream as AsyncIterable<ChatChunk>, {
        onChunk: () => scope.gotFirstChunk(),
        onText: (text) => {
          seen += text;
          request.onText?.(text);
        },
      });
    } catch (error) {
      if (seen) discarded.push(seen);
      throw error;
    }
  }

  /** The same options on every chat request: a changed num_ctx makes Ollama reload the model. */
  private requestOptions(): { num_ctx: number; temperature: number; seed?: number } {
    const options: { num_ctx: number; temperature: number; seed?: number } = {
      num_ctx: this.numCtx,
      temperature: this.config.temperature,
    };
    if (this.config.seed !== null) options.seed = this.config.seed;
    return options;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const vectors: number[][] = [];
    const model = this.config.embedding_model;
    for (let start = 0; start < texts.length; start += EMBED_BATCH_SIZE) {
      const input = texts.slice(start, start + EMBED_BATCH_SIZE);
      const response = await this.withRetries(signal, model, (scope) => this.client(scope).embed({ model, input, keep_alive: this.config.keep_alive }));
      if (response.embeddings.length !== input.length) {
        throw new ModelUnavailableError(`Ollama returned ${response.embeddings.length} embeddings for ${input.length} inputs`);
      }
      vectors.push(...response.embeddings);
    }
    return vectors;
  }

  async version(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string> {
    const response = await this.once(options, this.name, (scope) => this.client(scope).version());
    return response.version;
  }

  async tags(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Array<{ name: string; size?: number }>> {
    const response = await this.once(options, this.name, (scope) => this.client(scope).list());
    return response.models.map((entry) => ({ name: entry.name, size: entry.size }));
  }

  /** This model's facts, asked once with a short timeout. */
  info(options: { signal?: AbortSignal } = {}): Promise<ModelInfo> {
    return this.show(this.name, { ...options, timeoutMs: 5000 });
  }

  async show(model: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<ModelInfo> {
    const response = await this.once(options, model, (scope) => this.client(scope).show({ model }));
    const info = (response.model_info ?? {}) as unknown as Record<string, unknown>;
    const family = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : response.details?.family;
    const contextKey = Object.keys(info).find((key) => key.endsWith('.context_length'));
    const contextLength = (family && info[`${family}.context_length`]) ?? (contextKey ? info[contextKey] : undefined);
    const result: ModelInfo = {};
    if (typeof contextLength === 'number') result.contextLength = contextLength;
    if (family) result.family = family;
    if (response.details?.parameter_size) result.parameterSize = response.details.parameter_size;
    if (Array.isArray(response.capabilities)) result.capabilities = response.capabilities.filter((c): c is string => typeof c === 'string');
    return result;
  }

  private client(scope: Scope): Ollama {
    return new Ollama({ host: this.host, fetch: scopedFetch(scope.signal) });
  }

  /** One attempt, no retries: for quick probes such as doctor's. */
  private async once<T>(options: { signal?: AbortSignal; timeoutMs?: number }, model: string, run: (scope: Scope) => Promise<T>): Promise<T> {
    const scope = openScope({ signal: options.signal, timeoutMs: options.timeoutMs ?? this.config.request_timeout_ms });
    try {
      return await run(scope);
    } catch (error) {
      throw this.classify(error, model, scope.reason).error;
    } finally {
      scope.dispose();
    }
  }

  private async withRetries<T>(signal: AbortSignal | undefined, model: string, run: (scope: Scope) => Promise<T>, firstToken = false): Promise<T> {
    const attempts = this.config.max_retries + 1;
    let last: OryonError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        try {
          await sleep(backoffMs(attempt - 1, this.retryBaseMs), signal);
        } catch (error) {
          throw this.classify(error, model, 'user').error;
        }
      }
      const scope = openScope({
        signal,
        timeoutMs: this.config.request_timeout_ms,
        firstTokenTimeoutMs: firstToken ? this.config.first_token_timeout_ms : undefined,
      });
      try {
        return await run(scope);
      } catch (error) {
        const classified: Classified = this.classify(error, model, scope.reason);
        if (!classified.transient) throw classified.error;
        last = classified.error;
      } finally {
        scope.dispose();
      }
    }
    throw new ModelUnavailableError(`${last!.message} (gave up after ${attempts} attempts)`, {
      hint: last!.hint,
      cause: last,
    });
  }

  private classify(error: unknown, model: string, aborted: AbortReason | undefined): Classified {
    return classify(error, {
      host: this.host,
      model,
      aborted,
      firstTokenTimeoutMs: this.config.first_token_timeout_ms,
      requestTimeoutMs: this.config.request_timeout_ms,
    });
  }
}

/** A message as /api/chat takes it: tool calls and tool results in Ollama's field names. */
function wireMessage(message: ChatMessage): {
  role: string;
  content: string;
  tool_calls?: Array<{ function: { name: string; arguments: Record<string, unknown> } }>;
  tool_name?: string;
} {
  const wire: ReturnType<typeof wireMessage> = { role: message.role, content: message.content };
  if (message.toolCalls?.length) wire.tool_calls = message.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
  if (message.toolName) wire.tool_name = message.toolName;
  return wire;
}

function wireTool(tool: ToolSpec): { type: 'function'; function: { name: string; description: string; parameters: Record<string, unknown> } } {
  return { type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } };
}

export function createOllamaModel(config: ModelConfig, options?: ClientOptions): OllamaModel {
  try {
    new URL(config.host);
  } catch (error) {
    throw unreachableError(config.host, error);
  }
  return new OllamaModel(config, options);
}

export function createOllamaEmbedder(config: ModelConfig, options?: ClientOptions): Embedder {
  const model = createOllamaModel(config, options);
  return { id: `ollama:${config.embedding_model}`, embed: (texts, signal) => model.embed(texts, signal) };
}
