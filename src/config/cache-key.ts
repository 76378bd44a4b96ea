// File names for per-repo caches under ORYON_HOME. Not a digest: node:crypto alone costs
// about 6 ms to load, a fifth of what the pre-commit gate's fast path may add to
// `node -e 0` (perf/startup.perf.ts). A collision only makes two repos share a cache
// file, whose content names what it is for, so it costs a miss, never a wrong answer.

/** 64-bit FNV-1a of `text` as 16 hex digits. */
export function cacheKey(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
