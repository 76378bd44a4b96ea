import { OryonError, ExitCode } from '../errors.js';

/** A git command that failed; carries git's own stderr so callers can tell cases apart. */
export class GitError extends OryonError {
  readonly args: string[];
  readonly stderr: string;
  readonly code: number | null;
  constructor(args: readonly string[], stderr: string, code: number | null) {
    const firstLine =
      stderr
        .trim()
        .split('\n')
        .find((line) => line.trim()) ?? `exit ${code}`;
    super(`git ${args[0] ?? ''}: ${firstLine}`, ExitCode.notDone);
    this.args = [...args];
    this.stderr = stderr;
    this.code = code;
  }
}
