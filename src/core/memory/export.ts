import type { Database } from '../store/db.js';

/** One JSONL record of `oryon memory export`. Vectors are left out: they are derived data. */
export type ExportRecord =
  | { type: 'file'; path: string; hash: string; language: string; size: number; indexedAt: number }
  | {
      type: 'chunk';
      path: string;
      startLine: number;
      endLine: number;
      language: string;
      kind: string;
      hash: string;
      embedder: string | null;
      content: string;
    }
  | { type: 'lesson'; runId: string; issue: string; planSummary: string; files: string[]; diffSummary: string; createdAt: number };

/** Streams a repo's memory row by row, so a large index never sits in memory at once. */
export function* exportMemory(db: Database, repo: string): Generator<ExportRecord> {
  for (const row of db.prepare('SELECT path, hash, language, size, indexed_at FROM mem_files WHERE repo = ? ORDER BY path').iterate(repo) as Iterable<{
    path: string;
    hash: string;
    language: string;
    size: number;
    indexed_at: number;
  }>) {
    yield { type: 'file', path: row.path, hash: row.hash, language: row.language, size: row.size, indexedAt: row.indexed_at };
  }
  for (const row of db
    .prepare(
      `SELECT c.path, c.start_line, c.end_line, c.language, c.kind, c.hash, c.content, e.name AS embedder
       FROM mem_chunks c LEFT JOIN mem_embedders e ON e.id = c.embedder_id WHERE c.repo = ? ORDER BY c.path, c.start_line`,
    )
    .iterate(repo) as Iterable<{
    path: string;
    start_line: number;
    end_line: number;
    language: string;
    kind: string;
    hash: string;
    content: string;
    embedder: string | null;
  }>) {
    yield {
      type: 'chunk',
      path: row.path,
      startLine: row.start_line,
      endLine: row.end_line,
      language: row.language,
      kind: row.kind,
      hash: row.hash,
      embedder: row.embedder,
      content: row.content,
    };
  }
  for (const row of db
    .prepare('SELECT run_id, issue, plan_summary, files_json, diff_summary, created_at FROM mem_lessons WHERE repo = ? ORDER BY created_at')
    .iterate(repo) as Iterable<{
    run_id: string;
    issue: string;
    plan_summary: string;
    files_json: string;
    diff_summary: string;
    created_at: number;
  }>) {
    yield {
      type: 'lesson',
      runId: row.run_id,
      issue: row.issue,
      planSummary: row.plan_summary,
      files: JSON.parse(row.files_json) as string[],
      diffSummary: row.diff_summary,
      createdAt: row.created_at,
    };
  }
}
