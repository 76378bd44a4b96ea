import type { Config, Mode } from '../../config/schema.js';
import type { CodeSearch, ToolDefinition } from '../agent-tools/types.js';
import type { ApplyOptions, ApplyResult } from '../edit/types.js';
import type { Journal } from '../journal/journal.js';
import type { ChatModel } from '../model/types.js';
import type { ApprovalAction, Policy } from '../policy/schema.js';
import type { SandboxRunner } from '../sandbox/types.js';
import type { MemorySeam } from './context.js';
import type { EditFormatSetting } from './edit-format.js';

export interface GateFinding {
  gate: string;
  rule: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  suppressed?: string;
  blocking: boolean;
}

/** The change gates (lint, security, secrets...), run after the tests pass. */
export type GatesSeam = (context: {
  worktree: string;
  /** The commit the worktree started from: the change under check is base..worktree. */
  base: string;
  changedFiles: string[];
  runId: string;
  signal?: AbortSignal | undefined;
  /** The run's sandbox, with the project's installed environment shared (lint needs it too). */
  sandbox?: SandboxRunner | undefined;
}) => Promise<{
  passed: boolean;
  findings: GateFinding[];
  /** What to tell the model about the blocking findings. */
  feedback: string;
  /** Policy decisions the gates took (journaled with the run). */
  decisions?: Array<{ kind: string; subject: string; allowed: boolean; rule: string; reason: string }>;
  /** Said to the user once per run (the repo's Semgrep rules could not run). */
  notices?: string[];
}>;

/** What the user is shown before a commit, and what they may answer (an approval port: the core never imports a UI). */
export interface ApprovalRequest {
  runId: string;
  /** What is to be approved (default commit); chat's prompt and the terminal question name it. */
  action?: ApprovalAction;
  /** One line on what exactly: the branch to push, the merge to make. */
  subject?: string;
  diffstat: string;
  diff: string;
  tests: { command: string | null; passed: boolean | null };
  gates: 'passed' | 'not run';
}
export type ApprovalAnswer =
  | { answer: 'yes'; via?: string }
  | { answer: 'no'; via?: string }
  | { answer: 'edit'; request: string }
  /** Nobody can be asked (no terminal, no --yes for the action): the run stops with exit 4. */
  | { answer: 'unavailable'; hint?: string };
export type ApprovalPort = (request: ApprovalRequest) => Promise<ApprovalAnswer>;

export type ApplyEdits = (repoRoot: string, modelText: string, options: ApplyOptions) => Promise<ApplyResult>;

export type ToolSources = (context: { worktree: string; sandbox: SandboxRunner; signal?: AbortSignal | undefined }) => Promise<{
  tools: ToolDefinition[];
  problems: Array<{ server: string; message: string }>;
  close(): Promise<void>;
}>;

export interface FixOptions {
  repoRoot: string;
  issue: string;
  config: Config;
  policy: Policy;
  /** ORYON_HOME. */
  home: string;
  model: ChatModel;
  sandbox: SandboxRunner;
  journal: Journal;
  /** The requested mode (the policy may cap it); default config.agent.mode. */
  mode?: Mode | undefined;
  /** Branch start (default HEAD). */
  base?: string | undefined;
  signal?: AbortSignal | undefined;
  /** --test-command: overrides config and detection. */
  testCommand?: string | undefined;
  maxIterations?: number | undefined;
  editFormat?: EditFormatSetting | undefined;
  /** Prompt templates that replace the packaged ones of the same name (`oryon bench --prompts`). */
  promptsDir?: string | undefined;
  /**
   * The repository is a scratch copy thrown away after the run (`oryon bench`): the
   * worktree is then deleted without asking git to forget it, one git process less.
   */
  scratchRepo?: boolean | undefined;
  gates?: GatesSeam | undefined;
  memory?: MemorySeam | undefined;
  /** The edit engine (default applyEditText); injectable for tests. */
  applyEdits?: ApplyEdits | undefined;
  runId?: string | undefined;
  /** Extra environment for `git commit` (author identity). */
  commitEnv?: Record<string, string> | undefined;
  /** Tools beyond oryon's own (plugins'), offered under agent.tools like the rest. */
  tools?: readonly ToolDefinition[] | undefined;
  /**
   * Tool sources started for the run, in its worktree (MCP servers): their tools join the
   * rest; a source that fails is a notice and a journaled denial, and the run goes on.
   */
  toolSources?: ToolSources | undefined;
  /** search_code's hybrid memory search; without it search_code searches literally. */
  searchCode?: CodeSearch | undefined;
  /** Files the user pointed at (chat's @path): ranked first in the context. */
  focusFiles?: readonly string[] | undefined;
  /** Asked before committing (chat), and for every `approvals.<action>: ask`; without it, a passing run commits. */
  approve?: ApprovalPort | undefined;
  /**
   * Asked only for the actions the policy's `approvals` section marks `ask` (oryon fix:
   * the terminal, or --yes). Takes precedence over `approve` for those actions.
   */
  ask?: ApprovalPort | undefined;
  /**
   * Commit onto this branch (a chat thread's), which must point at `base` (or not exist
   * yet), instead of a new `oryon/<slug>`.
   */
  branch?: string | undefined;
}
