// Turns what the `openai` client and fetch throw into oryon's typed errors for an
// OpenAI-compatible server (llama-server, vLLM, LM Studio, LocalAI, TGI), and says which
// failures are worth another attempt (5xx, 429, a dropped or garbled stream).
import { InterruptedError, ModelUnavailableError } from '../../errors.js';
import type { AbortReason, Classified } from '../ollama-errors.js';

export interface OpenAIErrorContext {
  baseUrl: string;
  model: string;
  apiKeyEnv: string | null;
  firstTokenTimeoutMs: number;
  requestTimeoutMs: number;
  aborted: AbortReason | undefined;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

export function openaiUnreachableError(baseUrl: string, cause?: unknown): ModelUnavailableError {
  return new ModelUnavailableError(
    `cannot reach the OpenAI-compatible server at ${baseUrl} — start it (llama-server, vllm serve, LM Studio…) or fix model.base_url`,
    { hint: 'the base URL usually ends in /v1, e.g. http://127.0.0.1:8080/v1', cause },
  );
}

export function openaiModelMissingError(model: string, baseUrl: string, cause?: unknown): ModelUnavailableError {
  return new ModelUnavailableError(`model "${model}" is not served at ${baseUrl} — list what it serves with: curl ${baseUrl}/models`, {
    hint: 'for Ollama run "ollama pull <model>"; otherwise load the model in the server, or set model.name to one it lists',
    cause,
  });
}

export function classifyOpenAI(error: unknown, context: OpenAIErrorContext): Classified {
  const where = `the OpenAI-compatible server at ${context.baseUrl}`;
  if (context.aborted === 'user') return { error: new InterruptedError('interrupted', { cause: error }), transient: false };
  if (context.aborted === 'first-token') {
    return {
      error: new ModelUnavailableError(`${where} sent nothing for ${seconds(context.firstTokenTimeoutMs)} (model.first_token_timeout_ms)`, {
        hint: 'the model may still be loading; raise model.first_token_timeout_ms',
        cause: error,
      }),
      transient: false,
    };
  }
  if (context.aborted === 'overall') {
    return {
      error: new ModelUnavailableError(`the reply from ${where} took longer than ${seconds(context.requestTimeoutMs)} (model.request_timeout_ms)`, {
        hint: 'raise model.request_timeout_ms or use a smaller model',
        cause: error,
      }),
      transient: false,
    };
  }
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === 'number') {
    if (status === 404) return { error: openaiModelMissingError(context.model, context.baseUrl, error), transient: false };
    if (status === 401 || status === 403) {
      const fix = context.apiKeyEnv
        ? `check the key in $${context.apiKeyEnv} (named by model.api_key_env)`
        : 'set model.api_key_env in ~/.config/oryon/config.yaml to the NAME of the environment variable holding the key';
      return { error: new ModelUnavailableError(`${where} refused the request (${status}): ${message}`, { hint: fix, cause: error }), transient: false };
    }
    const wrapped = new ModelUnavailableError(`${where} answered ${status}: ${message}`, { hint: "check the server's log", cause: error });
    return { error: wrapped, transient: status >= 500 || status === 429 };
  }
  const code = causeCode(error);
  if (code && CONNECT_CODES.has(code)) return { error: openaiUnreachableError(context.baseUrl, error), transient: false };
  // A stream cut mid-reply ("terminated", ECONNRESET), a garbled SSE line (a JSON parse
  // error) or an error event inside the stream: the next attempt starts the request over.
  return {
    error: new ModelUnavailableError(`the connection to ${where} failed: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`, {
      hint: "check the server's log",
      cause: error,
    }),
    transient: true,
  };
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { errors?: unknown[] }).errors?.[0] ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))}s`;
}
