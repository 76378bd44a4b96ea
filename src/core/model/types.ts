// The one model interface the core talks to. The Ollama client implements it over
// HTTP; the scripted model implements it in memory for unit tests.

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** On an assistant message: the tools it called (native tool calling). */
  toolCalls?: ToolCall[];
  /** On a tool message: the tool whose result this is. */
  toolName?: string;
}

/** A tool offered to the model: its name, what it does, and its arguments as JSON schema. */
export interface ToolSpec {
  name: string;
  description: string;
  /** A JSON schema object ({ type: 'object', properties, required }). */
  parameters: Record<string, unknown>;
}

/** One call the model asked for; arguments are unvalidated until the tool's schema checks them. */
export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface Usage {
  /** prompt_eval_count: tokens the server actually read. */
  promptTokens: number;
  /** eval_count: tokens generated. */
  completionTokens: number;
  /** Durations from the final chunk, converted from ns to ms. */
  totalMs: number;
  loadMs: number;
  promptMs: number;
  evalMs: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** JSON schema passed as Ollama's `format` for structured output. */
  format?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Called with each visible content fragment as it streams (think text excluded). */
  onText?: (text: string) => void;
  /** Tools offered natively (only to models whose capabilities include tools). */
  tools?: ToolSpec[];
}

export interface ChatReply {
  /** Visible content, with any <think>…</think> sections removed. */
  content: string;
  /** Reasoning text (the `thinking` field and <think> sections), kept for the journal. */
  thinking: string;
  usage: Usage;
  model: string;
  /** The prompt-token estimate made before sending. */
  estimatedPromptTokens: number;
  /** Set when prompt_eval_count suggests the server dropped part of the prompt. */
  truncationWarning?: string;
  /** Tools the model called natively, in order (absent or empty: a plain answer). */
  toolCalls?: ToolCall[];
  /** Which endpoint answered and why earlier ones were passed over (set by the routed model). */
  route?: ReplyRoute;
  /** Text of streams cut mid-reply and retried from the start: journaled, never applied. */
  discarded?: string[];
}

/** One endpoint a request went to, or was passed over for. */
export interface EndpointAttempt {
  /** "provider base-url model", e.g. "openai-compatible http://gpu-2:8000/v1 qwen2.5-coder-7b". */
  endpoint: string;
  /** Why it did not answer (its error message), or why it was not tried (back-off). */
  reason: string;
  hint?: string;
}

export interface ReplyRoute {
  /** The endpoint that answered. */
  endpoint: string;
  /** Endpoints tried or passed over first, in order. */
  skipped: EndpointAttempt[];
}

/** What the server says about a model (`/api/show`); every field may be unknown. */
export interface ModelInfo {
  contextLength?: number;
  family?: string;
  /** As Ollama reports it, e.g. "7.6B" or "494.03M". */
  parameterSize?: string;
  /** As Ollama reports them, e.g. ["completion", "tools"]. */
  capabilities?: string[];
}

export interface ChatModel {
  readonly name: string;
  /** The context window every request uses (never varied between requests). */
  readonly numCtx: number;
  chat(request: ChatRequest): Promise<ChatReply>;
  /** Facts about the model that shape prompts (size, context length), when known. */
  info?(options?: { signal?: AbortSignal }): Promise<ModelInfo>;
  /** Whether `tools` on a request is understood natively; without it oryon uses the plain-text fallback. */
  supportsTools?(options?: { signal?: AbortSignal }): Promise<boolean>;
}

export interface Embedder {
  /** Identifies the embedder and its model, e.g. "ollama:nomic-embed-text" or "offline:v1". */
  readonly id: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  /**
   * For an embedder still being chosen (memory's `auto` probe, see lazyEmbedder): settles
   * once `id` is final. A caller that reads `id` before its first `embed` awaits it.
   */
  ready?(): Promise<void>;
}
