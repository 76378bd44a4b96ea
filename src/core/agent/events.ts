import type { Mode } from '../../config/schema.js';
import type { ApprovalAction } from '../policy/schema.js';
import type { Plan } from './plan.js';

// The fix loop speaks only in these events; the CLI's progress lines, `--json` and the
// chat UI all subscribe to the same stream.

export type ModelPurpose = 'plan' | 'edit' | 'reflect';
/** Whose tool call: a step of the loop, or `ask`, a chat question answered with tools (no run). */
export type ToolPurpose = ModelPurpose | 'ask';

export type FixEvent =
  | { type: 'run-started'; runId: string; mode: Mode; requestedMode: Mode; model: string; base: string; maxIterations: number }
  | { type: 'notice'; message: string }
  | { type: 'worktree'; path: string; cleanedStale: string[] }
  | { type: 'environment'; shared: string[]; venv: string | null }
  | { type: 'setup'; command: string }
  | { type: 'context'; files: number; shown: string[]; omitted: Array<{ path: string; reason: string }>; tokens: number }
  | { type: 'model-start'; purpose: ModelPurpose; iteration: number; promptTokens: number }
  | { type: 'model-text'; text: string }
  | { type: 'model-done'; purpose: ModelPurpose; promptTokens: number; completionTokens: number; ms: number }
  | {
      type: 'tool-call';
      purpose: ToolPurpose;
      iteration: number;
      name: string;
      args: Record<string, unknown>;
      ok: boolean;
      bytes: number;
      ms: number;
      cached: boolean;
      error?: string;
    }
  | { type: 'plan'; plan: Plan }
  | { type: 'iteration'; iteration: number; max: number }
  | { type: 'edit'; iteration: number; files: string[]; ok: true }
  | { type: 'edit-failed'; iteration: number; reflection: number; feedback: string }
  | { type: 'test-start'; command: string[] }
  | { type: 'test'; passed: boolean; failed: number | undefined; exitCode: number | null; timedOut: boolean; durationMs: number }
  | { type: 'gates'; passed: boolean; feedback: string }
  | { type: 'doom-loop'; message: string }
  | { type: 'diff'; diff: string; diffstat: string }
  | { type: 'approval'; answer: 'yes' | 'no' | 'edit'; action?: ApprovalAction; request?: string }
  | { type: 'commit'; branch: string; commit: string }
  /** autopilot/sovereign: each publishing step, done or not and why (the URL when there is one). */
  | { type: 'publish'; action: PublishAction; done: boolean; message: string; url?: string; command?: string };

/** One tool call, as the loop and the chat's ask turns report it. */
export type ToolCallEvent = Extract<FixEvent, { type: 'tool-call' }>;

export type PublishAction = 'pr-description' | 'push' | 'open_pr' | 'review' | 'merge' | 'push-base';

/** What autopilot and sovereign did after the commit (FixResult.publish). */
export interface PublishOutcome {
  description: string;
  steps: Array<{ action: PublishAction; done: boolean; message: string; url?: string; command?: string }>;
  merged: boolean;
}

export type FixStatus = 'succeeded' | 'failed' | 'interrupted' | 'error';

export interface FixResult {
  runId: string;
  status: FixStatus;
  mode: Mode;
  branch: string | null;
  commit: string | null;
  filesChanged: string[];
  iterations: number;
  tokens: { prompt: number; completion: number };
  modelMs: number;
  wallMs: number;
  tests: { command: string | null; passed: boolean | null };
  plan: Plan | null;
  diff: string;
  diffstat: string;
  /** Why the run did not succeed, in one line. */
  reason: string | null;
  /** autopilot and sovereign: the PR description and each publishing step. */
  publish?: PublishOutcome;
  /** Set when the user answered "edit" at the approval: what to change instead. */
  editRequest?: string;
  /** For status 'error' (and 'interrupted'): the typed error the CLI reports. */
  error?: unknown;
}

/** The `--json` document (SPEC / issue 4). */
export function resultDocument(result: FixResult): Record<string, unknown> {
  return {
    run_id: result.runId,
    status: result.status,
    mode: result.mode,
    branch: result.branch,
    commit: result.commit,
    files_changed: result.filesChanged,
    iterations: result.iterations,
    tokens: { prompt: result.tokens.prompt, completion: result.tokens.completion },
    model_ms: Math.round(result.modelMs),
    wall_ms: Math.round(result.wallMs),
    tests: { command: result.tests.command, passed: result.tests.passed },
    ...(result.publish ? { publish: { steps: result.publish.steps, merged: result.publish.merged } } : {}),
  };
}
