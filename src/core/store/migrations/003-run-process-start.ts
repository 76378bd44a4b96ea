import type { Migration } from './index.js';

/**
 * When the process that owns a run started (Linux: /proc/<pid>/stat field 22), so a run
 * whose pid was reused by an unrelated process is still seen as dead. NULL where the
 * platform cannot tell, and for runs recorded before this column existed.
 */
export const runProcessStart: Migration = {
  name: 'run-process-start',
  up(db) {
    db.exec('ALTER TABLE runs ADD COLUMN pid_started TEXT');
  },
};
