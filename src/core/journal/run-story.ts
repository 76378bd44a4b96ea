// A run's whole story as plain data, read back from the journal: what `oryon runs show`
// prints, `--json` returns and `runs export` packs. Kept apart from the printing so the
// three views cannot drift.
import { maskSecrets } from '../gates/secrets.js';
import type { Journal } from './journal.js';
import type { RunRow, StepRow } from './types.js';

/** The fields every view of a run shares (a `runs list` row is just this). */
export interface RunSummary {
  run_id: string;
  status: string;
  mode: string;
  model: string;
  issue: string;
  repo: string;
  branch: string | null;
  commit: string | null;
  iterations: number | null;
  started_at: string;
  wall_ms: number | null;
}

export interface RunStory extends RunSummary {
  base: string | null;
  error: string | null;
  finished_at: string | null;
  plan: { summary?: string; steps?: string[]; files?: string[]; verify?: string; confidence?: number } | null;
  tokens: { prompt: number; completion: number };
  model_ms: number;
  diffstat: string | null;
  diff: string | null;
  /** What the context step saw: file counts, instruction files, what was left out, the test command. */
  context: ContextDetail | null;
  /** What memory recalled for the issue (chunks, lessons, or why it could not), null without memory. */
  memory: MemoryDetail | null;
  /** The installed environment shared with the worktree (folders, the virtualenv), null before issue 10's runs. */
  environment: EnvironmentDetail | null;
  /** `test.setup` commands and private dependency installs, with their output. */
  setup: Array<{ kind: string; command: string | null; outcome: string; output: string | null; durationMs?: number }>;
  tests: Array<{
    iteration: number;
    outcome: string;
    command?: string[];
    exitCode?: number | null;
    failed?: number | null;
    timedOut?: boolean;
    durationMs?: number;
    output: string | null;
  }>;
  steps: StepDocument[];
  /** The model's tool calls: what it asked, how big the answer was, how long it took. */
  tool_calls: Array<{
    iteration: number;
    purpose?: string;
    name: string;
    args: unknown;
    ok: boolean;
    cached: boolean;
    bytes: number;
    ms: number;
    error?: string;
  }>;
  decisions: Array<{ kind: string; subject: string; allowed: boolean; rule: string; reason: string }>;
  findings: Array<{
    gate: string;
    rule: string;
    severity: string;
    file: string | null;
    line: number | null;
    message: string;
    blocking: boolean;
    suppressed: string | null;
  }>;
}

export interface EnvironmentDetail {
  shared: Array<{ path: string; kind: string; source: string }>;
  venv: string | null;
  skipped: Array<{ path: string; reason: string }>;
  path: string[];
  isolation: string;
  findMs: number;
}

export interface StepDocument {
  seq: number;
  iteration: number;
  kind: string;
  outcome: string;
  tokens_in: number;
  tokens_out: number;
  model_ms: number;
  wall_ms: number;
  prompt: string | null;
  reply: string | null;
  thinking: string | null;
  detail: unknown;
  started_at: string;
}

export interface ContextDetail {
  files?: number;
  hidden?: number;
  instructions?: string[];
  /** The best-ranked files for the issue, with their scores. */
  ranked?: Array<{ path: string; score: number }>;
  omitted?: Array<{ path: string; reason: string }>;
  test?: string[] | null;
}

export interface MemoryDetail {
  files?: string[];
  chunks?: Array<{ path: string; startLine: number; endLine: number; score: number }>;
  lessons?: Array<{ runId: string; issue: string; score: number }>;
  error?: string;
}

function parseJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

const masked = (text: string | null): string | null => (text === null ? null : maskSecrets(text));

const iso = (ms: number): string => new Date(ms).toISOString();

export function runSummary(run: RunRow): RunSummary {
  const summary = parseJson<{ iterations?: number }>(run.summary_json);
  return {
    run_id: run.id,
    status: run.status,
    mode: run.mode,
    model: run.model,
    issue: run.issue,
    repo: run.repo,
    branch: run.branch,
    commit: run.commit_sha,
    iterations: summary?.iterations ?? null,
    started_at: iso(run.started_at),
    wall_ms: run.finished_at ? run.finished_at - run.started_at : null,
  };
}

function stepDocument(step: StepRow): StepDocument {
  return {
    seq: step.seq,
    iteration: step.iteration,
    kind: step.kind,
    outcome: step.outcome,
    tokens_in: step.tokens_in,
    tokens_out: step.tokens_out,
    model_ms: step.model_ms,
    wall_ms: step.wall_ms,
    // Prompts carry test and lint output back to the model: masked again on the way out,
    // so a run journaled before masking existed cannot leak through show or export.
    prompt: masked(step.prompt),
    reply: masked(step.reply),
    thinking: step.thinking,
    detail: parseJson(step.detail_json),
    started_at: iso(step.started_at),
  };
}

const sum = (steps: readonly StepRow[], key: 'tokens_in' | 'tokens_out' | 'model_ms'): number => steps.reduce((total, step) => total + step[key], 0);

/** The story of one run, by full id or unique prefix (exit 2 when none or several match). */
export function runStory(journal: Journal, idOrPrefix: string): RunStory {
  const run = journal.findRun(idOrPrefix);
  const steps = journal.steps(run.id);
  const summary = parseJson<{ diffstat?: string }>(run.summary_json);
  const contextStep = steps.find((step) => step.kind === 'context');
  const { memory, ...context } = parseJson<ContextDetail & { memory?: MemoryDetail | null }>(contextStep?.detail_json ?? null) ?? {};
  return {
    ...runSummary(run),
    base: run.base_ref,
    error: run.error,
    finished_at: run.finished_at ? iso(run.finished_at) : null,
    plan: parseJson(run.plan_json),
    tokens: { prompt: sum(steps, 'tokens_in'), completion: sum(steps, 'tokens_out') },
    model_ms: sum(steps, 'model_ms'),
    diffstat: summary?.diffstat ?? null,
    diff: run.diff,
    context: contextStep ? context : null,
    memory: memory ?? null,
    environment: parseJson<EnvironmentDetail>(steps.find((step) => step.kind === 'environment')?.detail_json ?? null),
    setup: steps
      .filter((step) => step.kind === 'setup' || step.kind === 'install')
      .map((step) => ({
        kind: step.kind,
        command: step.prompt,
        outcome: step.outcome,
        output: step.reply,
        ...(parseJson<{ durationMs?: number }>(step.detail_json) ?? {}),
      })),
    tests: steps
      .filter((step) => step.kind === 'test')
      .map((step) => ({ iteration: step.iteration, outcome: step.outcome, ...(parseJson<object>(step.detail_json) ?? {}), output: masked(step.reply) })),
    steps: steps.map(stepDocument),
    tool_calls: steps
      .filter((step) => step.kind === 'tool')
      .map((step) => {
        const detail = parseJson<{ purpose?: string; name: string; args: unknown; bytes: number; ms: number; cached: boolean; error?: string }>(
          step.detail_json,
        );
        return { iteration: step.iteration, ...detail!, ok: step.outcome !== 'error', cached: detail?.cached ?? false };
      }),
    decisions: journal.decisions(run.id).map((d) => ({ kind: d.kind, subject: d.subject, allowed: d.allowed === 1, rule: d.rule, reason: d.reason })),
    findings: journal.findings(run.id).map((f) => ({
      gate: f.gate,
      rule: f.rule,
      severity: f.severity,
      file: f.file,
      line: f.line,
      message: maskSecrets(f.message),
      blocking: f.blocking === 1,
      suppressed: f.suppressed,
    })),
  };
}
