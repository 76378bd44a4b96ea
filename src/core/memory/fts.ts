import { createHash } from 'node:crypto';
import type { Database } from '../store/db.js';
import { ftsBody, ftsString, ftsTerms } from './text-features.js';

export interface TextHit {
  id: number;
  /** FTS5 bm25(): lower is better. */
  bm25: number;
}

/**
 * The token that tags a repo's rows in the chunk index: filtering inside FTS5 (an AND
 * of two posting lists) is far cheaper than joining every match back to its chunk row.
 */
export function repoToken(repo: string): string {
  return `repo${createHash('sha1').update(repo).digest('hex').slice(0, 16)}`;
}

/** Indexes a chunk's text (the row must not be in the index yet). */
export function ftsInsertChunk(db: Database, id: number, repo: string, relPath: string, content: string): void {
  db.prepare('INSERT INTO mem_chunks_fts (rowid, repo, path, body) VALUES (?, ?, ?, ?)').run(id, repoToken(repo), ftsBody(relPath), ftsBody(content));
}

export function ftsDeleteChunk(db: Database, id: number): void {
  db.prepare('DELETE FROM mem_chunks_fts WHERE rowid = ?').run(id);
}

/** Terms in more than this share of a repo's chunks rank nothing and cost a full scan. */
const COMMON_TERM_SHARE = 0.1;
/** Below this many chunks every term is kept: scans are cheap and counts are noisy. */
const PRUNE_FROM_CHUNKS = 2000;

/** Document counts per term, read from the FTS5 index itself (fts5vocab). */
function documentCounts(db: Database, terms: string[]): Map<string, number> {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.mem_chunks_vocab USING fts5vocab(main, 'mem_chunks_fts', 'row')");
  const lookup = db.prepare('SELECT doc FROM temp.mem_chunks_vocab WHERE term = ?').pluck();
  return new Map(terms.map((term) => [term, (lookup.get(term) as number | undefined) ?? 0]));
}

/**
 * BM25-ranked chunks of one repo matching any word of the query (path matches weigh half
 * as much as content). Terms found nowhere are dropped, and in a large index so are terms
 * common to most chunks, which would cost a scan of nearly every row for no ranking signal.
 */
export function ftsSearchChunks(db: Database, repo: string, query: string, limit: number, language?: string): TextHit[] {
  const token = repoToken(repo);
  const counts = documentCounts(db, [token, ...ftsTerms(query)]);
  const chunks = counts.get(token) ?? 0;
  counts.delete(token);
  const ceiling = chunks >= PRUNE_FROM_CHUNKS ? chunks * COMMON_TERM_SHARE : Infinity;
  const terms = [...counts].filter(([, docs]) => docs > 0 && docs <= ceiling).map(([term]) => term);
  if (chunks === 0 || terms.length === 0) return [];
  const match = `repo : ${ftsString(token)} AND (${terms.map(ftsString).join(' OR ')})`;
  if (language) {
    return db
      .prepare(
        `SELECT f.rowid AS id, bm25(mem_chunks_fts, 0.0, 0.5, 1.0) AS bm25
         FROM mem_chunks_fts f JOIN mem_chunks c ON c.id = f.rowid
         WHERE mem_chunks_fts MATCH ? AND c.language = ? ORDER BY bm25 LIMIT ?`,
      )
      .all(match, language, limit) as TextHit[];
  }
  return db
    .prepare('SELECT rowid AS id, bm25(mem_chunks_fts, 0.0, 0.5, 1.0) AS bm25 FROM mem_chunks_fts WHERE mem_chunks_fts MATCH ? ORDER BY bm25 LIMIT ?')
    .all(match, limit) as TextHit[];
}

export function ftsInsertLesson(db: Database, id: number, issue: string, body: string): void {
  db.prepare('INSERT INTO mem_lessons_fts (rowid, issue, body) VALUES (?, ?, ?)').run(id, ftsBody(issue), ftsBody(body));
}

export function ftsSearchLessons(db: Database, repo: string, query: string, limit: number): TextHit[] {
  const terms = ftsTerms(query);
  if (terms.length === 0) return [];
  return db
    .prepare(
      `SELECT f.rowid AS id, bm25(mem_lessons_fts, 2.0, 1.0) AS bm25
       FROM mem_lessons_fts f JOIN mem_lessons l ON l.id = f.rowid
       WHERE mem_lessons_fts MATCH ? AND l.repo = ?
       ORDER BY bm25 LIMIT ?`,
    )
    .all(terms.map(ftsString).join(' OR '), repo, limit) as TextHit[];
}

/**
 * Merges the FTS5 segments so no deleted document's terms survive anywhere in the file
 * (secure-delete already removes them on delete; this also compacts).
 */
export function ftsOptimize(db: Database): void {
  db.exec("INSERT INTO mem_chunks_fts (mem_chunks_fts) VALUES ('optimize')");
  db.exec("INSERT INTO mem_lessons_fts (mem_lessons_fts) VALUES ('optimize')");
}
