// Typed failures. Each carries the exit code from the SPEC; only the CLI edge turns
// them into a message (one line plus an optional hint) and a process exit.

export const ExitCode = {
  ok: 0,
  notDone: 1,
  badInput: 2,
  modelUnavailable: 3,
  policyDenied: 4,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class OryonError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCode, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options?.hint;
  }
}

/** Bad input: unknown flag, invalid config or policy file, not a git repo (exit 2). */
export class BadInputError extends OryonError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.badInput, options);
  }
}

/** The model server cannot serve us: unreachable, model not pulled, repeated 5xx (exit 3). */
export class ModelUnavailableError extends OryonError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.modelUnavailable, options);
  }
}

/** A policy rule refused the request; the message names the rule (exit 4). */
export class PolicyDeniedError extends OryonError {
  readonly rule: string;
  constructor(message: string, rule: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.policyDenied, options);
    this.rule = rule;
  }
}

/** The task could not be completed: tests or gates failed, edits failed, iterations ran out (exit 1). */
export class NotDoneError extends OryonError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.notDone, options);
  }
}

/** The user pressed Ctrl-C (exit 130). */
export class InterruptedError extends OryonError {
  constructor(message = 'interrupted', options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.interrupted, options);
  }
}

/** The model's reply could not be used (invalid JSON or schema mismatch after the retries). */
export class ModelReplyError extends OryonError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.notDone, options);
  }
}

/** A prompt that cannot fit the context window, even after the caller shrank it. */
export class ContextOverflowError extends OryonError {
  readonly estimatedTokens: number;
  readonly budgetTokens: number;
  constructor(estimatedTokens: number, budgetTokens: number) {
    super(`prompt needs about ${estimatedTokens} tokens but only ${budgetTokens} fit in the context window`, ExitCode.notDone, {
      hint: 'raise model.num_ctx in .oryon/config.yaml or narrow the task',
    });
    this.estimatedTokens = estimatedTokens;
    this.budgetTokens = budgetTokens;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error instanceof InterruptedError);
}
