import type { Embedder } from '../model/types.js';
import type { Policy } from '../policy/schema.js';
import type { Database } from '../store/db.js';
import { ftsDeleteChunk, ftsInsertChunk } from './fts.js';
import { scanRepo, type ScanResult } from './index-scan.js';
import type { VectorStore } from './vector-store.js';

export interface IndexStats {
  /** Files (re)chunked in this run. */
  files: number;
  /** Chunks written for those files. */
  chunks: number;
  /** Vectors computed in this run. */
  embedded: number;
  /** Files dropped from memory: deleted, renamed away, now ignored or denied. */
  removed: number;
  ms: number;
  embedder: string;
}

export interface IndexProgress {
  files: number;
  chunks: number;
  embedded: number;
}

export interface IndexContext {
  db: Database;
  repo: string;
  repoRoot: string;
  policy: Policy;
  embedder: Embedder;
  vectors: VectorStore;
}

const EMBED_BATCH = 128;
/** Embedding input cap: long chunks are cut, not skipped (the text index keeps all of it). */
const EMBED_CHARS = 6000;

/** Incremental index: scan, apply the differences in one transaction, then embed what lacks a vector. */
export async function indexRepo(
  context: IndexContext,
  options: { full?: boolean; onProgress?: (progress: IndexProgress) => void; signal?: AbortSignal } = {},
): Promise<IndexStats> {
  const started = performance.now();
  const progress: IndexProgress = { files: 0, chunks: 0, embedded: 0 };
  const scan = await scanRepo(context.db, context.repo, context.repoRoot, context.policy, {
    full: options.full,
    signal: options.signal,
    whileParsing: () => context.vectors.load(),
    onFile: (files) => {
      progress.files = files;
      if (files % 50 === 0) options.onProgress?.({ ...progress });
    },
  });
  progress.files = scan.changed.length;
  progress.chunks = applyScan(context, scan, options.full ?? false);
  options.onProgress?.({ ...progress });
  const embedded = await embedPending(
    context,
    (count) => {
      progress.embedded = count;
      options.onProgress?.({ ...progress });
    },
    options.signal,
  );
  return {
    files: scan.changed.length,
    chunks: progress.chunks,
    embedded,
    removed: scan.deleted.length,
    ms: Math.round(performance.now() - started),
    embedder: context.embedder.id,
  };
}

/**
 * Writes a scan. Chunks whose content hash already exists in a changed or deleted file
 * are moved rather than re-created, so a rename or a moved function keeps its vector.
 * Safe against a concurrent indexer: a file already at the new hash is left alone.
 */
