import { createRequire } from 'node:module';
import { decodeJsonSegment } from './checksum.js';

// What is not a credential even when it has a credential's shape: placeholders (by
// shape, for every rule) and values the providers and standards publish as samples.

const PLACEHOLDER_WORDS =
  /x{4}|#{3}|\*{3}|\.{3}|…|<[^>]*>|\$\{|\{\{|%\(|changeme|change[_-]me|example|dummy|fake|placeholder|redacted|sample|your[_-]|[_-]here\b|not[_-]?a[_-]?real|notreal|replace[_-]?me|insert[_-]|12345678|abcdefghij|0{8}/i;

// A value that spells out what it stands for in capitals: `BASE32ENCODEDSECRET`,
// `VERYLONGSECRET…`, `…ACCESSTOKEN`. Case-sensitive: random text does not spell words.
const SPELLED_OUT = /SECRET|PASSWORD|PASSWD|TOKEN|APIKEY/;

/**
 * Runs of three or more ascending letters or digits (`abc`, `123`, `uvwxyz`): typed-out demo
 * values such as `abc123def456ghi789` have several, random text almost never three.
 */
function alphabetWalks(value: string): number {
  let walks = 0;
  let run = 1;
  const lower = value.toLowerCase();
  for (let index = 1; index <= lower.length; index++) {
    const code = lower.charCodeAt(index);
    const alphanumeric = (code >= 98 && code <= 122) || (code >= 49 && code <= 57);
    if (index < lower.length && alphanumeric && lower.charCodeAt(index - 1) === code - 1) {
      run++;
      continue;
    }
    if (run >= 3) walks++;
    run = 1;
  }
  return walks;
}

/**
 * Whether `variable` (the token without its fixed prefix) is a placeholder: a template
 * variable, a word that says so, a run of one repeated character, or too few distinct
 * characters to have been generated.
 */
export function isPlaceholder(variable: string): boolean {
  if (PLACEHOLDER_WORDS.test(variable) || SPELLED_OUT.test(variable) || alphabetWalks(variable) >= 3) return true;
  const distinct = new Set(variable.replace(/[-_.=/+]/g, '')).size;
  if (distinct <= 3) return true;
  // One character repeated for most of the value: AKIA0000000000000001, sk_live_aaaa…b.
  return /(.)\1{7,}/.test(variable) && distinct <= 6;
}

// sha256 of sample keys published in providers' documentation (so this file holds no
// key-shaped literal). AWS's published examples all end in EXAMPLE / EXAMPLEKEY, which the
// placeholder words catch.
const PUBLIC_SAMPLE_SHA256 = new Set([
  // Stripe's documented test keys (API reference and quick starts).
  '2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326',
  'b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b',
  'f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397',
  // GitHub's documented OAuth token example.
  'bc3ae723f57c6b9e3fd80b699fcc420f6074b0b1718039669d22631d508ac0a7',
]);

// node:crypto loads on the first candidate value, not with the rules: loading it takes
// about 7 ms, and most commits the pre-commit gate sees have no candidate at all.
let crypto: typeof import('node:crypto') | undefined;

export function sha256(value: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(value).digest('hex');
}

/**
 * The JWT standard's and jwt.io's sample tokens are recognised by their claims, so any
 * signature (HS256, RS256, the variants docs re-sign) counts: RFC 7519 §3.1 ("iss": "joe",
 * "exp": 1300819380) and jwt.io's John Doe ("sub": "1234567890", "iat": 1516239022).
 */
function isSampleJwt(token: string): boolean {
  const payload = decodeJsonSegment(token.split('.')[1] ?? '');
  if (!payload) return false;
  if (payload.iss === 'joe' && payload.exp === 1300819380) return true;
  // Microsoft identity platform's documented id_token, and tokens whose claims say they are
  // examples (AWS's `EXAMPLE…` contexts, an `example.com` issuer): documentation samples.
  if (payload.name === 'Abe Lincoln') return true;
  if (Object.values(payload).some((claim) => typeof claim === 'string' && /example/i.test(claim))) return true;
  // Copies often carry `sub` as a number.
  return String(payload.sub) === '1234567890' && (payload.name === 'John Doe' || payload.iat === 1516239022);
}

// The MD5, SHA-1 and SHA-256 digests of empty input: constants every test suite uses.
const EMPTY_DIGEST =
  /^(?:d41d8cd98f00b204e9800998ecf8427e|da39a3ee5e6b4b0d3255bfef95601890afd80709|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855)$/i;

/** A value published as a sample by a provider or a standard: never reported. */
export function isPublicSample(token: string): boolean {
  if (token.startsWith('eyJ') && isSampleJwt(token)) return true;
  if (EMPTY_DIGEST.test(token)) return true;
  return PUBLIC_SAMPLE_SHA256.has(sha256(token));
}
