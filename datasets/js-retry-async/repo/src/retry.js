/** Call fn(attempt) until it succeeds, at most `attempts` times, waiting delayMs between tries. */
export async function retry(fn, { attempts = 3, delayMs = 0 } = {}) {
  let lastError;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return fn(attempt);
    } catch (error) {
      lastError = error;
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
  throw lastError;
}
