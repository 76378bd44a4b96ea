import { execFile } from 'node:child_process';
import { OryonError, ExitCode, InterruptedError } from '../errors.js';

/** A git command that failed; carries git's own stderr so callers can tell cases apart. */
export class GitError extends OryonError {
  readonly args: string[];
  readonly stderr: string;
  readonly code: number | null;
  constructor(args: string[], stderr: string, code: number | null) {
    const firstLine =
      stderr
        .trim()
        .split('\n')
        .find((line) => line.trim()) ?? `exit ${code}`;
    super(`git ${args[0] ?? ''}: ${firstLine}`, ExitCode.notDone);
    this.args = args;
    this.stderr = stderr;
    this.code = code;
  }
}

export interface GitOptions {
  cwd: string;
  signal?: AbortSignal | undefined;
  input?: string;
  /** Extra environment (author identity in tests, for instance). */
  env?: Record<string, string>;
}

// Variables that would point git at another repository or index. Inherited from a
// hook or a wrapper they could make a worktree command write the user's index.
const REDIRECTING_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

function gitEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
  for (const name of REDIRECTING_VARS) delete env[name];
  return { ...env, ...extra };
}

/** Run git without a shell; resolves with stdout, rejects with GitError (or InterruptedError on abort). */
export function git(args: string[], options: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd: options.cwd, env: gitEnv(options.env), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', signal: options.signal },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (options.signal?.aborted) return reject(new InterruptedError());
        const code = typeof (error as NodeJS.ErrnoException).code === 'number' ? (error as unknown as { code: number }).code : null;
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(new OryonError('git is not installed or not on PATH', ExitCode.badInput));
        }
        reject(new GitError(args, stderr || error.message, code));
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Like git(), but answers false instead of failing (for yes/no questions such as "does this ref exist?"). */
export async function gitSucceeds(args: string[], options: GitOptions): Promise<boolean> {
  try {
    await git(args, options);
    return true;
  } catch (error) {
    if (error instanceof GitError) return false;
    throw error;
  }
}
