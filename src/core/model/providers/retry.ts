// The attempt loop every HTTP provider shares: one scope per attempt (caller's signal,
// first-token and overall timers), backoff between attempts, and a stop at the first
// failure that another attempt cannot fix.
import { ModelUnavailableError, type OryonError } from '../../errors.js';
import type { AbortReason, Classified } from '../ollama-errors.js';
import { backoffMs, openScope, sleep, type Scope } from '../request-scope.js';

export interface RetryOptions {
  signal: AbortSignal | undefined;
  attempts: number;
  retryBaseMs: number;
  requestTimeoutMs: number;
  /** Set for streamed chat requests: the first chunk must arrive within it. */
  firstTokenTimeoutMs?: number | undefined;
  classify(error: unknown, aborted: AbortReason | undefined): Classified;
}

export async function withRetries<T>(options: RetryOptions, run: (scope: Scope) => Promise<T>): Promise<T> {
  let last: OryonError | undefined;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    if (attempt > 0) {
      try {
        await sleep(backoffMs(attempt - 1, options.retryBaseMs), options.signal);
      } catch (error) {
        throw options.classify(error, 'user').error;
      }
    }
    const scope = openScope({ signal: options.signal, timeoutMs: options.requestTimeoutMs, firstTokenTimeoutMs: options.firstTokenTimeoutMs });
    try {
      return await run(scope);
    } catch (error) {
      const classified = options.classify(error, scope.reason);
      if (!classified.transient) throw classified.error;
      last = classified.error;
    } finally {
      scope.dispose();
    }
  }
  throw new ModelUnavailableError(`${last!.message} (gave up after ${options.attempts} attempts)`, { hint: last!.hint, cause: last });
}
