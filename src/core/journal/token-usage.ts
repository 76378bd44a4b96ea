// Token use counted from the journal (every model step records tokens in and out), for
// the per-repo daily and monthly budgets. Days and months are UTC calendar periods.
import type { Database } from '../store/db.js';

export type BudgetPeriod = 'day' | 'month';

export function periodStart(period: BudgetPeriod, now: number): number {
  const date = new Date(now);
  return period === 'day' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Tokens (in + out) the repo's runs used since `since` (ms). */
export function tokensSince(db: Database, repo: string, since: number): number {
  const row = db
    .prepare(`SELECT COALESCE(SUM(s.tokens_in + s.tokens_out), 0) AS total FROM steps s JOIN runs r ON r.id = s.run_id WHERE r.repo = ? AND s.started_at >= ?`)
    .get(repo, since) as { total: number };
  return row.total;
}

export interface BudgetUse {
  rule: 'limits.tokens_per_day' | 'limits.tokens_per_month';
  period: BudgetPeriod;
  used: number;
  limit: number | null;
}

export function budgetUse(
  db: Database,
  repo: string,
  limits: { tokens_per_day: number | null; tokens_per_month: number | null },
  now = Date.now(),
): BudgetUse[] {
  return [
    { rule: 'limits.tokens_per_day', period: 'day', used: tokensSince(db, repo, periodStart('day', now)), limit: limits.tokens_per_day },
    { rule: 'limits.tokens_per_month', period: 'month', used: tokensSince(db, repo, periodStart('month', now)), limit: limits.tokens_per_month },
  ];
}

/** The first budget already spent, if any. */
export function exhaustedBudget(uses: readonly BudgetUse[]): BudgetUse | undefined {
  return uses.find((use) => use.limit !== null && use.used >= use.limit);
}

export function describeBudget(use: BudgetUse): string {
  return `this repo used ${use.used} tokens this ${use.period === 'day' ? 'day (UTC)' : 'month (UTC)'}; ${use.rule} is ${use.limit}`;
}
