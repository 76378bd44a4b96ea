import { mapStrings } from '../guardrails/map-strings.js';
import { BadInputError } from '../errors.js';
import type { Database } from '../store/db.js';
import { isPidAlive, processStartTime } from './pid.js';
import type { DecisionRow, FindingRow, NewDecision, NewFinding, NewStep, RunRow, RunStatus, StepRow } from './types.js';

export interface NewRun {
  id: string;
  repo: string;
  issue: string;
  mode: string;
  model: string;
  baseRef: string;
  pid: number;
  startedAt: number;
}

export interface RunUpdate {
  status?: RunStatus;
  branch?: string | null;
  commit_sha?: string | null;
  worktree?: string | null;
  plan_json?: string | null;
  diff?: string | null;
  summary_json?: string | null;
  error?: string | null;
  finished_at?: number | null;
  mode?: string;
}

const REDACTED = new Set(['plan_json', 'diff', 'summary_json', 'error']);
const UPDATABLE = new Set(['status', 'branch', 'commit_sha', 'worktree', 'plan_json', 'diff', 'summary_json', 'error', 'finished_at', 'mode']);

/** Whether the process that owns this run (same pid, same start time) still exists. */
export function isRunAlive(run: Pick<RunRow, 'pid' | 'pid_started'>): boolean {
  return isPidAlive(run.pid, run.pid_started);
}

/** The run journal: runs, their steps and policy decisions, over the 001-journal tables. */
export class Journal {
  private seq = new Map<string, number>();
  /**
   * Applied to every text the journal stores (issue, prompts, replies, plan, diff,
   * errors): the run's redactor, so the journal holds what the model saw, never the
   * secrets and PII it was spared. Identity unless a run sets it.
   */
  private redactor: ((text: string) => string) | undefined;

  setRedactor(redact: (text: string) => string): void {
    this.redactor = redact;
  }