function applyScan({ db, repo, vectors }: IndexContext, scan: ScanResult, full: boolean): number {
  // Deleting chunks fires triggers on the vec0 tables.
  vectors.load();
  const now = Date.now();
  const upsertFile = db.prepare(
    `INSERT INTO mem_files (repo, path, hash, language, size, mtime_ms, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (repo, path) DO UPDATE SET hash = excluded.hash, language = excluded.language, size = excluded.size,
       mtime_ms = excluded.mtime_ms, indexed_at = excluded.indexed_at`,
  );
  const touchFile = db.prepare('UPDATE mem_files SET size = ?, mtime_ms = ?, indexed_at = ? WHERE repo = ? AND path = ?');
  const fileHash = db.prepare('SELECT hash FROM mem_files WHERE repo = ? AND path = ?').pluck();
  const chunksOf = db.prepare('SELECT id, hash, path FROM mem_chunks WHERE repo = ? AND path = ?');
  const moveChunk = db.prepare('UPDATE mem_chunks SET path = ?, start_line = ?, end_line = ?, language = ?, kind = ? WHERE id = ?');
  const insertChunk = db.prepare('INSERT INTO mem_chunks (repo, path, start_line, end_line, language, kind, hash, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const deleteChunk = db.prepare('DELETE FROM mem_chunks WHERE id = ?');
  const deleteFile = db.prepare('DELETE FROM mem_files WHERE repo = ? AND path = ?');

  return db
    .transaction(() => {
      const changed = scan.changed.filter((file) => full || fileHash.get(repo, file.path) !== file.hash);
      const pool = new Map<string, Array<{ id: number; path: string }>>();
      if (!full) {
        for (const relPath of [...changed.map((file) => file.path), ...scan.deleted]) {
          for (const row of chunksOf.all(repo, relPath) as Array<{ id: number; hash: string; path: string }>) {
            const list = pool.get(row.hash) ?? [];
            list.push({ id: row.id, path: row.path });
            pool.set(row.hash, list);
          }
        }
      }
      for (const file of changed) {
        upsertFile.run(repo, file.path, file.hash, file.language, file.size, file.mtimeMs, now);
        if (full) for (const row of chunksOf.all(repo, file.path) as Array<{ id: number }>) deleteChunk.run(row.id);
      }
      let written = 0;
      for (const file of changed) {
        for (const chunk of file.chunks) {
          const reused = pool.get(chunk.hash)?.pop();
          if (reused) {
            moveChunk.run(file.path, chunk.startLine, chunk.endLine, file.language, chunk.kind, reused.id);
            if (reused.path !== file.path) {
              ftsDeleteChunk(db, reused.id);
              ftsInsertChunk(db, reused.id, repo, file.path, chunk.content);
            }
          } else {
            const id = Number(
              insertChunk.run(repo, file.path, chunk.startLine, chunk.endLine, file.language, chunk.kind, chunk.hash, chunk.content).lastInsertRowid,
            );
            ftsInsertChunk(db, id, repo, file.path, chunk.content);
          }
          written++;
        }
      }
      for (const list of pool.values()) for (const left of list) deleteChunk.run(left.id);
      for (const touched of scan.touched) touchFile.run(touched.size, touched.mtimeMs, now, repo, touched.path);
      // Cascades to the remaining chunks; triggers clear their text and vectors.
      for (const relPath of scan.deleted) deleteFile.run(repo, relPath);
      db.prepare('INSERT INTO mem_repos (repo, indexed_at) VALUES (?, ?) ON CONFLICT (repo) DO UPDATE SET indexed_at = excluded.indexed_at').run(repo, now);
      return written;
    })
    .immediate();
}

/** Embeds every chunk of the repo that has no vector from this embedder (new chunks, or an embedder switch). */
async function embedPending({ db, repo, embedder, vectors }: IndexContext, onEmbedded: (count: number) => void, signal?: AbortSignal): Promise<number> {
  // The id picks what is already embedded: an embedder still being chosen would count
  // every chunk as pending.
  await embedder.ready?.();
  let row = vectors.latestEmbedder(embedder.id);
  const pending = db.prepare('SELECT id, path, content FROM mem_chunks WHERE repo = ? AND embedder_id IS NOT ? AND id > ? ORDER BY id LIMIT ?');
  const current = db.prepare('SELECT embedder_id FROM mem_chunks WHERE id = ?');
  const mark = db.prepare('UPDATE mem_chunks SET embedder_id = ? WHERE id = ?');
  let after = 0;
  let embedded = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = pending.all(repo, row?.id ?? -1, after, EMBED_BATCH) as Array<{ id: number; path: string; content: string }>;
    if (batch.length === 0) break;
    after = batch[batch.length - 1]!.id;
    const result = await embedder.embed(
      batch.map((chunk) => `${chunk.path}\n${chunk.content}`.slice(0, EMBED_CHARS)),
      signal,
    );
    const dim = result[0]?.length ?? 0;
    if (!row || row.dim !== dim) row = vectors.embedder(embedder.id, dim);
    const target = row;
    db.transaction(() => {
      batch.forEach((chunk, i) => {
        const state = current.get(chunk.id) as { embedder_id: number | null } | undefined;
        // Gone, or embedded meanwhile by a concurrent indexer.
        if (!state || state.embedder_id === target.id) return;
        if (state.embedder_id !== null) vectors.remove(state.embedder_id, chunk.id);
        vectors.put(target, repo, chunk.id, Float32Array.from(result[i]!));
        mark.run(target.id, chunk.id);
        embedded++;
      });
    }).immediate();
    onEmbedded(embedded);
  }
  if (row) db.prepare('UPDATE mem_repos SET embedder_id = ? WHERE repo = ?').run(row.id, repo);
  return embedded;
}
