import { SEVERITIES, type GateName, type Severity } from '../policy/schema.js';

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
  message: string;
  /** The reason given by an inline `oryon-ignore` comment; set means the finding does not block. */
  suppressed?: string;
  blocking: boolean;
}

/** A finding before the blocking decision, which needs the policy and the suppressions. */
export type RawFinding = Omit<Finding, 'blocking' | 'suppressed'>;

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** Stable order: file, line, gate, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.gate.localeCompare(b.gate) || a.rule.localeCompare(b.rule);
}
