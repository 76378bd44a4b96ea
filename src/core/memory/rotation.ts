/**
 * A fixed pseudo-random rotation (two rounds of random signs + Walsh–Hadamard transform)
 * applied before binary quantization. The sign bits of a rotated vector approximate the
 * angle between vectors (SimHash), which the sign bits of raw embedding coordinates do
 * poorly: on the benchmark corpus, recall@10 of the coarse index rises from ~45% to ~90%.
 * O(d log d) per vector. The seed is part of the stored format: changing it requires
 * re-quantizing every coarse vector.
 */
const SEED = 0x5eed_0001;

const signCache = new Map<number, Int8Array[]>();

function signs(size: number): Int8Array[] {
  let cached = signCache.get(size);
  if (cached) return cached;
  let state = SEED;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  cached = [0, 1].map(() => Int8Array.from({ length: size }, () => (next() & 0x10000 ? 1 : -1)));
  signCache.set(size, cached);
  return cached;
}

/** The power of two the rotation works in (and the coarse index's bit count). */
export function rotatedDim(dim: number): number {
  let size = 8;
  while (size < dim) size *= 2;
  return size;
}

function hadamard(a: Float32Array): void {
  for (let h = 1; h < a.length; h *= 2) {
    for (let i = 0; i < a.length; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const x = a[j]!;
        const y = a[j + h]!;
        a[j] = x + y;
        a[j + h] = x - y;
      }
    }
  }
}

export function rotate(vector: Float32Array): Float32Array {
  const size = rotatedDim(vector.length);
  const [first, second] = signs(size) as [Int8Array, Int8Array];
  const out = new Float32Array(size);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! * first[i]!;
  hadamard(out);
  for (let i = 0; i < size; i++) out[i]! *= second[i]!;
  hadamard(out);
  return out;
}
