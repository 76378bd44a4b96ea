import type { Database } from '../db.js';
import { journal } from './001-journal.js';
import { memory } from './002-memory.js';
import { runProcessStart } from './003-run-process-start.js';
import { threadBranch } from './004-thread-branch.js';
import { memoryTracked } from './005-memory-tracked.js';

export interface Migration {
  name: string;
  up(db: Database): void;
}

/** Numbered, append-only: position N is schema version N+1. Never edit a landed one. */
export const migrations: Migration[] = [journal, memory, runProcessStart, threadBranch, memoryTracked];
