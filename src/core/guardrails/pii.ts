// PII detectors for redaction: e-mail addresses, phone numbers, IBANs (mod-97 checked),
// payment card numbers (Luhn checked) and addresses of private hosts (RFC 1918, CGNAT,
// link-local IPv4; unique-local and link-local IPv6). Each is a regex narrowed by a check
// so version strings, dates and hashes are left alone.
import type { Span } from './secret-spans.js';

export const PII_KINDS = ['email', 'phone', 'iban', 'card', 'ip'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

interface Detector {
  kind: PiiKind;
  regex: RegExp;
  valid?: (value: string) => boolean;
}

const DETECTORS: Detector[] = [
  { kind: 'iban', regex: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, valid: ibanValid },
  { kind: 'card', regex: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g, valid: luhnValid },
  {
    kind: 'phone',
    regex: /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){2,4}|\(\d{3}\) ?\d{3}-\d{4}|\b\d{3}[.-]\d{3}[.-]\d{4})(?![\w])/g,
    valid: phoneValid,
  },
  { kind: 'ip', regex: /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g, valid: privateIpv4 },
  { kind: 'ip', regex: /(?<![\w:])(?:f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):(?:[0-9a-f]{0,4}:){1,6}[0-9a-f]{0,4}(?![\w:])/gi },
];

export function piiSpans(text: string, kinds: readonly PiiKind[]): Span[] {
  const spans: Span[] = kinds.includes('email') ? emailSpans(text) : [];
  for (const detector of DETECTORS) {
    if (!kinds.includes(detector.kind)) continue;
    for (const match of text.matchAll(detector.regex)) {
      if (detector.valid && !detector.valid(match[0])) continue;
      spans.push({ start: match.index, end: match.index + match[0].length, rule: detector.kind });
    }
  }
  return spans;
}

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;

/**
 * E-mail addresses, found from each "@" outwards: a regex tried at every position of a
 * 100 kB prompt costs several ms, the "@" scan a fraction of one.
 */
function emailSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end]!)) end++;
    while (end > at + 1 && /[.-]/.test(text[end - 1]!)) end--; // a sentence's full stop is not the domain's
    const domain = text.slice(at + 1, end);
    if (start === at || !/^(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}$/.test(domain)) continue;
    spans.push({ start, end, rule: 'email' });
  }
  return spans;
}

export function luhnValid(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

export function ibanValid(value: string): boolean {
  const compact = value.replace(/ /g, '');
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function phoneValid(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15;
}

export function privateIpv4(value: string): boolean {
  const parts = value.split('.').map(Number);
  if (parts.some((part) => part > 255)) return false;
  const [a, b] = parts as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}
