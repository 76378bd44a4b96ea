// The OpenAI-compatible implementation of ChatModel and Embedder (llama.cpp's
// llama-server, vLLM, LM Studio, LocalAI, TGI), over the official `openai` client pointed
// at the configured base URL. The client's own retries are off: oryon's attempt loop
// (retry.ts) owns timeouts, backoff and cancel, exactly as for Ollama.
import type OpenAI from 'openai';
import type { Config } from '../../../config/schema.js';
import { ContextOverflowError, ModelUnavailableError } from '../../errors.js';
import type { AbortReason } from '../ollama-errors.js';
import type { Scope } from '../request-scope.js';
import { ThinkFilter } from '../think-filter.js';
import { estimateMessagesTokens, promptBudget, truncationWarning } from '../token-budget.js';
import type { ChatModel, ChatReply, ChatRequest, Embedder, ModelInfo, ToolCall, Usage } from '../types.js';
import { classifyOpenAI } from './openai-errors.js';
import { attachPartials } from './partials.js';
import { withRetries } from './retry.js';
import { toOpenAIMessages, toOpenAITools, ToolCallAssembler } from './openai-tools.js';

export type ModelConfig = Config['model'];

export interface OpenAIClientOptions {
  retryBaseMs?: number;
  /** Where the API key variable is read (process.env by default). */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_RETRY_BASE_MS = 500;
const EMBED_BATCH_SIZE = 32;

interface StreamResult {
  content: string;
  thinking: string;
  usage: Usage;
  reportedPromptTokens: number | undefined;
  finishReason: string | undefined;
  toolCalls: ToolCall[];
}

/** How structured output is asked for: a JSON schema where the server takes one, else JSON mode. */
type StructuredMode = 'json_schema' | 'json_object';

export class OpenAICompatibleModel implements ChatModel {
  readonly name: string;
  readonly numCtx: number;
  readonly baseUrl: string;
  private readonly config: ModelConfig;
  private readonly retryBaseMs: number;
  private readonly apiKey: string | null;
  private structuredMode: StructuredMode = 'json_schema';
  private sdk: Promise<typeof OpenAI> | undefined;

  constructor(config: ModelConfig, options: OpenAIClientOptions = {}) {
    if (!config.base_url)
      throw new ModelUnavailableError('model.base_url is not set — the openai-compatible provider needs the server URL, e.g. http://127.0.0.1:8080/v1');
    this.config = config;
    this.name = config.name;
    this.numCtx = config.num_ctx;
    this.baseUrl = config.base_url.replace(/\/+$/, '');
    this.retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
    this.apiKey = readApiKey(config.api_key_env, options.env ?? process.env);
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const estimate = estimateMessagesTokens(request.messages);
    const budget = promptBudget(this.numCtx, this.config.reply_reserve_tokens);
    if (estimate > budget) throw new ContextOverflowError(estimate, budget);

    const discarded: string[] = [];
    let result: StreamResult;
    try {
      result = await this.retrying(request.signal, this.name, (scope) => this.chatOnce(request, scope, discarded), true);
    } catch (error) {
      attachPartials(error, discarded);
      throw error;
    }
    const reply: ChatReply = { content: result.content, thinking: result.thinking, usage: result.usage, model: this.name, estimatedPromptTokens: estimate };
    const warning =
      truncationWarning(result.reportedPromptTokens, estimate, this.numCtx) ??
      (result.finishReason === 'length' ? 'the reply stopped at the length limit and may be cut short' : undefined);
    if (warning) reply.truncationWarning = warning;
    if (discarded.length > 0) reply.discarded = discarded;
    if (result.toolCalls.length) reply.toolCalls = result.toolCalls;
    return reply;
  }

  /**
   * OpenAI-compatible servers list no capabilities; a model served with a tool parser
   * (vLLM's --tool-call-parser, llama-server's --jinja) takes `tools`. Asked for with
   * `model.tools_native: true`; otherwise the loop uses the plain-text tool protocol.
   */
  async supportsTools(): Promise<boolean> {
    return this.config.tools_native === true;
  }

