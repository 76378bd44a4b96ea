// Turns what fetch and the ollama client throw into oryon's typed errors, and says
// which failures are worth another attempt (5xx, a dropped stream) and which are not
// (server down, model missing, bad request).
import { InterruptedError, ModelUnavailableError, type OryonError } from '../errors.js';

export interface Classified {
  error: OryonError;
  /** A later attempt may succeed. */
  transient: boolean;
}

/** Why our own controller aborted the request, if it did. */
export type AbortReason = 'user' | 'first-token' | 'overall';

export interface ErrorContext {
  host: string;
  model: string;
  firstTokenTimeoutMs: number;
  requestTimeoutMs: number;
  aborted: AbortReason | undefined;
}

export const OLLAMA_DOWNLOAD = 'https://ollama.com/download';

export function unreachableError(host: string, cause?: unknown): ModelUnavailableError {
  return new ModelUnavailableError(`cannot reach Ollama at ${host} — start it with "ollama serve" or set OLLAMA_HOST`, {
    hint: `not installed? get it from ${OLLAMA_DOWNLOAD}`,
    cause,
  });
}

export function modelMissingError(model: string, cause?: unknown): ModelUnavailableError {
  return new ModelUnavailableError(`model "${model}" is not pulled — run "ollama pull ${model}"`, {
    hint: 'or choose another model with --model, ORYON_MODEL or model.name in .oryon/config.yaml',
    cause,
  });
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** fetch refuses some ports outright (the WHATWG "bad port" list: 1, 9, 6000…) and says only "bad port". */
function isBadPort(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current.message === 'bad port') return true;
    current = current.cause;
  }
  return false;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const nested = (current as { cause?: unknown; errors?: unknown[] }).errors?.[0] ?? (current as { cause?: unknown }).cause;
    current = nested;
  }
  return undefined;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status_code?: unknown } | null)?.status_code;
  return typeof status === 'number' ? status : undefined;
}

export function classify(error: unknown, context: ErrorContext): Classified {
  if (context.aborted === 'user') return { error: new InterruptedError('interrupted', { cause: error }), transient: false };
  if (context.aborted === 'first-token') {
    return {
      error: new ModelUnavailableError(`Ollama at ${context.host} sent nothing for ${seconds(context.firstTokenTimeoutMs)} (model.first_token_timeout_ms)`, {
        hint: `the model may still be loading; raise model.first_token_timeout_ms or check "ollama ps"`,
        cause: error,
      }),
      transient: false,
    };
  }
  if (context.aborted === 'overall') {
    return {
      error: new ModelUnavailableError(`Ollama's reply took longer than ${seconds(context.requestTimeoutMs)} (model.request_timeout_ms)`, {
        hint: 'raise model.request_timeout_ms or use a smaller model',
        cause: error,
      }),
      transient: false,
    };
  }

  const message = error instanceof Error ? error.message : String(error);
  const status = statusOf(error);
  if (status !== undefined) {
    if (status === 404 || /not found/i.test(message)) return { error: modelMissingError(context.model, error), transient: false };
    const wrapped = new ModelUnavailableError(`Ollama answered ${status}: ${message}`, {
      hint: 'check the Ollama server log (journalctl -u ollama, or ~/.ollama/logs/server.log)',
      cause: error,
    });
    return { error: wrapped, transient: status >= 500 };
  }

  const code = causeCode(error);
  if (code && CONNECT_CODES.has(code)) return { error: unreachableError(context.host, error), transient: false };
  if (isBadPort(error)) {
    // Not "start Ollama": it may well be running; oryon just cannot use that port.
    const port = new URL(context.host).port;
    const message = `cannot connect to Ollama at ${context.host}: fetch refuses port ${port} — serve Ollama on another port (its default is 11434) and point OLLAMA_HOST at it`;
    return { error: new ModelUnavailableError(message, { cause: error }), transient: false };
  }
  // A model that is not pulled can also surface as an error line inside the stream.
  if (/model .*not found/i.test(message)) return { error: modelMissingError(context.model, error), transient: false };

  // Dropped connections: undici says "terminated" / ECONNRESET; the ollama client says
  // "Did not receive done" when the stream ends early; an {"error"} line mid-stream.
  return {
    error: new ModelUnavailableError(`the connection to Ollama at ${context.host} failed: ${describe(error)}`, {
      hint: 'check the Ollama server log (journalctl -u ollama, or ~/.ollama/logs/server.log)',
      cause: error,
    }),
    transient: true,
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = causeCode(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))}s`;
}
