import type { SecretsAllow, Severity } from '../policy/schema.js';
import type { CheckedFile } from './changes.js';
import type { RawFinding } from './finding.js';
import { allowChecker } from './secrets/allow.js';
import { documentationRanges, locationOf, LOCATION_WORDS, type Location } from './secrets/location.js';
import { maskValue } from './secrets/mask.js';
import { findSecrets, GENERIC_RULE_ID, type SecretHit } from './secrets/scan.js';

// The secrets gate and the masking of untrusted output, over the rule set in secrets/.
// A token is known by its shape wherever it stands (secrets/rules/, one file per
// provider); the name-based generic rule catches unknown formats only when the value
// itself looks generated (secrets/generic.ts). See docs/gates.md.
//
// Deliberate choices:
// - Placeholders (by shape, for every rule) and values providers and standards publish
//   as samples are never reported: flagging them trains people to suppress.
// - Where a value stands matters: in docs, tests, fixtures and examples a finding is
//   reported at `low` (not blocking by default) unless it has a live provider's exact
//   shape — a real-looking AWS key id in a README still blocks.
// - Findings carry the value masked (first 4 characters and the length), never whole.

export { shannonEntropy } from './secrets/entropy.js';
export { maskValue } from './secrets/mask.js';

export interface ScanOptions {
  /** `secrets.allow` from the policy. */
  allow?: readonly SecretsAllow[];
}

interface LineHit {
  rule: string;
  severity: Severity;
  message: string;
}

function message(hit: SecretHit, where: Location | undefined, lowered: boolean): string {
  const base = `${hit.description} (${maskValue(hit.token)})`;
  if (lowered) return `${base}; in ${LOCATION_WORDS[where!]}, so not blocking — check it is not a real credential`;
  if (hit.ruleId === GENERIC_RULE_ID) return `${base}; load it from the environment or a secret store`;
  return base;
}

/** Findings for one line of text (no path: source rules, no location). */
export function scanLine(text: string): LineHit[] {
  return findSecrets(text).map((hit) => ({ rule: `secrets/${hit.ruleId}`, severity: hit.severity, message: message(hit, undefined, false) }));
}

/** Start offset of every line, for mapping a match offset to its 1-based line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** Secrets in the added lines of every text file: each file's text is scanned once, hits are kept on added lines. */
export function scanSecrets(files: readonly CheckedFile[], options: ScanOptions = {}): RawFinding[] {
  const allowed = allowChecker(options.allow ?? []);
  const findings: RawFinding[] = [];
  for (const file of files) {
    if (file.content === undefined || (!file.wholeFile && file.added.length === 0)) continue;
    const hits = findSecrets(file.content, { path: file.path });
    if (hits.length === 0) continue;
    const starts = lineStarts(file.content);
    const added = file.wholeFile ? undefined : new Set(file.added.map((entry) => entry.line));
    const place = locationOf(file.path);
    const docstrings = place === undefined ? documentationRanges(file.path, file.content) : [];
    for (const hit of hits) {
      const line = lineOf(starts, hit.index);
      if (added && !added.has(line)) continue;
      const where = place ?? (docstrings.some(([start, end]) => hit.index >= start && hit.index < end) ? 'docs' : undefined);
      const lowered = where !== undefined && !hit.live;
      const suppressed = allowed?.({ path: file.path, ruleId: hit.ruleId, token: hit.token });
      findings.push({
        gate: 'secrets',
        rule: `secrets/${hit.ruleId}`,
        severity: lowered ? 'low' : hit.severity,
        file: file.path,
        line,
        message: message(hit, where, lowered),
        ...(suppressed !== undefined ? { suppressed } : {}),
      });
    }
  }
  return findings;
}

// Output of sandboxed commands (tests, lint) and text bound for a model prompt is
// untrusted: it can carry whatever the code under test could read. Before it reaches a
// prompt, the journal or an evidence pack, every hit is replaced in place. Masking is
// loose (no entropy floors, no checksums): hiding a lookalike costs nothing.

/** The text with every secret the detectors find replaced by `[secret masked: <rule>]`. */
export function maskSecrets(text: string): string {
  const hits = findSecrets(text, { loose: true });
  // A key cut off by an output cap has no END line: mask from its header to the end.
  const truncatedKey = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(?![\s\S]*-----END \1PRIVATE KEY)/.exec(text);
  if (truncatedKey && !hits.some((hit) => hit.index === truncatedKey.index)) {
    hits.push({
      ruleId: 'private-key',
      description: '',
      severity: 'critical',
      live: false,
      priority: 0,
      index: truncatedKey.index,
      token: text.slice(truncatedKey.index),
    });
  }
  let masked = text;
  for (const hit of [...hits].sort((a, b) => b.index - a.index)) {
    masked = `${masked.slice(0, hit.index)}[secret masked: ${hit.ruleId}]${masked.slice(hit.index + hit.token.length)}`;
  }
  return masked;
}
