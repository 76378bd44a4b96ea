// Bench results: SQLite (ORYON_HOME/bench/results.db, its own file so the bench's schema
// evolves apart from the run journal) and an append-only JSONL history, one line per
// task result, written as each task finishes: Ctrl-C keeps what was done.
import { appendFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { BadInputError } from '../errors.js';
import type { BenchConfiguration, BenchRunInfo, TaskResult } from './types.js';

const require = createRequire(import.meta.url);

export function benchDir(home: string): string {
  return path.join(home, 'bench');
}

export function defaultHistoryPath(home: string): string {
  return path.join(benchDir(home), 'history.jsonl');
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS bench_runs (
  id TEXT PRIMARY KEY,
  suite TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL,
  tries INTEGER NOT NULL,
  repeat INTEGER NOT NULL,
  jobs INTEGER NOT NULL,
  seed INTEGER,
  curriculum INTEGER NOT NULL,
  configs_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bench_results (
  bench_id TEXT NOT NULL REFERENCES bench_runs(id) ON DELETE CASCADE,
  config TEXT NOT NULL,
  model TEXT NOT NULL,
  edit_format TEXT NOT NULL,
  task TEXT NOT NULL,
  level INTEGER NOT NULL,
  language TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  status TEXT NOT NULL,
  passed_json TEXT NOT NULL,
  iterations INTEGER NOT NULL,
  edit_failures INTEGER NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  model_ms REAL NOT NULL,
  test_ms REAL NOT NULL,
  check_ms REAL NOT NULL,
  fix_ms REAL NOT NULL,
  wall_ms REAL NOT NULL,
  run_id TEXT,
  seed INTEGER,
  temperature REAL NOT NULL,
  error TEXT,
  finished_at INTEGER NOT NULL,
  PRIMARY KEY (bench_id, config, task, repeat)
);
CREATE INDEX IF NOT EXISTS bench_runs_started ON bench_runs(started_at);
`;

interface ResultRow {
  bench_id: string;
  config: string;
  model: string;
  edit_format: string;
  task: string;
  level: number;
  language: string;
  repeat: number;
  status: string;
  passed_json: string;
  iterations: number;
  edit_failures: number;
  prompt_tokens: number;
  completion_tokens: number;
  model_ms: number;
  test_ms: number;
  check_ms: number;
  fix_ms: number;
  wall_ms: number;
  run_id: string | null;
  seed: number | null;
  temperature: number;
  error: string | null;
  finished_at: number;
}

interface RunRow {
  id: string;
  suite: string;
  started_at: number;
  finished_at: number | null;
  status: string;
  tries: number;
  repeat: number;
  jobs: number;
  seed: number | null;
  curriculum: number;
  configs_json: string;
}

export class BenchStore {
  private readonly db: BetterSqlite3.Database;
  readonly historyFile: string;

  constructor(home: string, historyFile?: string) {
    mkdirSync(benchDir(home), { recursive: true });
    const Sqlite = require('better-sqlite3') as typeof BetterSqlite3;
    const file = path.join(benchDir(home), 'results.db');
    this.db = new Sqlite(file);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new BadInputError(`${file} has bench schema version ${version}; this oryon knows up to ${SCHEMA_VERSION}`, { hint: 'upgrade oryon' });
    }
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.historyFile = historyFile ?? defaultHistoryPath(home);
    mkdirSync(path.dirname(this.historyFile), { recursive: true });
  }

  startRun(info: BenchRunInfo): void {
    this.db
      .prepare(
        'INSERT INTO bench_runs (id, suite, started_at, finished_at, status, tries, repeat, jobs, seed, curriculum, configs_json) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        info.id,
        info.suite,
        info.startedAt,
        info.status,
        info.tries,
        info.repeat,
        info.jobs,
        info.seed,
        info.curriculum ? 1 : 0,
        JSON.stringify(info.configs),
      );
    this.append({ type: 'bench-start', ...info });
  }

  finishRun(id: string, status: 'finished' | 'interrupted'): void {
    const finishedAt = Date.now();
    this.db.prepare('UPDATE bench_runs SET status = ?, finished_at = ? WHERE id = ?').run(status, finishedAt, id);
    this.append({ type: 'bench-end', id, status, finishedAt });
  }

  addResult(result: TaskResult): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO bench_results (bench_id, config, model, edit_format, task, level, language, repeat, status, passed_json, iterations, edit_failures,
         prompt_tokens, completion_tokens, model_ms, test_ms, check_ms, fix_ms, wall_ms, run_id, seed, temperature, error, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        result.benchId,
        result.config,
        result.model,
        result.editFormat,
        result.task,
        result.level,
        result.language,
        result.repeat,
        result.status,
        JSON.stringify(result.passed),
        result.iterations,
        result.editFailures,
        result.promptTokens,
        result.completionTokens,
        result.modelMs,
        result.testMs,
        result.checkMs,
        result.fixMs,
        result.wallMs,
        result.runId,
        result.seed,
        result.temperature,
        result.error,
        result.finishedAt,
      );
    this.append({ type: 'task', ...result });
  }

  private append(record: Record<string, unknown>): void {
    appendFileSync(this.historyFile, `${JSON.stringify(record)}\n`);
  }

  /** Bench runs, newest first. */
  runs(limit = 50): BenchRunInfo[] {
    const rows = this.db.prepare('SELECT * FROM bench_runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as RunRow[];
    return rows.map(toRunInfo);
  }

  /** A run by id or unique prefix; `latest` (or nothing) is the newest. */
  run(idOrPrefix?: string): BenchRunInfo {
    if (!idOrPrefix || idOrPrefix === 'latest') {
      const latest = this.runs(1)[0];
      if (!latest) throw new BadInputError('no bench results yet', { hint: 'run `oryon bench` first' });
      return latest;
    }
    const rows = this.db.prepare("SELECT * FROM bench_runs WHERE id LIKE ? || '%' ESCAPE '\\'").all(idOrPrefix.replace(/[\\%_]/g, '\\$&')) as RunRow[];
    if (rows.length === 0) throw new BadInputError(`no bench run ${idOrPrefix}`, { hint: 'list them with `oryon bench report`' });
    if (rows.length > 1) throw new BadInputError(`bench run id ${idOrPrefix} is ambiguous (${rows.length} runs)`);
    return toRunInfo(rows[0]!);
  }

  results(benchId: string): TaskResult[] {
    const rows = this.db.prepare('SELECT * FROM bench_results WHERE bench_id = ? ORDER BY config, task, repeat').all(benchId) as ResultRow[];
    return rows.map((row) => ({
      benchId: row.bench_id,
      suite: '',
      config: row.config,
      model: row.model,
      editFormat: row.edit_format as TaskResult['editFormat'],
      task: row.task,
      level: row.level,
      language: row.language,
      repeat: row.repeat,
      status: row.status as TaskResult['status'],
      passed: JSON.parse(row.passed_json) as boolean[],
      iterations: row.iterations,
      editFailures: row.edit_failures,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
      modelMs: row.model_ms,
      testMs: row.test_ms,
      checkMs: row.check_ms,
      fixMs: row.fix_ms,
      wallMs: row.wall_ms,
      runId: row.run_id,
      seed: row.seed,
      temperature: row.temperature,
      error: row.error,
      finishedAt: row.finished_at,
    }));
  }

  close(): void {
    this.db.close();
  }
}

function toRunInfo(row: RunRow): BenchRunInfo {
  return {
    id: row.id,
    suite: row.suite,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status as BenchRunInfo['status'],
    tries: row.tries,
    repeat: row.repeat,
    jobs: row.jobs,
    seed: row.seed,
    curriculum: row.curriculum === 1,
    configs: JSON.parse(row.configs_json) as BenchConfiguration[],
  };
}
