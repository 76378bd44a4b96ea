/**
 * An AbortSignal that Ctrl-C (or SIGTERM) fires, so scanners stop and temp copies go
 * (exit 130), until dispose() hands the signals back.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** Stop what the signal governs, as Ctrl-C would. */
  abort: () => void;
  dispose: () => void;
}

export function abortOnSignals(): Interrupt {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    abort: onSignal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
