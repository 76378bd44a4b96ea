import type { Migration } from './index.js';

/** The run journal: runs, their steps, policy decisions and gate findings. */
export const journal: Migration = {
  name: 'journal',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id            TEXT PRIMARY KEY,
        repo          TEXT NOT NULL,
        issue         TEXT NOT NULL,
        mode          TEXT NOT NULL,
        model         TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted','error')),
        pid           INTEGER,
        base_ref      TEXT,
        branch        TEXT,
        commit_sha    TEXT,
        worktree      TEXT,
        plan_json     TEXT,
        diff          TEXT,
        summary_json  TEXT,
        error         TEXT,
        started_at    INTEGER NOT NULL,
        finished_at   INTEGER
      );
      CREATE INDEX runs_repo_started ON runs (repo, started_at DESC);

      CREATE TABLE steps (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id           TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq              INTEGER NOT NULL,
        iteration        INTEGER NOT NULL DEFAULT 0,
        kind             TEXT NOT NULL,
        prompt           TEXT,
        reply            TEXT,
        thinking         TEXT,
        tokens_in        INTEGER NOT NULL DEFAULT 0,
        tokens_out       INTEGER NOT NULL DEFAULT 0,
        model_ms         INTEGER NOT NULL DEFAULT 0,
        wall_ms          INTEGER NOT NULL DEFAULT 0,
        outcome          TEXT NOT NULL,
        detail_json      TEXT,
        started_at       INTEGER NOT NULL
      );
      CREATE INDEX steps_run ON steps (run_id, seq);

      CREATE TABLE decisions (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      TEXT REFERENCES runs (id) ON DELETE CASCADE,
        repo        TEXT NOT NULL,
        kind        TEXT NOT NULL,
        subject     TEXT NOT NULL,
        allowed     INTEGER NOT NULL,
        rule        TEXT NOT NULL,
        reason      TEXT NOT NULL,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX decisions_run ON decisions (run_id);

      CREATE TABLE findings (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      TEXT REFERENCES runs (id) ON DELETE CASCADE,
        repo        TEXT NOT NULL,
        gate        TEXT NOT NULL,
        rule        TEXT NOT NULL,
        severity    TEXT NOT NULL,
        file        TEXT,
        line        INTEGER,
        message     TEXT NOT NULL,
        blocking    INTEGER NOT NULL,
        suppressed  TEXT,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX findings_run ON findings (run_id);
    `);
  },
};
