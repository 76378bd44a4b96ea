import { createRequire } from 'node:module';
import type { Database } from '../store/db.js';
import { rotate, rotatedDim } from './rotation.js';

const require = createRequire(import.meta.url);
const loaded = new WeakSet<Database>();

/** Loads sqlite-vec into this connection once; lazily, so commands without memory never pay. */
export function loadSqliteVec(db: Database): void {
  if (loaded.has(db)) return;
  const sqliteVec = require('sqlite-vec') as { load(db: Database): void };
  sqliteVec.load(db);
  loaded.add(db);
}

export interface EmbedderRow {
  id: number;
  name: string;
  dim: number;
}

export interface VectorHit {
  id: number;
  /** Cosine distance, 0 (same direction) to 2 (opposite). */
  distance: number;
}

/** Below this many vectors an exact scan is as fast as the quantized index, and exact. */
const EXACT_SCAN_MAX = 4000;

/**
 * Chunk vectors, one pair of tables per embedder (name and dimension). `mem_vec_N`, a
 * sqlite-vec vec0 table of binary-quantized vectors (after a fixed random rotation, see
 * rotation.ts) partitioned by repo, is the fast coarse index (hamming KNN); `mem_vecf_N`
 * keeps the full float32 vectors that re-rank the coarse candidates by exact cosine
 * distance (sqlite-vec's vec_distance_cosine). A trigger drops both when the chunk goes.
 */
export class VectorStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  /**
   * Loads sqlite-vec, which every method here does first. Code that deletes chunks itself
   * (their triggers reach the vec0 tables) calls it before; a re-index calls it while
   * ast-grep parses the changed files, off the critical path.
   */
  load(): void {
    loadSqliteVec(this.db);
  }

  /** The row of an embedder that has stored vectors of this dimension, if any. */
  findEmbedder(name: string, dim: number): EmbedderRow | undefined {
    this.load();
    return this.db.prepare('SELECT id, name, dim FROM mem_embedders WHERE name = ? AND dim = ?').get(name, dim) as EmbedderRow | undefined;
  }

  /** The embedder's newest row (any dimension): the one its pending chunks are measured against. */
  latestEmbedder(name: string): EmbedderRow | undefined {
    this.load();
    return this.db.prepare('SELECT id, name, dim FROM mem_embedders WHERE name = ? ORDER BY id DESC LIMIT 1').get(name) as EmbedderRow | undefined;
  }

  /** The embedder's row, creating it and its tables on first use. */
  embedder(name: string, dim: number): EmbedderRow {
    this.load();
    const existing = this.findEmbedder(name, dim);
    if (existing) return existing;
    return this.db
      .transaction(() => {
        // Re-read inside the write lock: another process may have created it meanwhile.
        const again = this.findEmbedder(name, dim);
        if (again) return again;
        const id = Number(this.db.prepare('INSERT INTO mem_embedders (name, dim, created_at) VALUES (?, ?, ?)').run(name, dim, Date.now()).lastInsertRowid);
        this.db.exec(`
          CREATE VIRTUAL TABLE mem_vec_${id} USING vec0 (repo TEXT PARTITION KEY, coarse BIT[${rotatedDim(dim)}]);
          CREATE TABLE mem_vecf_${id} (id INTEGER PRIMARY KEY, repo TEXT NOT NULL, embedding BLOB NOT NULL);
          CREATE INDEX mem_vecf_${id}_repo ON mem_vecf_${id} (repo);
          CREATE TRIGGER mem_vec_${id}_delete AFTER DELETE ON mem_chunks WHEN old.embedder_id = ${id} BEGIN
            DELETE FROM mem_vec_${id} WHERE rowid = old.id;
            DELETE FROM mem_vecf_${id} WHERE id = old.id;
          END;
        `);
        return { id, name, dim };
      })
      .immediate();
  }

  /** Stores one chunk's vector (replacing any earlier one). Call inside a transaction. */
  put(embedder: EmbedderRow, repo: string, id: number, vector: Float32Array): void {
    this.load();
    this.remove(embedder.id, id);
    this.db.prepare(`INSERT INTO mem_vec_${embedder.id} (rowid, repo, coarse) VALUES (?, ?, vec_quantize_binary(?))`).run(BigInt(id), repo, rotate(vector));
    this.db.prepare(`INSERT INTO mem_vecf_${embedder.id} (id, repo, embedding) VALUES (?, ?, ?)`).run(id, repo, vectorBlob(vector));
  }

  remove(embedderId: number, id: number): void {
    this.load();
    this.db.prepare(`DELETE FROM mem_vec_${embedderId} WHERE rowid = ?`).run(BigInt(id));
    this.db.prepare(`DELETE FROM mem_vecf_${embedderId} WHERE id = ?`).run(id);
  }

  /** Whether the repo has more than n vectors: stops at n rather than counting them all. */
  private hasMoreThan(embedderId: number, repo: string, n: number): boolean {
    return this.db.prepare(`SELECT 1 FROM mem_vecf_${embedderId} WHERE repo = ? LIMIT 1 OFFSET ?`).get(repo, n) !== undefined;
  }

  /**
   * The k nearest chunks. Large sets: hamming-distance KNN over the bit index, then exact
   * cosine over `oversample` candidates. Small sets, or a filtered `among` list: exact.
   */
  search(embedder: EmbedderRow, repo: string, query: Float32Array, k: number, among?: number[]): VectorHit[] {
    this.load();
    const exact = (ids?: number[]): VectorHit[] => {
      const where = ids ? 'id IN (SELECT value FROM json_each(?))' : 'repo = ?';
      return this.db
        .prepare(`SELECT id, vec_distance_cosine(embedding, ?) AS distance FROM mem_vecf_${embedder.id} WHERE ${where} ORDER BY distance LIMIT ?`)
        .all(vectorBlob(query), ids ? JSON.stringify(ids) : repo, k) as VectorHit[];
    };
    if (among) return among.length === 0 ? [] : exact(among);
    // vec0's KNN cost grows with k, so the candidate pool stays modest.
    const oversample = Math.min(4096, Math.max(100, 2 * k));
    if (!this.hasMoreThan(embedder.id, repo, Math.max(EXACT_SCAN_MAX, oversample))) return exact();
    const coarse = this.db
      .prepare(`SELECT rowid AS id FROM mem_vec_${embedder.id} WHERE coarse MATCH vec_quantize_binary(?) AND k = ? AND repo = ?`)
      .all(rotate(query), oversample, repo) as Array<{ id: number }>;
    return exact(coarse.map((row) => row.id));
  }
}

/** A vector as the little-endian float32 blob sqlite-vec reads (and lessons store). */
export function vectorBlob(vector: Float32Array | number[]): Buffer {
  const floats = vector instanceof Float32Array ? vector : Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
}
