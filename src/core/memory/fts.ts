import type { Database } from '../store/db.js';
import { ftsBody, ftsQuery } from './text-features.js';

export interface TextHit {
  id: number;
  /** FTS5 bm25(): lower is better. */
  bm25: number;
}

/** Indexes a chunk's text (the row must not be in the index yet). */
export function ftsInsertChunk(db: Database, id: number, relPath: string, content: string): void {
  db.prepare('INSERT INTO mem_chunks_fts (rowid, path, body) VALUES (?, ?, ?)').run(id, ftsBody(relPath), ftsBody(content));
}

export function ftsDeleteChunk(db: Database, id: number): void {
  db.prepare('DELETE FROM mem_chunks_fts WHERE rowid = ?').run(id);
}

/** BM25-ranked chunks of one repo matching any word of the query; path matches weigh half as much as content. */
export function ftsSearchChunks(db: Database, repo: string, query: string, limit: number, language?: string): TextHit[] {
  const match = ftsQuery(query);
  if (!match) return [];
  const languageClause = language ? 'AND c.language = ?' : '';
  const params: unknown[] = [match, repo];
  if (language) params.push(language);
  params.push(limit);
  return db
    .prepare(
      `SELECT f.rowid AS id, bm25(mem_chunks_fts, 0.5, 1.0) AS bm25
       FROM mem_chunks_fts f JOIN mem_chunks c ON c.id = f.rowid
       WHERE mem_chunks_fts MATCH ? AND c.repo = ? ${languageClause}
       ORDER BY bm25 LIMIT ?`,
    )
    .all(...params) as TextHit[];
}

export function ftsInsertLesson(db: Database, id: number, issue: string, body: string): void {
  db.prepare('INSERT INTO mem_lessons_fts (rowid, issue, body) VALUES (?, ?, ?)').run(id, ftsBody(issue), ftsBody(body));
}

export function ftsSearchLessons(db: Database, repo: string, query: string, limit: number): TextHit[] {
  const match = ftsQuery(query);
  if (!match) return [];
  return db
    .prepare(
      `SELECT f.rowid AS id, bm25(mem_lessons_fts, 2.0, 1.0) AS bm25
       FROM mem_lessons_fts f JOIN mem_lessons l ON l.id = f.rowid
       WHERE mem_lessons_fts MATCH ? AND l.repo = ?
       ORDER BY bm25 LIMIT ?`,
    )
    .all(match, repo, limit) as TextHit[];
}

/**
 * Merges the FTS5 segments so no deleted document's terms survive anywhere in the file
 * (secure-delete already removes them on delete; this also compacts).
 */
export function ftsOptimize(db: Database): void {
  db.exec("INSERT INTO mem_chunks_fts (mem_chunks_fts) VALUES ('optimize')");
  db.exec("INSERT INTO mem_lessons_fts (mem_lessons_fts) VALUES ('optimize')");
}
