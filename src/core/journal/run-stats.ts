// `oryon runs stats`: the figures a team tracks, computed from the journal — runs by
// status, success rate, step latency per kind (p50/p95), tokens per day, fallbacks taken,
// and usage against the repo's token budgets.
import type { Database } from '../store/db.js';
import { budgetUse, type BudgetUse } from './token-usage.js';
import type { RunStatus } from './types.js';

export const STAT_KINDS = ['plan', 'edit', 'test', 'gates'] as const;

export interface RunStats {
  since: string;
  repo: string | null;
  runs: { total: number; by_status: Partial<Record<RunStatus, number>> };
  /** Succeeded over finished runs (running ones not counted); null when none finished. */
  success_rate: number | null;
  step_latency_ms: Record<(typeof STAT_KINDS)[number], { count: number; p50: number | null; p95: number | null }>;
  tokens_per_day: Array<{ day: string; tokens: number }>;
  fallbacks: { steps: number; skipped: Record<string, number> };
  budgets: BudgetUse[];
}

export function runStats(
  db: Database,
  options: { repo: string | undefined; since: number; limits: { tokens_per_day: number | null; tokens_per_month: number | null }; now?: number },
): RunStats {
  const repoFilter = options.repo ? 'AND r.repo = ?' : '';
  const params = options.repo ? [options.since, options.repo] : [options.since];
  const statuses = db
    .prepare(`SELECT r.status AS status, COUNT(*) AS n FROM runs r WHERE r.started_at >= ? ${repoFilter} GROUP BY r.status`)
    .all(...params) as Array<{ status: RunStatus; n: number }>;
  const by_status = Object.fromEntries(statuses.map((row) => [row.status, row.n])) as Partial<Record<RunStatus, number>>;
  const total = statuses.reduce((sum, row) => sum + row.n, 0);
  const finished = total - (by_status.running ?? 0);

  const steps = db
    .prepare(
      `SELECT s.kind AS kind, s.wall_ms AS wall_ms, s.tokens_in + s.tokens_out AS tokens, s.started_at AS started_at, s.detail_json AS detail FROM steps s JOIN runs r ON r.id = s.run_id WHERE s.started_at >= ? ${repoFilter}`,
    )
    .all(...params) as Array<{ kind: string; wall_ms: number; tokens: number; started_at: number; detail: string | null }>;

  const latency = {} as RunStats['step_latency_ms'];
  for (const kind of STAT_KINDS) {
    // Reflections are edits made again after feedback: the same kind of work.
    const walls = steps.filter((step) => step.kind === kind || (kind === 'edit' && step.kind === 'reflect')).map((step) => step.wall_ms);
    latency[kind] = { count: walls.length, p50: percentile(walls, 50), p95: percentile(walls, 95) };
  }

  const perDay = new Map<string, number>();
  for (const step of steps) {
    if (!step.tokens) continue;
    const day = new Date(step.started_at).toISOString().slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + step.tokens);
  }

  const fallbacks = { steps: 0, skipped: {} as Record<string, number> };
  for (const step of steps) {
    if (!step.detail?.includes('"routes"')) continue;
    const routes = (JSON.parse(step.detail) as { routes?: Array<{ skipped: Array<{ endpoint: string }> }> }).routes ?? [];
    const skipped = routes.flatMap((route) => route.skipped);
    if (skipped.length === 0) continue;
    fallbacks.steps += 1;
    for (const { endpoint } of skipped) fallbacks.skipped[endpoint] = (fallbacks.skipped[endpoint] ?? 0) + 1;
  }

  return {
    since: new Date(options.since).toISOString(),
    repo: options.repo ?? null,
    runs: { total, by_status },
    success_rate: finished > 0 ? (by_status.succeeded ?? 0) / finished : null,
    step_latency_ms: latency,
    tokens_per_day: [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, tokens]) => ({ day, tokens })),
    fallbacks,
    budgets: options.repo ? budgetUse(db, options.repo, options.limits, options.now) : [],
  };
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** "7d", "24h", "2w", "30m" → milliseconds. */
export function parseSince(value: string): number | undefined {
  const match = /^(\d+)([mhdw])$/.exec(value.trim());
  if (!match) return undefined;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}
