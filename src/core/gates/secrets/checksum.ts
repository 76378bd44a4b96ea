import { createRequire } from 'node:module';

// Structural checks for formats that carry one: a token that fails them is not that
// provider's token (a hand-typed lookalike, a truncated paste, a test value).

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

// node:zlib costs ~4 ms to load, on every commit, for a check that runs only when a
// GitHub- or npm-shaped token turns up: loaded then.
let zlib: typeof import('node:zlib') | undefined;

/** The 6-character base62 CRC32 tail GitHub and npm append to the token's random part. */
export function crc32Base62(random: string): string {
  zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  return base62(zlib.crc32(random) >>> 0, 6);
}

/** `prefix` + random + 6-char CRC32 tail (GitHub `ghp_…`, npm `npm_…`). */
export function hasCrc32Tail(token: string, prefixLength: number): boolean {
  const body = token.slice(prefixLength);
  if (body.length <= 6) return false;
  return crc32Base62(body.slice(0, -6)) === body.slice(-6);
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i]!;
  }
  return chk;
}

/** BIP-173 bech32 checksum (age's `AGE-SECRET-KEY-1…` keys). */
export function isBech32(text: string): boolean {
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || separator + 7 > lower.length) return false;
  const hrp = lower.slice(0, separator);
  const data: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const value = BECH32.indexOf(char);
    if (value < 0) return false;
    data.push(value);
  }
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  return polymod([...expanded, ...data]) === 1;
}

/** A base64url (or base64) segment decoded to a JSON object, or undefined. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
