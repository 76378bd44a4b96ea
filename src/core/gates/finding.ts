import type { GateName, Severity } from '../policy/schema.js';

// Lists repeated from policy/schema.ts (type-checked against it below) so the gate's hot
// path never loads zod just to order severities.
export const SEVERITY_ORDER = ['info', 'low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];
export const GATE_NAMES = ['tests', 'lint', 'security', 'secrets', 'policy'] as const satisfies readonly GateName[];
type Exhaustive<T extends never> = T;
export type SeveritiesCovered = Exhaustive<Exclude<Severity, (typeof SEVERITY_ORDER)[number]>>;
export type GatesCovered = Exhaustive<Exclude<GateName, (typeof GATE_NAMES)[number]>>;

export function isSeverity(value: unknown): value is Severity {
  return (SEVERITY_ORDER as readonly unknown[]).includes(value);
}

/** One thing a gate found, in one shape for every gate, the terminal, JSON, SARIF and the journal. */
export interface Finding {
  gate: GateName;
  /** Rule id, e.g. `secrets/github-token`, `security/py-eval-input`, `lint/eslint/no-unused-vars`. */
  rule: string;
  severity: Severity;
  /** Repo-relative POSIX path; empty for findings about the whole change (limits). */
  file: string;
  /** 1-based; 0 when the finding has no line. */
  line: number;
  /** Last line of a multi-line match (security engines), when it differs from `line`. */
  endLine?: number;
  message: string;
  /** The reason given by an inline `oryon-ignore` comment; set means the finding does not block. */
  suppressed?: string;
  blocking: boolean;
}

/**
 * A finding before the blocking decision, which needs the policy and the inline
 * suppressions. `suppressed` is set only by a gate's own allowlist (`secrets.allow`).
 */
export type RawFinding = Omit<Finding, 'blocking'>;

export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** Stable order: file, line, gate, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.gate.localeCompare(b.gate) || a.rule.localeCompare(b.rule);
}
