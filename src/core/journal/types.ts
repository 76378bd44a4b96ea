export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'interrupted', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export type StepKind =
  | 'context'
  | 'environment'
  | 'setup'
  | 'install'
  | 'plan'
  | 'edit'
  | 'reflect'
  | 'tool'
  | 'test'
  | 'gates'
  | 'commit'
  | 'review'
  | 'pr'
  | 'push'
  | 'merge'
  | 'undo';

export interface RunRow {
  id: string;
  repo: string;
  issue: string;
  mode: string;
  model: string;
  status: RunStatus;
  pid: number | null;
  /** The owning process's start time (see processStartTime), to tell a reused pid apart. */
  pid_started: string | null;
  base_ref: string | null;
  branch: string | null;
  commit_sha: string | null;
  worktree: string | null;
  plan_json: string | null;
  diff: string | null;
  summary_json: string | null;
  error: string | null;
  started_at: number;
  finished_at: number | null;
}

export interface StepRow {
  id: number;
  run_id: string;
  seq: number;
  iteration: number;
  kind: StepKind;
  prompt: string | null;
  reply: string | null;
  thinking: string | null;
  tokens_in: number;
  tokens_out: number;
  model_ms: number;
  wall_ms: number;
  outcome: string;
  detail_json: string | null;
  started_at: number;
}

export interface DecisionRow {
  id: number;
  run_id: string | null;
  repo: string;
  kind: string;
  subject: string;
  allowed: number;
  rule: string;
  reason: string;
  created_at: number;
}

export interface NewStep {
  iteration: number;
  kind: StepKind;
  prompt?: string | undefined;
  reply?: string | undefined;
  thinking?: string | undefined;
  tokensIn?: number;
  tokensOut?: number;
  modelMs?: number;
  wallMs: number;
  outcome: string;
  detail?: unknown;
  startedAt: number;
}

export interface NewDecision {
  kind: string;
  subject: string;
  allowed: boolean;
  rule: string;
  reason: string;
}

export interface NewFinding {
  gate: string;
  rule: string;
  severity: string;
  file?: string | undefined;
  line?: number | undefined;
  message: string;
  blocking: boolean;
  suppressed?: string | undefined;
}

export interface FindingRow {
  id: number;
  run_id: string | null;
  repo: string;
  gate: string;
  rule: string;
  severity: string;
  file: string | null;
  line: number | null;
  message: string;
  blocking: number;
  suppressed: string | null;
  created_at: number;
}
