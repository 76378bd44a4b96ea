import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { BadInputError } from '../errors.js';
import { migrations } from './migrations/index.js';

export type Database = BetterSqlite3.Database;

const require = createRequire(import.meta.url);

/** The state database under ORYON_HOME; rows are keyed by repo. */
export function databasePath(home: string): string {
  return path.join(home, 'oryon.db');
}

let addonPath: string | undefined | null = null;

/**
 * The addon as npm builds it. Given to better-sqlite3 directly, it skips the `bindings`
 * package, which finds the file by walking a dozen candidate paths (~4 ms of every command
 * that opens the database); undefined (bindings' search) when it is elsewhere.
 */
function nativeBinding(): string | undefined {
  if (addonPath === null) {
    const built = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    addonPath = existsSync(built) ? built : undefined;
  }
  return addonPath;
}

/**
 * Open (creating if needed) and migrate. better-sqlite3 is loaded here, lazily, so
 * commands that never touch state (`--help`, `--version`, `apply`) never pay for it.
 */
export function openDatabase(file: string): Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const Sqlite = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Sqlite(file, { nativeBinding: nativeBinding() });
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  db.pragma('synchronous = NORMAL');
  // A newer oryon wrote this file: writing to a schema we do not know could corrupt it.
  const version = schemaVersion(db);
  if (version > migrations.length) {
    db.close();
    throw new BadInputError(`the state database ${file} has schema version ${version}; this oryon knows up to ${migrations.length}`, {
      hint: 'upgrade oryon, or set ORYON_HOME to another directory',
    });
  }
  migrate(db);
  return db;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply pending numbered migrations, each in its own write transaction (safe across processes). */
export function migrate(db: Database, upTo: number = migrations.length): void {
  for (let version = schemaVersion(db); version < upTo;) {
    const applied = db
      .transaction(() => {
        // Re-read inside the write lock: another process may have migrated meanwhile.
        const current = schemaVersion(db);
        if (current >= upTo) return upTo;
        migrations[current]!.up(db);
        db.pragma(`user_version = ${current + 1}`);
        return current + 1;
      })
      .immediate();
    version = applied;
  }
}
