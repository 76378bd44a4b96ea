import type { Embedder } from '../model/types.js';
import { STOPWORDS, words } from './text-features.js';

/** Dimension of the offline vectors (a multiple of 8, so they also quantize to bits). */
export const OFFLINE_DIM = 384;
export const OFFLINE_EMBEDDER_ID = `offline:v1-${OFFLINE_DIM}`;

// Keywords every chunk of code shares say nothing about what it does.
const STOP = new Set([...STOPWORDS, ...'const let var return function import export new if else'.split(' ')]);

/** 32-bit FNV-1a: cheap, stable across platforms and releases (vectors are stored). */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function add(vector: Float32Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  // Signed hashing: collisions cancel out on average instead of piling up.
  vector[hash % OFFLINE_DIM]! += hash & 0x80000000 ? -weight : weight;
}

/**
 * Embeds one text as hashed word features plus character trigrams of each word (so
 * "loader" is near "load" and "loading"), term frequency dampened by a square root, then
 * L2-normalised so cosine distance is meaningful.
 */
export function embedOffline(text: string): Float32Array {
  const counts = new Map<string, number>();
  for (const word of words(text)) {
    if (word.length < 2 || STOP.has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const vector = new Float32Array(OFFLINE_DIM);
  for (const [word, count] of counts) {
    const weight = Math.sqrt(count);
    add(vector, word, weight);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) add(vector, padded.slice(i, i + 3), 0.35 * weight);
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) {
    // No features (empty or symbols only): a fixed unit vector keeps cosine defined.
    vector[0] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < OFFLINE_DIM; i++) vector[i]! *= scale;
  return vector;
}

/** The built-in embedder: no model, no network, deterministic. */
export function createOfflineEmbedder(): Embedder {
  return {
    id: OFFLINE_EMBEDDER_ID,
    async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
      signal?.throwIfAborted();
      return texts.map((text) => Array.from(embedOffline(text)));
    },
  };
}
