import { characterClasses, shannonEntropy } from './entropy.js';
import { isPlaceholder, isPublicSample } from './placeholder.js';
import type { Candidate } from './rule.js';

// The name-based rule for formats no provider rule knows: a literal assigned to (or passed
// with) a name that says "secret" — and only when the literal itself looks generated.
// Labels, enum members, phrases, URLs, UUID references, file names, versions, environment
// reads, template variables and code references are values that *name* or *fetch* a
// secret, not secrets, and are never reported.

// Run over the lower-cased text: a case-insensitive alternation is several times slower.
const NAME_WORD =
  /passw(?:or)?d|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?|client[_-]?secret|signing[_-]?key|encryption[_-]?key|master[_-]?key|session[_-]?key|app[_-]?key/g;
const NAME_WORD_ANY_CASE = new RegExp(NAME_WORD.source, 'gi');

// Names that describe a secret rather than hold one: secret_name, token_url, password_hint…
const DESCRIBING =
  /^(?:name|names|url|uri|urls|endpoint|path|file|filename|dir|length|len|size|type|types|field|fields|label|id|ids|header|param|prefix|suffix|hint|policy|count|env|var|pattern|regex|format|mode|expiry|expires|expiresat|expiration|ttl|version|kind|ref|store|provider|source|location|placeholder|text|title|message|msg|description|error|errors|required|enabled|visible|valid|strength|rules|input|reset|confirm|confirmation|changed|limit|timeout|lifetime|tokenizer|tokens|usage|cost|max|min|hash|hashed|digest|salt|algorithm|alg|method|scheme|schema|scope|scopes|audience|issuer|class|module|helper|handler|service|manager|factory|validator|column|table|arn|spec|specs)$/;

// Tokens that are not credentials: a pagination cursor (NextToken, page_token), an
// idempotency key, a WebDAV lock. Their values are opaque and random-looking by design.
const STATE_TOKEN = /^(?:next|page|continuation|pagination|paging|cursor|lock|idempotency)_token$/;

// `…/badge.svg?token=…`: a query parameter of an image URL is made to be embedded in a
// README (Codecov's badge and graph token is read-only and public by design).
const IMAGE_URL_QUERY = /https?:\/\/[^\s?#"'()]*(?:\.(?:svg|png|gif)|\/badge)\?[^\s"'()]*$/i;

/** Whether the name at `start` is a query parameter of an image URL. */
function inImageUrl(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start) + 1;
  return IMAGE_URL_QUERY.test(text.slice(Math.max(lineStart, start - 300), start));
}

/** [A-Za-z0-9_.-], by char code: this runs for every character around every name. */
function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45;
}