  /** JSON texts are redacted leaf by leaf, so a placeholder never lands inside an escape. */
  private redact(text: string): string {
    if (!this.redactor) return text;
    if (/^[[{]/.test(text)) {
      try {
        return JSON.stringify(mapStrings(JSON.parse(text), this.redactor));
      } catch {
        // not JSON after all
      }
    }
    return this.redactor(text);
  }

  constructor(readonly db: Database) {
    this.recoverDeadRuns();
  }

  /**
   * A run left `running` by a process that no longer exists was interrupted (crash,
   * kill -9). A live pid with another start time is a reused pid: that run is dead too.
   */
  recoverDeadRuns(): string[] {
    const running = this.db.prepare(`SELECT id, pid, pid_started FROM runs WHERE status = 'running'`).all() as Array<
      Pick<RunRow, 'id' | 'pid' | 'pid_started'>
    >;
    const dead = running.filter((run) => !isRunAlive(run)).map((run) => run.id);
    const mark = this.db.prepare(
      `UPDATE runs SET status = 'interrupted', finished_at = COALESCE(finished_at, ?), error = COALESCE(error, 'the process ended without finishing the run') WHERE id = ? AND status = 'running'`,
    );
    const now = Date.now();
    for (const id of dead) mark.run(now, id);
    return dead;
  }

  createRun(run: NewRun): void {
    this.db
      .prepare(`INSERT INTO runs (id, repo, issue, mode, model, status, pid, pid_started, base_ref, started_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`)
      .run(run.id, run.repo, this.redact(run.issue), run.mode, run.model, run.pid, processStartTime(run.pid) ?? null, run.baseRef, run.startedAt);
    this.seq.set(run.id, 0);
  }

  updateRun(id: string, update: RunUpdate): void {
    const entries = Object.entries(update)
      .filter(([key, value]) => UPDATABLE.has(key) && value !== undefined)
      .map(([key, value]): [string, unknown] => [key, typeof value === 'string' && REDACTED.has(key) ? this.redact(value) : value]);
    if (entries.length === 0) return;
    const sets = entries.map(([key]) => `${key} = ?`).join(', ');
    this.db.prepare(`UPDATE runs SET ${sets} WHERE id = ?`).run(...entries.map(([, value]) => value), id);
  }

  addStep(runId: string, step: NewStep): number {
    const seq = (this.seq.get(runId) ?? this.maxSeq(runId)) + 1;
    this.seq.set(runId, seq);
    const result = this.db
      .prepare(
        `INSERT INTO steps (run_id, seq, iteration, kind, prompt, reply, thinking, tokens_in, tokens_out, model_ms, wall_ms, outcome, detail_json, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        seq,
        step.iteration,
        step.kind,
        step.prompt == null ? null : this.redact(step.prompt),
        step.reply == null ? null : this.redact(step.reply),
        step.thinking ? this.redact(step.thinking) : null,
        Math.round(step.tokensIn ?? 0),
        Math.round(step.tokensOut ?? 0),
        Math.round(step.modelMs ?? 0),
        Math.round(step.wallMs),
        step.outcome,
        step.detail === undefined ? null : JSON.stringify(this.redactor ? mapStrings(step.detail, this.redactor) : step.detail),
        step.startedAt,
      );
    return Number(result.lastInsertRowid);
  }

  addDecision(runId: string | null, repo: string, decision: NewDecision): void {
    this.db
      .prepare(`INSERT INTO decisions (run_id, repo, kind, subject, allowed, rule, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(runId, repo, decision.kind, decision.subject, decision.allowed ? 1 : 0, decision.rule, decision.reason, Date.now());
  }

  addFinding(runId: string | null, repo: string, finding: NewFinding): void {
    this.db
      .prepare(
        `INSERT INTO findings (run_id, repo, gate, rule, severity, file, line, message, blocking, suppressed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        runId,
        repo,
        finding.gate,
        finding.rule,
        finding.severity,
        finding.file || null,
        finding.line ?? null,
        finding.message,
        finding.blocking ? 1 : 0,
        finding.suppressed ?? null,
        Date.now(),
      );
  }

  findings(runId: string): FindingRow[] {
    return this.db.prepare(`SELECT * FROM findings WHERE run_id = ? ORDER BY id`).all(runId) as FindingRow[];
  }

  getRun(id: string): RunRow | undefined {
    return this.db.prepare(`SELECT * FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  }

  /** A run by full id or unique prefix; exit 2 when none or several match. */
  findRun(idOrPrefix: string): RunRow {
    const exact = this.getRun(idOrPrefix);
    if (exact) return exact;
    const escaped = idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    const matches = this.db.prepare(`SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at DESC LIMIT 5`).all(`${escaped}%`) as RunRow[];
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new BadInputError(`no run with id "${idOrPrefix}"`, { hint: 'oryon runs list shows the ids' });
    throw new BadInputError(`run id "${idOrPrefix}" is ambiguous: ${matches.map((run) => run.id).join(', ')}`);
  }

  /** Newest first; all repos when repo is undefined. */
  listRuns(options: { repo?: string | undefined; limit?: number } = {}): RunRow[] {
    const limit = options.limit ?? 20;
    if (options.repo) {
      return this.db.prepare(`SELECT * FROM runs WHERE repo = ? ORDER BY started_at DESC, id DESC LIMIT ?`).all(options.repo, limit) as RunRow[];
    }
    return this.db.prepare(`SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?`).all(limit) as RunRow[];
  }

  steps(runId: string): StepRow[] {
    return this.db.prepare(`SELECT * FROM steps WHERE run_id = ? ORDER BY seq`).all(runId) as StepRow[];
  }

  decisions(runId: string): DecisionRow[] {
    return this.db.prepare(`SELECT * FROM decisions WHERE run_id = ? ORDER BY id`).all(runId) as DecisionRow[];
  }

  private maxSeq(runId: string): number {
    const row = this.db.prepare(`SELECT MAX(seq) AS seq FROM steps WHERE run_id = ?`).get(runId) as { seq: number | null };
    return row.seq ?? 0;
  }
}
