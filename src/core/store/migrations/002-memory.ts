import type { Migration } from './index.js';

/**
 * Vector memory (files, chunks, full-text index, lessons, embedder bookkeeping) and chat
 * sessions (threads, messages). The sqlite-vec tables are created at run time, one per
 * embedder, because their dimension is only known once the embedder has answered.
 */
export const memory: Migration = {
  name: 'memory',
  up(db) {
    db.exec(`
      CREATE TABLE mem_embedders (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        dim         INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        UNIQUE (name, dim)
      );

      CREATE TABLE mem_repos (
        repo         TEXT PRIMARY KEY,
        embedder_id  INTEGER REFERENCES mem_embedders (id) ON DELETE SET NULL,
        indexed_at   INTEGER
      );

      CREATE TABLE mem_files (
        repo        TEXT NOT NULL,
        path        TEXT NOT NULL,
        hash        TEXT NOT NULL,
        language    TEXT NOT NULL,
        size        INTEGER NOT NULL,
        mtime_ms    INTEGER NOT NULL,
        indexed_at  INTEGER NOT NULL,
        PRIMARY KEY (repo, path)
      );

      CREATE TABLE mem_chunks (
        id           INTEGER PRIMARY KEY,
        repo         TEXT NOT NULL,
        path         TEXT NOT NULL,
        start_line   INTEGER NOT NULL,
        end_line     INTEGER NOT NULL,
        language     TEXT NOT NULL,
        kind         TEXT NOT NULL,
        hash         TEXT NOT NULL,
        content      TEXT NOT NULL,
        embedder_id  INTEGER REFERENCES mem_embedders (id) ON DELETE SET NULL,
        FOREIGN KEY (repo, path) REFERENCES mem_files (repo, path) ON DELETE CASCADE ON UPDATE CASCADE
      );
      CREATE INDEX mem_chunks_file ON mem_chunks (repo, path);
      CREATE INDEX mem_chunks_pending ON mem_chunks (repo, embedder_id);

      -- Contentless: the text lives once, in mem_chunks; secure-delete so a forgotten
      -- chunk's tokens leave the index at once, not at the next merge. Words are split and
      -- stemmed in process (text-features.ts); repo holds one token per repo.
      CREATE VIRTUAL TABLE mem_chunks_fts USING fts5 (
        repo, path, body, content = '', contentless_delete = 1,
        tokenize = "unicode61 tokenchars '_'"
      );
      INSERT INTO mem_chunks_fts (mem_chunks_fts, rank) VALUES ('secure-delete', 1);
      CREATE TRIGGER mem_chunks_fts_delete AFTER DELETE ON mem_chunks BEGIN
        DELETE FROM mem_chunks_fts WHERE rowid = old.id;
      END;

      CREATE TABLE mem_lessons (
        id            INTEGER PRIMARY KEY,
        repo          TEXT NOT NULL,
        run_id        TEXT NOT NULL,
        issue         TEXT NOT NULL,
        plan_summary  TEXT NOT NULL,
        files_json    TEXT NOT NULL,
        diff_summary  TEXT NOT NULL,
        embedder_id   INTEGER REFERENCES mem_embedders (id) ON DELETE SET NULL,
        vector        BLOB,
        created_at    INTEGER NOT NULL,
        UNIQUE (repo, run_id)
      );
      CREATE VIRTUAL TABLE mem_lessons_fts USING fts5 (
        issue, body, content = '', contentless_delete = 1,
        tokenize = "unicode61 tokenchars '_'"
      );
      INSERT INTO mem_lessons_fts (mem_lessons_fts, rank) VALUES ('secure-delete', 1);
      CREATE TRIGGER mem_lessons_fts_delete AFTER DELETE ON mem_lessons BEGIN
        DELETE FROM mem_lessons_fts WHERE rowid = old.id;
      END;

      CREATE TABLE threads (
        id          TEXT PRIMARY KEY,
        repo        TEXT NOT NULL,
        title       TEXT NOT NULL DEFAULT '',
        model       TEXT NOT NULL DEFAULT '',
        mode        TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      CREATE INDEX threads_repo_updated ON threads (repo, updated_at DESC);

      CREATE TABLE messages (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        thread_id   TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('system','user','assistant','tool')),
        content     TEXT NOT NULL,
        run_id      TEXT REFERENCES runs (id) ON DELETE SET NULL,
        tokens      INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER NOT NULL,
        UNIQUE (thread_id, seq)
      );
    `);
  },
};
