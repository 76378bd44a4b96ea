import type { Severity } from '../policy/schema.js';
import type { CheckedFile } from './changes.js';
import type { RawFinding } from './finding.js';

// In-process secret detection over added lines: well-known token formats, then
// high-entropy literals assigned to secret-looking names. Regexes only, no I/O.
//
// Deliberate choices (see docs/gates.md):
// - AWS's documented example keys (…EXAMPLE, …EXAMPLEKEY) and values that are clearly
//   placeholders (changeme, xxx…, <token>, ${VAR}, your-key-here) are not reported:
//   they are published non-credentials and flagging them trains people to suppress.
// - Environment lookups (os.environ[...], process.env.X, getenv) are never literals, so
//   the generic rule cannot fire on them.
// - Test fixtures are not exempt by path: a real token in a test file is still a leak.

interface TokenRule {
  id: string;
  regex: RegExp;
  severity: Severity;
  message: string;
}

const TOKEN_RULES: TokenRule[] = [
  { id: 'aws-access-key-id', regex: /\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})\b/, severity: 'critical', message: 'AWS access key id' },
  {
    id: 'aws-secret-access-key',
    regex: /aws_?secret(?:_?access)?_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/i,
    severity: 'critical',
    message: 'AWS secret access key',
  },
  { id: 'github-token', regex: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/, severity: 'critical', message: 'GitHub token' },
  { id: 'github-token', regex: /\b(github_pat_[A-Za-z0-9_]{22,255})\b/, severity: 'critical', message: 'GitHub fine-grained token' },
  { id: 'gitlab-token', regex: /\b(glpat-[A-Za-z0-9_-]{20,})/, severity: 'critical', message: 'GitLab personal access token' },
  { id: 'slack-token', regex: /\b(xox[baprs]-[A-Za-z0-9-]{10,})/, severity: 'critical', message: 'Slack token' },
  {
    id: 'slack-webhook',
    regex: /(https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+)/,
    severity: 'high',
    message: 'Slack incoming webhook URL',
  },
  { id: 'stripe-key', regex: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})/, severity: 'critical', message: 'Stripe live secret key' },
  {
    id: 'private-key',
    regex: /(-----BEGIN (?:RSA |DSA |EC |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)/,
    severity: 'critical',
    message: 'private key block',
  },
  {
    id: 'jwt',
    regex: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})/,
    severity: 'high',
    message: 'JSON Web Token',
  },
];

