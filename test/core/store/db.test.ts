import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/core/store/migrations/index.js';
import { migrate, openDatabase, schemaVersion } from '../../../src/core/store/db.js';
import { repoRoot } from '../../helpers/cli.js';
import { makeRepo, tempDir } from '../../helpers/git-repo.js';
import { build } from '../../e2e/build.js';

const dbFile = () => path.join(tempDir('oryon-db-'), 'oryon.db');

/** Every table, index, trigger and virtual table, as SQLite stores their definitions. */
const schemaOf = (db: Sqlite.Database) => db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();

/** Rows a database at each schema version can hold, written before upgrading it. */
const SEED: Record<number, (db: Sqlite.Database) => void> = {
  1: (db) => {
    db.prepare("INSERT INTO runs (id, repo, issue, mode, model, status, started_at) VALUES ('r1', '/repo', 'issue', 'operator', 'm', 'succeeded', 1)").run();
    db.prepare("INSERT INTO steps (run_id, seq, kind, outcome, started_at) VALUES ('r1', 1, 'plan', 'ok', 1)").run();
  },
  2: (db) => {
    db.prepare("INSERT INTO threads (id, repo, created_at, updated_at) VALUES ('t1', '/repo', 1, 1)").run();
    db.prepare("INSERT INTO messages (thread_id, seq, role, content, created_at) VALUES ('t1', 1, 'user', 'hi', 1)").run();
  },
  3: (db) => {
    db.prepare(
      "INSERT INTO runs (id, repo, issue, mode, model, status, pid, pid_started, started_at) VALUES ('r3', '/repo', 'issue', 'operator', 'm', 'running', 1, '42', 1)",
    ).run();
  },
  4: (db) => {
    db.prepare("INSERT INTO threads (id, repo, branch, base, created_at, updated_at) VALUES ('t4', '/repo', 'oryon/x', 'abc', 1, 1)").run();
  },
  5: (db) => {
    db.prepare("INSERT INTO mem_tracked (repo, key, paths) VALUES ('/repo', 'k', 'a.ts')").run();
  },
};

