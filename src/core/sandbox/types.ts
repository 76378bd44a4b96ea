// The contract between the core (fix loop, lint gate, `oryon sandbox`) and the runner.

export interface SandboxRequest {
  /** argv; argv[0] is looked up on PATH inside the sandbox. */
  argv: string[];
  /** The directory mounted (read-write when `writable`; a worktree); the command runs here. */
  cwd: string;
  signal?: AbortSignal;
  /** Overrides of the policy's limits for this call. */
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** Extra variables, added after the allowlist scrub (never secrets). */
  env?: Record<string, string>;
  /** Standard input for the command. */
  input?: string;
  /**
   * Mount cwd read-write. Off by default: lint and `oryon sandbox` see a read-only
   * checkout; only the fix loop's test runs (and `oryon sandbox --write`) write.
   */
  writable?: boolean;
  /** The project's installed environment, bound read-only into cwd (see core/env). */
  shared?: readonly SharedMount[];
  /** Folders put first on the sandbox's PATH (a virtualenv's bin, node_modules/.bin). */
  pathPrepend?: readonly string[];
  /** 'install': a dependency install step, which gets network only when the policy's network.install allows it. */
  purpose?: 'install';
  /**
   * A person approved exactly this argv (`approvals.command: ask`): runs although it is not
   * in commands.allow. Set only by ApprovingRunner, for the argv that was approved.
   */
  approvedBy?: string;
}

/** A folder of the user's installed environment seen read-only at `target` inside the sandbox. */
export interface SharedMount {
  source: string;
  target: string;
  /** Cache folders under target that get a private, writable tmpfs. */
  tmpfs: readonly string[];
}

export interface SandboxResult {
  argv: string[];
  exitCode: number | null;
  /** Set when the process died by a signal (including our timeout kill). */
  signal: string | null;
  /** stdout and stderr interleaved as produced, capped. */
  output: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  outputTruncated: boolean;
  /** 'bwrap' when fully isolated; 'none' when best-effort ran without bubblewrap. */
  isolation: 'bwrap' | 'none';
  durationMs: number;
  /** Set when oryon ended the command: the policy rule and why (timeout, process limit). */
  killedBy?: { rule: string; reason: string };
  /**
   * Files in the worktree that had setuid/setgid bits after the run; the bits were removed
   * (`stripped`), unless the file is hard-linked from outside the worktree.
   */
  setIdStripped?: Array<{ path: string; mode: number; stripped: boolean }>;
  /** Nested repositories (`.git` below the root) the command created; removed after the run. */
  nestedGitRemoved?: string[];
}

export interface SandboxRunner {
  readonly isolation: 'bwrap' | 'none';
  run(request: SandboxRequest): Promise<SandboxResult>;
  /**
   * The command line that starts a long-lived process (an MCP stdio server) in the
   * sandbox, for the caller to spawn and talk to over stdin/stdout: the same file and
   * network view as a read-only run, the environment scrubbed. No time or output limit
   * applies (the caller ends it); the policy's commands.allow does.
   */
  spawnCommand?(request: { argv: string[]; cwd: string; env?: Record<string, string> }): Promise<SpawnCommand>;
  /**
   * Starts looking up what runs in `cwd` will need and no run can change (where git's
   * hooks live), so the first run does not wait for it: a fix run calls it once its
   * worktree exists. Optional, and a no-op where there is nothing to prepare.
   */
  prepare?(cwd: string): void;
}

export interface SpawnCommand {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  isolation: 'bwrap' | 'none';
}
