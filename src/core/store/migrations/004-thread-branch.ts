import type { Migration } from './index.js';

/**
 * A chat thread's working branch (`oryon/<slug>`, made by its first committed change) and
 * the commit it started from, so `/diff` and `/undo` know the thread's own commits.
 */
export const threadBranch: Migration = {
  name: 'thread-branch',
  up(db) {
    db.exec('ALTER TABLE threads ADD COLUMN branch TEXT');
    db.exec('ALTER TABLE threads ADD COLUMN base TEXT');
  },
};