describe('openDatabase', () => {
  it('creates and migrates an empty database to the latest schema', () => {
    const db = openDatabase(dbFile());
    expect(schemaVersion(db)).toBe(migrations.length);
    // A fresh database gets every numbered migration, 005-memory-tracked last.
    expect(migrations.map((migration) => migration.name)).toEqual(['journal', 'memory', 'run-process-start', 'thread-branch', 'memory-tracked']);
    const virtual = db.prepare("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all();
    expect(virtual).toEqual(['mem_chunks_fts', 'mem_lessons_fts']);
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['mem_chunks_fts_delete', 'mem_lessons_fts_delete']);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all();
    for (const table of [
      'runs',
      'steps',
      'decisions',
      'findings',
      'mem_files',
      'mem_tracked',
      'mem_chunks',
      'mem_lessons',
      'mem_embedders',
      'threads',
      'messages',
    ]) {
      expect(tables).toContain(table);
    }
    db.close();
  });

  it('sets WAL, foreign keys, secure delete and a busy timeout on every connection', () => {
    const file = dbFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(10000);
    db.close();
  });

  it('upgrades from every earlier version, keeping the data', () => {
    for (let from = 0; from < migrations.length; from++) {
      const file = dbFile();
      const old = new Sqlite(file);
      migrate(old, from);
      expect(schemaVersion(old)).toBe(from);
      for (let v = 1; v <= from; v++) SEED[v]?.(old);
      old.close();

      const db = openDatabase(file);
      expect(schemaVersion(db), `from ${from}`).toBe(migrations.length);
      // An upgraded database has exactly the schema a fresh one gets.
      const fresh = openDatabase(dbFile());
      expect(schemaOf(db), `from ${from}`).toEqual(schemaOf(fresh));
      fresh.close();
      if (from >= 1) expect(db.prepare('SELECT count(*) FROM steps').pluck().get()).toBe(1);
      if (from >= 2) expect(db.prepare('SELECT content FROM messages').pluck().get()).toBe('hi');
      // Runs recorded before 003 have no start time: liveness falls back to the pid alone.
      if (from >= 1) expect(db.prepare("SELECT pid_started FROM runs WHERE id = 'r1'").pluck().get()).toBeNull();
      // Every table of the latest schema is usable.
      for (let v = from + 1; v <= migrations.length; v++) SEED[v]?.(db);
      db.close();
    }
  });

  it('refuses a database from a newer oryon (exit 2) and leaves it as it was', () => {
    const file = dbFile();
    const newer = new Sqlite(file);
    migrate(newer);
    newer.pragma(`user_version = ${migrations.length + 1}`);
    newer.close();
    expect(() => openDatabase(file)).toThrow(
      expect.objectContaining({
        exitCode: 2,
        message: `the state database ${file} has schema version ${migrations.length + 1}; this oryon knows up to ${migrations.length}`,
      }),
    );
    const after = new Sqlite(file);
    expect(schemaVersion(after)).toBe(migrations.length + 1);
    after.close();
  });

  it('is idempotent: reopening a current database changes nothing', () => {
    const file = dbFile();
    const first = openDatabase(file);
    SEED[1]!(first);
    first.close();
    const again = openDatabase(file);
    expect(schemaVersion(again)).toBe(migrations.length);
    expect(again.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    again.close();
  });

  it('enforces foreign keys: deleting a run cascades to its steps; a dangling message is refused', () => {
    const db = openDatabase(dbFile());
    SEED[1]!(db);
    SEED[2]!(db);
    db.prepare("DELETE FROM runs WHERE id = 'r1'").run();
    expect(db.prepare('SELECT count(*) FROM steps').pluck().get()).toBe(0);
    expect(() => db.prepare("INSERT INTO messages (thread_id, seq, role, content, created_at) VALUES ('nope', 1, 'user', 'x', 1)").run()).toThrow(
      /FOREIGN KEY/,
    );
    db.prepare("DELETE FROM threads WHERE id = 't1'").run();
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
    db.close();
  });
});

// Two real processes on one database file: both migrate it from empty, then write runs,
// steps and the same repo's memory at the same time.
describe('concurrent writers', () => {
  const dist = path.join(repoRoot, 'dist');
  // The writers run the compiled code: build it, so they never exercise a stale dist/.
  beforeAll(() => {
    build();
    if (!existsSync(path.join(dist, 'core', 'memory', 'index.js'))) throw new Error('build failed: npx tsc -p tsconfig.build.json');
  }, 120_000);

  it('two processes writing runs, steps and memory at once both succeed, with nothing lost or duplicated', async () => {
    const file = dbFile();
    const repo = makeRepo(
      Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`src/mod${i}.ts`, `export function handler${i}(input: string) {\n  return input.repeat(${i});\n}\n`]),
      ),
    );
    const script = path.join(tempDir('oryon-writer-'), 'writer.mjs');
    writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(path.join(dist, 'core/store/db.js'))};
import { RepoMemory, createOfflineEmbedder } from ${JSON.stringify(path.join(dist, 'core/memory/index.js'))};
import { loadConfig } from ${JSON.stringify(path.join(dist, 'config/load.js'))};
const [file, repo, name] = process.argv.slice(2);
const db = openDatabase(file);
const { policy } = loadConfig({ repoRoot: repo, env: { HOME: process.env.HOME } });
const memory = RepoMemory.open(db, repo, createOfflineEmbedder(), policy);
const indexing = memory.index();
for (let i = 0; i < 150; i++) {
  db.transaction(() => {
    db.prepare("INSERT INTO runs (id, repo, issue, mode, model, status, started_at) VALUES (?, ?, 'x', 'operator', 'm', 'running', ?)").run(name + i, repo, Date.now());
    for (let s = 0; s < 3; s++) db.prepare("INSERT INTO steps (run_id, seq, kind, outcome, started_at) VALUES (?, ?, 'edit', 'ok', ?)").run(name + i, s, Date.now());
  }).immediate();
  if (i % 25 === 0) await new Promise((r) => setImmediate(r));
}
await indexing;
await memory.index({ full: true });
db.close();
`,
    );
    const run = (name: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [script, file, repo, name], { env: { PATH: process.env.PATH ?? '', HOME: tempDir('oryon-home-') } });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([run('a'), run('b')]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });

    const db = openDatabase(file);
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(300);
    expect(db.prepare('SELECT count(*) FROM steps').pluck().get()).toBe(900);
    expect(db.prepare('SELECT count(*) FROM mem_files').pluck().get()).toBe(40);
    expect(db.prepare('SELECT count(*) FROM mem_chunks').pluck().get()).toBe(40);
    expect(db.prepare('SELECT count(DISTINCT path) FROM mem_chunks').pluck().get()).toBe(40);
    expect(db.prepare('SELECT count(*) FROM mem_chunks WHERE embedder_id IS NULL').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM mem_vecf_1').pluck().get()).toBe(40);
    expect(db.prepare("SELECT count(*) FROM mem_chunks_fts WHERE mem_chunks_fts MATCH 'handler7'").pluck().get()).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }, 60_000);
});
