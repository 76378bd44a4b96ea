import type { Severity } from '../../policy/schema.js';
import { shannonEntropy } from './entropy.js';
import { findGeneric } from './generic.js';
import { isPlaceholder, isPublicSample } from './placeholder.js';
import type { Candidate, SecretRule } from './rule.js';
import { RULES } from './rules/index.js';

// The scan: every rule compiled once; per file, the text is lower-cased once, one pass of
// all rules' keywords finds which occur, and a rule runs only when one of its keywords
// does (most files skip most rules); each rule that runs makes one pass over the text. Offsets come back, so callers
// map them to lines (the gate) or replace them in place (masking output).

export interface SecretHit {
  ruleId: string;
  description: string;
  severity: Severity;
  /** The provider's exact shape: blocks even in docs, tests and examples. */
  live: boolean;
  /** Offset of the token in the text. */
  index: number;
  token: string;
  /** See SecretRule.priority; the generic rule is 3. */
  priority: number;
}

/**
 * The name-based generic rule's id (kept from the first scanner, so existing
 * `oryon-ignore: high-entropy-assignment` comments keep working).
 */
export const GENERIC_RULE_ID = 'high-entropy-assignment';

interface Compiled {
  rule: SecretRule;
  regex: RegExp | undefined;
  /** Runs on every file: a keyword shorter than 3 characters occurs everywhere anyway. */
  always: boolean;
}

interface RuleSet {
  rules: Compiled[];
  /** Every keyword of every rule in one alternation, run once over the lower-cased file. */
  keywords: RegExp;
  /** For each keyword, the other keywords it contains (`ddapi` contains `dapi`). */
  contained: Map<string, string[]>;
}

let compiled: RuleSet | undefined;

function compile(): RuleSet {
  if (compiled) return compiled;
  const rules = RULES.map((rule) => ({
    rule,
    regex: rule.pattern ? new RegExp(rule.pattern.source, rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`) : undefined,
    always: rule.keywords.length === 0 || rule.keywords.some((keyword) => keyword.length < 3),
  }));
  const words = [...new Set(rules.filter((entry) => !entry.always).flatMap((entry) => entry.rule.keywords))].sort((a, b) => b.length - a.length);
  const contained = new Map(words.map((word) => [word, words.filter((other) => other !== word && word.includes(other))]));
  compiled = { rules, keywords: new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g'), contained };
  return compiled;
}

/**
 * The keywords that occur in `lower`: one pass of the combined alternation. Each match
 * resumes one character later, so keywords that overlap are all found; one that starts
 * where a longer one matched is inside it (`contained`).
 */
function keywordsIn(lower: string, { keywords, contained }: RuleSet): Set<string> {
  const seen = new Set<string>();
  keywords.lastIndex = 0;
  for (let match = keywords.exec(lower); match; match = keywords.exec(lower)) {
    if (!seen.has(match[0])) {
      seen.add(match[0]);
      for (const inner of contained.get(match[0])!) seen.add(inner);
    }
    keywords.lastIndex = match.index + 1;
  }
  return seen;
}

/** Whether a candidate the pattern matched is really this rule's secret. */
export function accepts(rule: SecretRule, token: string, loose = false): boolean {
  const prefix = rule.fixedPrefix?.exec(token)?.[0] ?? '';
  const variable = token.slice(prefix.length);
  if (isPlaceholder(variable) || rule.placeholders?.some((shape) => shape.test(token))) return false;
  if (loose) return !isPublicSample(token);
  if (rule.entropy !== undefined && shannonEntropy(variable) < rule.entropy) return false;
  if (rule.verify && !rule.verify(token)) return false;
  return !isPublicSample(token);
}

function* candidates(entry: Compiled, text: string): Iterable<Candidate> {
  if (entry.rule.find) {
    yield* entry.rule.find(text);
    return;
  }
  const regex = entry.regex!;
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    const token = match.groups?.token ?? match[0];
    const index = match.index + (match.groups?.token !== undefined ? match[0].indexOf(token) : 0);
    yield { index, token };
  }
}

/** Every secret in `text`, in offset order; where two rules match the same span the one with the lower priority wins. */
export interface FindOptions {
  /** Repo-relative path: decides whether unquoted `NAME=value` literals count (config files). */
  path?: string;
  /**
   * Skip the entropy floors and checksums: for masking output before it reaches a prompt
   * or the journal, where hiding a lookalike costs nothing and missing a token costs a leak.
   */
  loose?: boolean;
}

export function findSecrets(text: string, options: FindOptions = {}): SecretHit[] {
  const lower = text.toLowerCase();
  const ruleSet = compile();
  const seen = keywordsIn(lower, ruleSet);
  const hits: SecretHit[] = [];
  for (const entry of ruleSet.rules) {
    const { rule } = entry;
    if (!entry.always && !rule.keywords.some((keyword) => seen.has(keyword))) continue;
    for (const candidate of candidates(entry, text)) {
      if (!accepts(rule, candidate.token, options.loose)) continue;
      hits.push({
        ruleId: rule.id,
        description: rule.description,
        severity: rule.severity,
        live: rule.live,
        priority: rule.priority ?? 0,
        index: candidate.index,
        token: candidate.token,
      });
    }
  }
  if (/pass|pwd|secret|token|key|credential/.test(lower)) {
    for (const candidate of findGeneric(text, options.path ?? '', lower)) {
      hits.push({
        ruleId: GENERIC_RULE_ID,
        description: 'secret-like value given to a secret-named field',
        severity: 'high',
        live: false,
        priority: 3,
        ...candidate,
      });
    }
  }
  return dropOverlaps(hits);
}

/** One finding per span: the rule with the lowest priority that claimed it. */
function dropOverlaps(hits: SecretHit[]): SecretHit[] {
  if (hits.length < 2) return hits;
  const kept: SecretHit[] = [];
  for (const hit of [...hits].sort((a, b) => a.priority - b.priority || a.index - b.index)) {
    const end = hit.index + hit.token.length;
    if (kept.some((other) => hit.index < other.index + other.token.length && other.index < end)) continue;
    kept.push(hit);
  }
  return kept.sort((a, b) => a.index - b.index);
}
