// Per-request plumbing for the ollama client: one AbortController per attempt that the
// caller's signal and our timers can trip, and a fetch that carries it.
import type { AbortReason } from './ollama-errors.js';

export interface Scope {
  signal: AbortSignal;
  /** Why the scope aborted, once it has. */
  readonly reason: AbortReason | undefined;
  /** Called when the first chunk arrives: stops the first-token timer. */
  gotFirstChunk(): void;
  dispose(): void;
}

export function openScope(options: { signal?: AbortSignal | undefined; firstTokenTimeoutMs?: number | undefined; timeoutMs: number }): Scope {
  const controller = new AbortController();
  let reason: AbortReason | undefined;
  const abort = (why: AbortReason) => {
    reason ??= why;
    controller.abort();
  };
  const onUser = () => abort('user');
  if (options.signal?.aborted) abort('user');
  options.signal?.addEventListener('abort', onUser, { once: true });
  const overall = setTimeout(() => abort('overall'), options.timeoutMs);
  let firstToken = options.firstTokenTimeoutMs === undefined ? undefined : setTimeout(() => abort('first-token'), options.firstTokenTimeoutMs);
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    gotFirstChunk() {
      if (firstToken) clearTimeout(firstToken);
      firstToken = undefined;
    },
    dispose() {
      clearTimeout(overall);
      if (firstToken) clearTimeout(firstToken);
      options.signal?.removeEventListener('abort', onUser);
    },
  };
}

/**
 * A fetch for `new Ollama({ fetch })` that also obeys `signal`. It rewrites non-JSON
 * error bodies as `{"error": text}` because the ollama client logs to stdout when it
 * meets one, and stdout is reserved for results.
 */
export function scopedFetch(signal: AbortSignal): typeof fetch {
  return async (input, init) => {
    const signals = [signal, init?.signal].filter((s): s is AbortSignal => Boolean(s));
    const response = await fetch(input, { ...init, signal: anySignal(signals) });
    if (response.ok || response.headers.get('content-type')?.includes('application/json')) return response;
    const text = (await response.text()).trim();
    return new Response(JSON.stringify({ error: text || response.statusText || `HTTP ${response.status}` }), {
      status: response.status,
      statusText: response.statusText,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  if (signals.length === 1) return signals[0]!;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) controller.abort();
    else s.addEventListener('abort', () => controller.abort(), { once: true });
  }
  return controller.signal;
}

/** Exponential backoff with a little jitter: base, 2×base, 4×base… */
export function backoffMs(attempt: number, baseMs: number): number {
  return Math.round(baseMs * 2 ** attempt * (1 + Math.random() * 0.2));
}

/** Sleeps, waking early (and rejecting) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