// After the name: a closing quote or bracket, a Go or TypeScript type, the operator, and
// a quoted value (group 2, its quote in group 1) or an unquoted one (group 3).
const TAIL =
  /\\?["'\]]?[ \t]*(?:(?::[ \t]*[A-Za-z_][\w.<>[\]|]{0,40}[ \t]*)(?==)|[ \t]+[A-Za-z_][\w.*[\]]{0,30}[ \t]*(?==))?(?::=|\?=|\.=|\+=|=>|===?|!==?|:|=|,)[ \t]*(?:[rbuRBfF]{1,2}(?=["']))?(?:\\?(["'`])([^"'`\s\\]{1,300})\\?\1|([^\s"'`,;]{1,300}))/y;

// Files where `NAME=value` / `name: value` without quotes is a literal, not code.
const CONFIG_FILE =
  /(?:^|\/)(?:\.env[^/]*|[^/]*\.(?:env|ya?ml|ini|cfg|conf|properties|toml|sh|bash|zsh|envrc|tfvars|hcl|txt|md|rst|adoc)|Makefile|Dockerfile|Procfile|[^/.]+)$/i;

const URL_VALUE = /^[a-z][\w+.-]*:\/\//i;
// Names of things rather than secrets: URNs (`urn:uuid:…`) and AWS ARNs.
const URN = /^(?:urn|arn):[\w.-]*:/i;
// A date or timestamp (`PasswordLastUsed: "2016-09-08T21:47:36Z"`).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILE_NAME =
  /^(?:\.{0,2}\/|~\/)|\.(?:cer|crt|pem|key|p12|pfx|jks|json|ya?ml|txt|env|pub|der|cert|keystore|conf|cfg|ini|toml|xml|gpg|asc|enc|secret|properties|py|js|ts|rb|go|sh)$/i;
const VERSION = /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/;
// A lower-case path (`secrets/github-token`, `.config/git/credentials`); base64 secrets
// that contain `/` are mixed-case.
const LOWER_PATH = /^[.~]?[a-z0-9_.-]*(?:\/[a-z0-9_.-]+)+\/?$/;
const INDIRECTION = /process\.env|os\.environ|getenv|ENV\[|\{\{|\$\{|#\{|^__[A-Z0-9_]+__$/;
// A leading sigil (`$VAR`, `%VAR%`, YAML's `!Ref`, `&anchor`, `*alias`, `@value`): a reference
// in config, but also how many chosen passwords start, so not part of isReference.
const SIGIL = /^[$%@&*!<{[(]/;
// `X25519.secret_length`, `Jobs[-1].JobId` (a paginator's path), `fastify.jwt.decode(token)`,
// `pki.decryptPrivateKeyInfo(` (a call whose arguments follow on the next line).
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:\[-?\d+\])?(?:(?:\.|::|->)[A-Za-z_$][\w$]*(?:\[-?\d+\])?)+(?:\([\w$.]*\)?)?$/;
// Minified code read as a literal: the quote before the "value" closed a string that ended
// with the name (`throw"bad password: "+h.hex}if(…`), so what follows is code.
const CODE_FRAGMENT = /^[+)\]},;.?:|&]+[\w$].*(?:[)\]}][)\]};,]|\)\{|[!=]==|&&|\|\|)/;
// An identifier made of words and acronyms (`DocumentTitleFieldName`, `AWSSecretKeyV2`), as in
// a list of field names. Words have a vowel; an acronym stands before a word, digits or the
// end, so random mixed case rarely fits and all-caps base32 never does.
const IDENTIFIER = /^(?=.*[A-Z][a-z]{2})(?:[a-z]*[aeiouy][a-z]*)?(?:[A-Z](?=[a-z]{2})[a-z]*[aeiouy][a-z]*|[A-Z]{2,5}(?=[A-Z][a-z]|\d|$)|[A-Z]?\d{1,2}(?!\d))+$/;
const WORD = /^[A-Za-z]+\d{0,4}[!?.*@#$%]?$/;
const LABEL_SEGMENT = /^(?:[A-Za-z][a-z]*|[A-Z]+|v)\d{0,2}$/;

/** A word or an identifier (`foobar`, `Password123!`, `apiKey`, `ExampleValue`), not random letters. */
function isWord(value: string): boolean {
  if (!WORD.test(value)) return false;
  const caseChanges = value.match(/[a-z][A-Z]|[A-Z][a-z]/g)?.length ?? 0;
  return caseChanges <= 4 || value.length <= 8;
}

/**
 * A value that names, points to or fetches a secret rather than holding one: a URL, URN or
 * ARN, UUID, file name or path, version, timestamp, environment read, template variable or
 * code reference. Also used by the security gate's hard-coded credential check.
 */
export function isReference(value: string): boolean {
  if (URL_VALUE.test(value) || URN.test(value) || UUID.test(value) || FILE_NAME.test(value) || VERSION.test(value) || LOWER_PATH.test(value)) return true;
  return TIMESTAMP.test(value) || INDIRECTION.test(value) || CODE_REFERENCE.test(value) || CODE_FRAGMENT.test(value);
}

/** A value that could have been generated: long enough, mixed, and random-looking. */
export function isSecretLike(value: string, minLength = 10): boolean {
  if (value.length < minLength) return false;
  if (isReference(value) || SIGIL.test(value) || isWord(value) || IDENTIFIER.test(value)) return false;
  const segments = value.split(/[-_.: ]+/).filter(Boolean);
  if (segments.length >= 2 && segments.every((segment) => LABEL_SEGMENT.test(segment))) return false;
  if (isPlaceholder(value)) return false;
  if (characterClasses(value) < 2) return false;
  const hex = /^[0-9a-f]+$/i.test(value);
  return shannonEntropy(value) >= (hex ? 3.0 : 3.3) && !isPublicSample(value);
}

/**
 * The name's last word says it describes the secret (secret_name, tokenUrl, password_hint),
 * or its last two say it is a token that is no credential (NextToken, page_token).
 */
function describing(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[-_.]+/)
    .filter(Boolean);
  const last = words.at(-1);
  return last !== undefined && (DESCRIBING.test(last) || STATE_TOKEN.test(words.slice(-2).join('_')));
}