// name = "literal" / name: 'literal' / "name": "literal" / NAME=literal (dotenv, shell) /
// name: literal (YAML, whole line).
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|credential|client[_-]?secret)[A-Za-z0-9_.-]*`;
const ASSIGNMENT = new RegExp(
  String.raw`(?:^|[\s{,;(])["']?(${SECRET_NAME})["']?\s*(?::=|=>|==?|:)\s*(?:[rbuf]{0,2})(["'\x60])([^"'\x60\s]{12,})\2|^\s*(?:export\s+)?(${SECRET_NAME})\s*[=:]\s*([^\s"'#]{12,})\s*$`,
  'i',
);

const PLACEHOLDER = /example|placeholder|changeme|change_me|dummy|sample|fake|redacted|your[_-]|<[^>]*>|\$\{|\{\{|%\(|xxxx|\*\*\*\*|\.\.\.|^[a-z_]+$|^(.)\1+$/i;

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Random-looking enough to be a credential: entropy and a mix of character classes. */
function looksRandom(value: string): boolean {
  if (PLACEHOLDER.test(value)) return false;
  // Code, not a literal: a call, an index, a variable or a config lookup.
  if (/[()[\]{}]|^[$%&@!*]|\b(?:env|environ|getenv|config|settings|secrets)\b/i.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  if (classes < 2) return false;
  const threshold = /^[0-9a-f]+$/i.test(value) ? 3.0 : 3.5;
  return shannonEntropy(value) >= threshold;
}

function mask(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 4)}…${value.slice(-2)}`;
}

/** Published examples and placeholders are not reported (or masked). */
function notACredential(rule: TokenRule, value: string): boolean {
  return /EXAMPLE/.test(value) || (rule.id !== 'private-key' && PLACEHOLDER.test(value) && !/^(?:gh|xox|glpat|sk_|rk_|AKIA|ASIA|eyJ|github_pat)/.test(value));
}

/** Findings for one line of added text. */
export function scanLine(text: string): Array<{ rule: string; severity: Severity; message: string }> {
  const results: Array<{ rule: string; severity: Severity; message: string }> = [];
  for (const rule of TOKEN_RULES) {
    const match = rule.regex.exec(text);
    if (!match) continue;
    const value = match[1] ?? match[0];
    if (notACredential(rule, value)) continue;
    if (results.some((found) => found.rule === `secrets/${rule.id}`)) continue;
    results.push({ rule: `secrets/${rule.id}`, severity: rule.severity, message: `${rule.message} (${mask(value)})` });
  }
  if (results.length > 0) return results;
  const assignment = ASSIGNMENT.exec(text);
  if (assignment) {
    const name = assignment[1] ?? assignment[4] ?? '';
    const value = assignment[3] ?? assignment[5] ?? '';
    if (looksRandom(value)) {
      results.push({
        rule: 'secrets/high-entropy-assignment',
        severity: 'high',
        message: `high-entropy value assigned to "${name}" (${mask(value)}); load it from the environment or a secret store`,
      });
    }
  }
  return results;
}

/** Secrets in the added lines of every text file. */
export function scanSecrets(files: readonly CheckedFile[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const file of files) {
    if (file.content === undefined) continue;
    for (const added of file.added) {
      // Long minified lines are scanned too, but capped so one pathological line stays fast.
      const text = added.text.length > 4000 ? added.text.slice(0, 4000) : added.text;
      for (const hit of scanLine(text)) {
        findings.push({ gate: 'secrets', rule: hit.rule, severity: hit.severity, file: file.path, line: added.line, message: hit.message });
      }
    }
  }
  return findings;
}

// Output of sandboxed commands (tests, lint) is untrusted text that can carry whatever
// the code under test could read. Before it reaches a prompt, the journal or an
// evidence pack it goes through the same detectors, with each hit replaced in place.

const PRIVATE_KEY_BLOCK = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY(?: BLOCK)?-----|$)/g;
const GLOBAL_RULES = TOKEN_RULES.filter((rule) => rule.id !== 'private-key').map((rule) => ({ rule, regex: new RegExp(rule.regex.source, `${rule.regex.flags}g`) }));

/** The text with every secret the detectors find replaced by `[secret masked: <rule>]`. */
export function maskSecrets(text: string): string {
  // A key's body lines are plain base64, so the whole block goes, up to its END line
  // (or to the end of the text, when the output was cut inside it).
  let masked = text.replace(PRIVATE_KEY_BLOCK, '[secret masked: private-key]');
  masked = masked
    .split('\n')
    .map((line) => maskLine(line))
    .join('\n');
  return masked;
}

function maskLine(line: string): string {
  let result = line;
  for (const { rule, regex } of GLOBAL_RULES) {
    result = result.replace(regex, (match: string, value: string | undefined) => {
      const secret = value ?? match;
      return notACredential(rule, secret) ? match : match.replace(secret, `[secret masked: ${rule.id}]`);
    });
  }
  // Generic assignments (PASSWORD=…, "api_key": "…"), one per pass: each pass removes one.
  for (let pass = 0; pass < 8; pass++) {
    const assignment = ASSIGNMENT.exec(result);
    const value = assignment?.[3] ?? assignment?.[5];
    if (!assignment || !value || !looksRandom(value)) break;
    const start = assignment.index + assignment[0].lastIndexOf(value);
    result = `${result.slice(0, start)}[secret masked: high-entropy-assignment]${result.slice(start + value.length)}`;
  }
  return result;
}