  private async chatOnce(request: ChatRequest, scope: Scope, discarded: string[]): Promise<StreamResult> {
    const client = await this.client();
    const started = performance.now();
    const body: OpenAI.ChatCompletionCreateParamsStreaming = {
      model: this.name,
      messages: toOpenAIMessages(request.messages),
      stream: true,
      stream_options: { include_usage: true },
      temperature: this.config.temperature,
    };
    if (this.config.seed !== null) body.seed = this.config.seed;
    if (request.tools?.length) body.tools = toOpenAITools(request.tools);
    if (request.format) {
      body.response_format =
        this.structuredMode === 'json_schema' ? { type: 'json_schema', json_schema: { name: 'reply', schema: request.format } } : { type: 'json_object' };
    }
    let stream;
    try {
      stream = await client.chat.completions.create(body, { signal: scope.signal });
    } catch (error) {
      // Servers without json_schema support refuse the field (400/422): JSON mode then,
      // with the zod validation and corrective retry in structured.ts doing the rest.
      const status = (error as { status?: number }).status;
      if (request.format && this.structuredMode === 'json_schema' && (status === 400 || status === 422)) {
        this.structuredMode = 'json_object';
        return this.chatOnce(request, scope, discarded);
      }
      throw error;
    }

    const filter = new ThinkFilter();
    let visible = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finishReason: string | undefined;
    let firstTokenMs = 0;
    const toolCalls = new ToolCallAssembler();
    try {
      for await (const chunk of stream) {
        if (!firstTokenMs) firstTokenMs = performance.now() - started;
        scope.gotFirstChunk();
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        // vLLM and llama-server put reasoning in its own delta field.
        const delta = choice.delta as {
          content?: string | null;
          reasoning_content?: string | null;
          tool_calls?: Array<{ index: number; function?: { name?: string; arguments?: string } }>;
        };
        if (delta?.reasoning_content) filter.pushThinking(delta.reasoning_content);
        toolCalls.push(delta?.tool_calls);
        if (delta?.content) {
          visible += delta.content;
          const text = filter.push(delta.content);
          if (text) request.onText?.(text);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      // The SDK ends the iteration quietly when aborted; a reply with no finish reason was cut.
      if (scope.signal.aborted) throw new DOMException('aborted', 'AbortError');
      if (!finishReason) throw new Error('the stream ended before the reply finished');
    } catch (error) {
      if (visible) discarded.push(visible);
      throw error;
    }
    const { released, result } = filter.finish();
    if (released) request.onText?.(released);
    const totalMs = performance.now() - started;
    return {
      content: result.content,
      thinking: result.thinking,
      usage: {
        promptTokens: usage?.prompt_tokens ?? 0,
        completionTokens: usage?.completion_tokens ?? 0,
        totalMs,
        loadMs: 0,
        promptMs: firstTokenMs,
        evalMs: totalMs - firstTokenMs,
      },
      reportedPromptTokens: usage?.prompt_tokens,
      finishReason,
      toolCalls: toolCalls.calls(),
    };
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const vectors: number[][] = [];
    const model = this.config.embedding_model;
    for (let start = 0; start < texts.length; start += EMBED_BATCH_SIZE) {
      const input = texts.slice(start, start + EMBED_BATCH_SIZE);
      const response = await this.retrying(signal, model, async (scope) =>
        (await this.client()).embeddings.create({ model, input, encoding_format: 'float' }, { signal: scope.signal }),
      );
      const ordered = [...response.data].sort((a, b) => a.index - b.index);
      if (ordered.length !== input.length) {
        throw new ModelUnavailableError(`${this.baseUrl} returned ${ordered.length} embeddings for ${input.length} inputs`);
      }
      vectors.push(...ordered.map((entry) => entry.embedding));
    }
    return vectors;
  }

  /** The model ids the server lists (`GET /v1/models`), with whatever metadata it adds. */
  async models(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<Array<{ id: string } & Record<string, unknown>>> {
    return this.once(options, this.name, async (scope) => {
      const page = await (await this.client()).models.list({ signal: scope.signal });
      return page.data as unknown as Array<{ id: string } & Record<string, unknown>>;
    });
  }

  /** The context length where the server's model metadata gives one (vLLM, llama-server, LM Studio). */
  async info(options: { signal?: AbortSignal } = {}): Promise<ModelInfo> {
    const listed = await this.models({ ...options, timeoutMs: 5000 });
    const entry = listed.find((model) => model.id === this.name);
    if (!entry) throw classifyOpenAI({ status: 404, message: 'not listed' }, this.context(this.name, undefined)).error;
    return modelInfoFrom(entry);
  }

  /** Loaded on first use: `oryon --version` and friends never pay for the SDK. */
  private loadSdk(): Promise<typeof OpenAI> {
    return (this.sdk ??= import('openai').then((module) => module.default));
  }

  private client(): Promise<OpenAI> {
    return this.loadSdk().then(
      (OpenAIClass) =>
        new OpenAIClass({
          baseURL: this.baseUrl,
          // The SDK insists on a key; without one the Authorization header is removed below.
          apiKey: this.apiKey ?? 'unused',
          defaultHeaders: this.apiKey ? {} : { Authorization: null },
          organization: null,
          project: null,
          maxRetries: 0,
          timeout: this.config.request_timeout_ms,
          logLevel: 'off',
        }),
    );
  }

  private async once<T>(options: { signal?: AbortSignal; timeoutMs?: number }, model: string, run: (scope: Scope) => Promise<T>): Promise<T> {
    return this.retryingWith({ signal: options.signal, attempts: 1, requestTimeoutMs: options.timeoutMs ?? this.config.request_timeout_ms }, model, run);
  }

  private retrying<T>(signal: AbortSignal | undefined, model: string, run: (scope: Scope) => Promise<T>, firstToken = false): Promise<T> {
    return this.retryingWith({ signal, attempts: this.config.max_retries + 1, requestTimeoutMs: this.config.request_timeout_ms, firstToken }, model, run);
  }

  private async retryingWith<T>(
    options: { signal: AbortSignal | undefined; attempts: number; requestTimeoutMs: number; firstToken?: boolean },
    model: string,
    run: (scope: Scope) => Promise<T>,
  ): Promise<T> {
    // The SDK loads before the timers start: its first import is no model's slowness.
    await this.loadSdk();
    return withRetries(
      {
        signal: options.signal,
        attempts: options.attempts,
        retryBaseMs: this.retryBaseMs,
        requestTimeoutMs: options.requestTimeoutMs,
        firstTokenTimeoutMs: options.firstToken ? this.config.first_token_timeout_ms : undefined,
        classify: (error, aborted) => classifyOpenAI(error, { ...this.context(model, aborted), requestTimeoutMs: options.requestTimeoutMs }),
      },
      run,
    );
  }

  private context(model: string, aborted: AbortReason | undefined) {
    return {
      baseUrl: this.baseUrl,
      model,
      apiKeyEnv: this.config.api_key_env,
      firstTokenTimeoutMs: this.config.first_token_timeout_ms,
      requestTimeoutMs: this.config.request_timeout_ms,
      aborted,
    };
  }
}

function readApiKey(name: string | null | undefined, env: NodeJS.ProcessEnv): string | null {
  if (!name) return null;
  const value = env[name];
  if (!value) {
    throw new ModelUnavailableError(`model.api_key_env names ${name}, which is not set`, {
      hint: `export ${name}=<your key> before running oryon, or remove model.api_key_env if the server needs no key`,
    });
  }
  return value;
}

/** Context length keys servers use: vLLM max_model_len, LM Studio/OpenRouter context_length, llama-server meta.n_ctx_train. */
export function modelInfoFrom(entry: Record<string, unknown>): ModelInfo {
  const meta = (entry.meta ?? {}) as Record<string, unknown>;
  const candidates = [entry.max_model_len, entry.context_length, entry.context_window, meta.n_ctx, meta.n_ctx_train];
  const contextLength = candidates.find((value): value is number => typeof value === 'number' && value > 0);
  return contextLength ? { contextLength } : {};
}

export function createOpenAICompatibleModel(config: ModelConfig, options?: OpenAIClientOptions): OpenAICompatibleModel {
  return new OpenAICompatibleModel(config, options);
}

export function createOpenAICompatibleEmbedder(config: ModelConfig, options?: OpenAIClientOptions): Embedder {
  const model = createOpenAICompatibleModel(config, options);
  return { id: `openai-compatible:${config.embedding_model}`, embed: (texts, signal) => model.embed(texts, signal) };
}