/** Candidates of the generic rule in `text`; `path` decides whether unquoted values count ('' = they do). */
export function findGeneric(text: string, path: string, lower = text.toLowerCase()): Candidate[] {
  const found: Candidate[] = [];
  // No path (command output, a prompt): any line may be a config line.
  const unquotedAllowed = path === '' || CONFIG_FILE.test(path);
  let lastNameEnd = -1;
  // Lower-casing can change the length of a few non-ASCII strings; then search the text itself.
  const names = lower.length === text.length ? NAME_WORD : NAME_WORD_ANY_CASE;
  const haystack = lower.length === text.length ? lower : text;
  names.lastIndex = 0;
  for (let match = names.exec(haystack); match; match = names.exec(haystack)) {
    let start = match.index;
    while (start > 0 && match.index - start < 64 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = match.index + match[0].length;
    while (end < text.length && end - match.index < 64 && isNameChar(text.charCodeAt(end))) end++;
    if (start < lastNameEnd) continue;
    lastNameEnd = end;
    names.lastIndex = end;
    const before = text[start - 1];
    // <password>value</password>, closed by the same name.
    if (before === '<' && text[end] === '>') {
      const close = text.indexOf('<', end + 1);
      const value = close > end && text.startsWith(`</${text.slice(start, end)}>`, close) ? text.slice(end + 1, close) : '';
      if (!/\s/.test(value) && isSecretLike(value) && !describing(text.slice(start, end))) found.push({ index: end + 1, token: value });
      continue;
    }
    // The cheap test first: most names in code are not followed by a literal at all.
    TAIL.lastIndex = end;
    const tail = TAIL.exec(text);
    if (!tail) continue;
    if (describing(text.slice(start, end).replace(/^[.-]+|[.-]+$/g, ''))) continue;
    if ((before === '?' || before === '&') && inImageUrl(text, start)) continue;
    const operator = /(?::=|\?=|\.=|\+=|=>|===?|!==?|:|=|,)/.exec(tail[0])![0];
    // `set("X-Api-Key", "…")`: a comma counts only after a quoted name.
    if (operator === ',' && before !== '"' && before !== "'") continue;
    const quoted = tail[2];
    let value = quoted;
    if (value === undefined) {
      if (!unquotedAllowed || operator === ',') continue;
      // Unquoted: the rest of the line must be the value (and maybe a comment).
      const lineEnd = text.indexOf('\n', TAIL.lastIndex);
      const after = text.slice(TAIL.lastIndex, lineEnd < 0 ? text.length : lineEnd);
      if (!/^[ \t]*(?:#.*)?\r?$/.test(after)) continue;
      // `{refresh_token: token.refreshToken})` in a docs page: closers with no opener end code.
      value = /[([{]/.test(tail[3]!) ? tail[3]! : tail[3]!.replace(/[)\]}]+$/, '');
    }
    if (isSecretLike(value)) found.push({ index: TAIL.lastIndex - tail[0].length + tail[0].lastIndexOf(value), token: value });
  }
  return found;
}

/** A percent-encoded URL part decoded, or as it is when it is not valid percent-encoding. */
export function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
