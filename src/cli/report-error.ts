// The CLI edge's last step, free of commander so the pre-commit gate's direct path
// (fast-paths.ts) reports failures exactly as the full CLI does: typed errors become one
// message, a hint and their exit code; anything else is "unexpected" (exit 1).
import { OryonError } from '../core/errors.js';

export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof OryonError) {
    const text = error.message.startsWith('oryon') ? error.message : `oryon: ${error.message}`;
    process.stderr.write(`${text}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`oryon: unexpected error: ${message}\n`);
  process.stderr.write(debug && error instanceof Error && error.stack ? `${error.stack}\n` : '  hint: run again with --debug for details\n');
  return 1;
}

/**
 * Failures outside the awaited command (a throw in a callback, a promise nobody awaited)
 * would otherwise crash with Node's stack trace; they end the same way as any other error.
 */
export function guardProcess(report: (error: unknown) => number): void {
  const crash = (error: unknown): void => {
    process.exitCode = report(error);
    process.exit();
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
