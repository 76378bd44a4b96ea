import { picomatch } from '../fs/glob.js';
import { BadInputError } from '../errors.js';
import type { Database } from '../store/db.js';
import { ftsOptimize } from './fts.js';

export type ForgetTarget = { all: true } | { pathGlob: string } | { runId: string };

/**
 * Deletes for good: rows go (secure_delete zeroes their pages), the FTS segments are
 * merged, the WAL is checkpointed and truncated, and VACUUM rewrites the file, so the
 * forgotten text is in neither the database nor its -wal file. Returns rows removed.
 */
export function forgetMemory(db: Database, repo: string, target: ForgetTarget): number {
  const removed = db
    .transaction(() => {
      if ('all' in target) return forgetAll(db, repo);
      if ('pathGlob' in target) return forgetPaths(db, repo, target.pathGlob);
      return forgetRun(db, repo, target.runId);
    })
    .immediate();
  scrub(db);
  return removed;
}

function forgetAll(db: Database, repo: string): number {
  let removed = count(db, 'SELECT count(*) FROM mem_chunks WHERE repo = ?', repo);
  db.prepare('DELETE FROM mem_files WHERE repo = ?').run(repo);
  db.prepare('DELETE FROM mem_tracked WHERE repo = ?').run(repo);
  removed += db.prepare('DELETE FROM mem_lessons WHERE repo = ?').run(repo).changes;
  removed += db.prepare('DELETE FROM threads WHERE repo = ?').run(repo).changes;
  removed += db.prepare('DELETE FROM runs WHERE repo = ?').run(repo).changes;
  db.prepare('DELETE FROM decisions WHERE repo = ?').run(repo);
  db.prepare('DELETE FROM findings WHERE repo = ?').run(repo);
  db.prepare('DELETE FROM mem_repos WHERE repo = ?').run(repo);
  return removed;
}

function forgetPaths(db: Database, repo: string, glob: string): number {
  const matches = picomatch(glob, { dot: true });
  const paths = (db.prepare('SELECT path FROM mem_files WHERE repo = ?').pluck().all(repo) as string[]).filter((p) => matches(p));
  let removed = 0;
  const chunks = db.prepare('SELECT count(*) FROM mem_chunks WHERE repo = ? AND path = ?').pluck();
  const remove = db.prepare('DELETE FROM mem_files WHERE repo = ? AND path = ?');
  for (const relPath of paths) {
    removed += chunks.get(repo, relPath) as number;
    remove.run(repo, relPath);
  }
  return removed;
}

function forgetRun(db: Database, repo: string, runId: string): number {
  let removed = db.prepare('DELETE FROM mem_lessons WHERE repo = ? AND run_id = ?').run(repo, runId).changes;
  removed += db.prepare('DELETE FROM runs WHERE repo = ? AND id = ?').run(repo, runId).changes;
  // A mistyped id must not read as "forgotten".
  if (removed === 0) throw new BadInputError(`memory forget: no run "${runId}" in this repository`, { hint: 'oryon runs list shows the ids' });
  return removed;
}

function count(db: Database, sql: string, ...params: unknown[]): number {
  return db
    .prepare(sql)
    .pluck()
    .get(...params) as number;
}

function scrub(db: Database): void {
  ftsOptimize(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
