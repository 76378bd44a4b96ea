// The one module that owns simple-git: every async git call in src/core/git goes through
// a client built here, with oryon's environment, abort signal and error types.
import { GitConstructError, GitError as SimpleGitError, GitPluginError, simpleGit, type SimpleGit } from 'simple-git';
import { ExitCode, InterruptedError, OryonError } from '../errors.js';
import { GitError } from './git-error.js';

export interface GitOptions {
  cwd: string;
  signal?: AbortSignal | undefined;
  /** Written to git's stdin (a commit message for `-F -`). */
  input?: string;
  /** Extra environment (author identity in tests, for instance). */
  env?: Record<string, string>;
}

// Variables that would point git at another repository or index. Inherited from a
// hook or a wrapper they could make a worktree command write the user's index.
const REDIRECTING_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

/** The user's environment minus the redirecting variables, never prompting, in the C locale. */
export function gitEnv(extra?: Record<string, string>): Record<string, string> {
  const env: Record<string, string | undefined> = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
  for (const name of REDIRECTING_VARS) delete env[name];
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...env, ...extra })) if (value !== undefined) clean[name] = value;
  return clean;
}

// The settings oryon passes as `-c` (hooks off, no signing, quiet paths, no fsmonitor):
// simple-git blocks or warns about some of them unless named. Nothing else is let through.
const OWN_CONFIG_KEYS = new Set(
  ['core.hooksPath', 'commit.gpgsign', 'checkout.workers', 'core.quotePath', 'diff.noprefix', 'core.fsmonitor', 'core.untrackedCache'].map((key) =>
    key.toLowerCase(),
  ),
);

/** Which of oryon's own settings this call sets, in `-c` pairs among the global options before the subcommand. */
function ownConfigKeys(args: readonly string[], config: readonly string[]): string[] {
  const pairs = [...config];
  for (let i = 0; i < args.length && args[i]!.startsWith('-'); i++) if (args[i] === '-c' && args[i + 1] !== undefined) pairs.push(args[++i]!);
  return pairs.map((pair) => pair.split('=')[0]!.toLowerCase()).filter((key) => OWN_CONFIG_KEYS.has(key));
}

/**
 * A non-zero exit, carried from the errors plugin to toGitError (which knows the args). A
 * simple-git error class, or simple-git would wrap it in one and lose the fields.
 */
class GitExit extends SimpleGitError {
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(undefined, stderr);
  }
}

export interface ClientOptions extends GitOptions {
  /** `key=value` settings passed as `-c` to every command (typed tasks cannot take a `-c` prefix). */
  config?: string[];
}

/**
 * A simple-git client for one call. The environment is the user's own (no model writes it),
 * so its GIT_* variables are allowed past simple-git's environment guard, as they always
 * reached git; the argument guard (`--upload-pack`, `-c core.sshCommand=...`, custom
 * binaries) keeps its defaults, allowing only oryon's own settings where it sets them.
 * A client per call: its scheduler only ever runs that call's commands (a handful at most).
 */
export function gitClient(options: ClientOptions, args: readonly string[] = []): SimpleGit {
  const env = gitEnv(options.env);
  const config = options.config ?? [];
  const input = options.input;
  return simpleGit({
    baseDir: options.cwd,
    maxConcurrentProcesses: 4,
    trimmed: false,
    config,
    allowConfig: ownConfigKeys(args, config),
    allowEnvironment: Object.keys(env),
    // Only a user who set git's config-through-environment variables gets them through.
    unsafe: env.GIT_CONFIG_PARAMETERS !== undefined || env.GIT_CONFIG_COUNT !== undefined ? { allowUnsafeConfigEnvCount: true } : {},
    // Any non-zero exit fails the call, even with nothing on stderr (`rev-parse --quiet`,
    // `merge-base --is-ancestor`): simple-git alone would treat that as success.
    errors: (error, result) =>
      error instanceof GitPluginError || result.exitCode === 0 ? error : new GitExit(result.exitCode, Buffer.concat(result.stdErr).toString('utf8')),
    ...(options.signal ? { abort: options.signal } : {}),
    ...(input !== undefined ? { input: () => input } : {}),
  })
    .env(env)
    .outputHandler(markOutputEnd);
}

const NO_BYTES = Buffer.alloc(0);

/**
 * simple-git waits for the process's `close` event (all output read), and then, when git
 * printed nothing at all, sleeps another 50 ms before answering (a guard for callers that
 * only watch `exit`). Most of what oryon asks git is quiet (`add`, `commit -q`, `config`,
 * `worktree add`/`remove`, `update-ref`, a clean `status`), so that sleep was most of each
 * call: 62 ms instead of 11 ms here, about 400 ms of every bench task (docs/performance.md).
 * An empty chunk when stdout ends tells simple-git the process spoke; `close` still
 * decides when the answer is complete, and the chunk adds no bytes to it.
 */
function markOutputEnd(_command: string, stdout: NodeJS.ReadableStream): void {
  stdout.once('end', () => stdout.emit('data', NO_BYTES));
}

/** simple-git's failures as oryon's: GitError (args, stderr, exit code), InterruptedError, or no git at all. */
export function toGitError(error: unknown, args: readonly string[], signal?: AbortSignal): unknown {
  if (signal?.aborted || (error instanceof GitPluginError && error.plugin === 'abort')) return new InterruptedError();
  if (error instanceof GitExit) {
    if (/spawn \S*git ENOENT/.test(error.stderr)) return new OryonError('git is not installed or not on PATH', ExitCode.badInput);
    return new GitError(args, error.stderr, error.exitCode);
  }
  // A refused argument (plugin "unsafe"), a missing working directory, or a response
  // simple-git could not parse: git never ran or its answer is unusable.
  if (error instanceof GitConstructError || error instanceof SimpleGitError) return new GitError(args, error.message, null);
  return error;
}

/** Run typed simple-git calls; `args` names the command in errors (`git <args[0]>: ...`). */
export async function withGit<T>(options: ClientOptions, args: readonly string[], task: (client: SimpleGit) => Promise<T>): Promise<T> {
  try {
    return await task(gitClient(options, args));
  } catch (error) {
    throw toGitError(error, args, options.signal);
  }
}
