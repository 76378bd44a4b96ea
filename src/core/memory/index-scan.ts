import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../store/db.js';
import type { Policy } from '../policy/schema.js';
import { declarationRanges } from './ast-grep-ranges.js';
import { chunkText, type Chunk } from './chunker.js';
import { languageOf } from './languages.js';
import { MAX_INDEXED_BYTES, looksBinary } from './repo-files.js';
import { trackedIndexablePaths } from './tracked-paths.js';

export interface KnownFile {
  path: string;
  hash: string;
  size: number;
  mtime_ms: number;
  indexed_at: number;
}

export interface ChangedFile {
  path: string;
  hash: string;
  language: string;
  size: number;
  mtimeMs: number;
  chunks: Chunk[];
}

/** What an index run must write: a pure description, applied later in one transaction. */
export interface ScanResult {
  changed: ChangedFile[];
  /** Same content as indexed, new stat: only the stat is refreshed. */
  touched: Array<{ path: string; size: number; mtimeMs: number }>;
  deleted: string[];
}

// A file modified within this long of its last indexing could have changed in the same
// clock tick; its stat is not trusted and its content is hashed (git's "racy" rule).
const RACY_MS = 1000;

/**
 * Compares the working tree with what memory holds. Unchanged stat → skipped without
 * reading; changed stat but same hash → touched; otherwise read, chunked along its
 * declarations (one ast-grep process for all changed files), and returned.
 */
export async function scanRepo(
  db: Database,
  repo: string,
  repoRoot: string,
  policy: Policy,
  options: {
    full?: boolean;
    signal?: AbortSignal;
    onFile?: (done: number) => void;
    /** Work for the main thread while ast-grep parses the changed files in its own process. */
    whileParsing?: () => void;
  },
): Promise<ScanResult> {
  const known = new Map<string, KnownFile>();
  const rows = db.prepare('SELECT path, hash, size, mtime_ms, indexed_at FROM mem_files WHERE repo = ?').all(repo) as KnownFile[];
  for (const row of rows) known.set(row.path, row);

  const present = new Set<string>();
  const touched: ScanResult['touched'] = [];
  const toChunk: Array<Omit<ChangedFile, 'chunks'> & { text: string }> = [];
  const paths = await trackedIndexablePaths(db, repo, repoRoot, policy, { fresh: options.full, signal: options.signal });
  let done = 0;
  for (const relPath of paths) {
    options.signal?.throwIfAborted();
    // lstat: a tracked symlink (`notes.txt -> .env`, or out of the repo) is not indexed,
    // or the policy's hidden files would reach the embedder under another name.
    const stat = lstatSync(path.join(repoRoot, relPath), { throwIfNoEntry: false });
    if (!stat || !stat.isFile() || stat.size > MAX_INDEXED_BYTES) continue;
    const mtimeMs = Math.floor(stat.mtimeMs);
    const before = known.get(relPath);
    if (!options.full && before && before.size === stat.size && before.mtime_ms === mtimeMs && mtimeMs < before.indexed_at - RACY_MS) {
      present.add(relPath);
      continue;
    }
    const bytes = readFileSync(path.join(repoRoot, relPath));
    if (looksBinary(bytes)) continue;
    present.add(relPath);
    const hash = createHash('sha1').update(bytes).digest('hex');
    if (!options.full && before && before.hash === hash) {
      touched.push({ path: relPath, size: stat.size, mtimeMs });
      continue;
    }
    toChunk.push({ path: relPath, hash, language: languageOf(relPath).name, size: stat.size, mtimeMs, text: bytes.toString('utf8') });
    options.onFile?.(++done);
  }

  // declarationRanges keeps the files ast-grep can split and sends it only their languages' rules.
  const parsing = declarationRanges(
    repoRoot,
    toChunk.map((file) => file.path),
    options.signal,
  );
  try {
    options.whileParsing?.();
  } catch (error) {
    await parsing.catch(() => undefined);
    throw error;
  }
  const ranges = await parsing;
  const changed = toChunk.map(({ text, ...file }) => ({
    ...file,
    chunks: chunkText(text, languageOf(file.path).astGrep ? ranges.get(file.path) : undefined),
  }));
  const deleted = [...known.keys()].filter((relPath) => !present.has(relPath));
  return { changed, touched, deleted };
}
