import type { Migration } from './index.js';

/**
 * The repo's indexable paths as last listed, with the index checksum and policy they were
 * listed under: a re-index with neither changed skips `git ls-files` and the policy check.
 */
export const memoryTracked: Migration = {
  name: 'memory-tracked',
  up(db) {
    db.exec('CREATE TABLE mem_tracked (repo TEXT PRIMARY KEY, key TEXT NOT NULL, paths TEXT NOT NULL)');
  },
};
