import type { CheckedFile } from './changes.js';
import type { RawFinding } from './finding.js';

// Inline suppression: `oryon-ignore: rule-id reason` in a comment of any syntax (`#`,
// `//`, `--`, `/* */`, `<!-- -->`, `;`, `%`, `'`, `REM`, `{- -}`, `(* *)`, a `*` line of a
// block comment) on the finding's line or the line above. A suppression without a reason
// does not count, and is itself reported: the point is that the report says why a
// finding was accepted.

export interface Suppression {
  rule: string;
  reason: string;
}

const MARKER =
  /(?:#|\/\/|--|\/\*|<!--|;|%|'|\*|\{-|\(\*|\bREM\b|\brem\b)[ \t]*oryon-ignore:[ \t]*([^\s*]+\/\*|[^\s*]+)[ \t]*(.*?)[ \t]*(?:\*\/\}?|-->|-\}|\*\))?[ \t]*\r?$/;

/** The suppression a line carries, if any; `reason` is '' when none was given. */
export function parseSuppression(lineText: string): Suppression | undefined {
  const match = MARKER.exec(lineText);
  if (!match) return undefined;
  return { rule: match[1]!, reason: match[2]!.trim() };
}

/**
 * Whether `id` names the finding's rule: the full id (`security/py-eval-input`), its last
 * segment (`py-eval-input`), or a gate-wide prefix (`secrets/*`, `secrets`).
 */
export function ruleMatches(id: string, rule: string): boolean {
  if (id === rule || id === '*') return true;
  if (id.endsWith('/*')) return rule.startsWith(id.slice(0, -1));
  if (!id.includes('/')) return rule.split('/').at(-1) === id || rule.split('/')[0] === id;
  return false;
}

/**
 * The reason a finding at `line` (1-based) is suppressed, or undefined. `lines` is the
 * checked content split into lines.
 */
export function suppressionFor(lines: readonly string[], line: number, rule: string): string | undefined {
  for (const candidate of [line, line - 1]) {
    const text = lines[candidate - 1];
    if (text === undefined) continue;
    const suppression = parseSuppression(text);
    if (suppression && suppression.reason && ruleMatches(suppression.rule, rule)) return suppression.reason;
  }
  return undefined;
}

/** An `oryon-ignore` without a reason on an added line: reported, never honoured. */
export function reasonlessSuppressions(files: readonly CheckedFile[]): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const file of files) {
    if (file.content === undefined) continue;
    for (const added of file.added) {
      if (!added.text.includes('oryon-ignore:')) continue;
      const suppression = parseSuppression(added.text);
      if (!suppression || suppression.reason) continue;
      findings.push({
        gate: 'policy',
        rule: 'policy/ignore-without-reason',
        severity: 'medium',
        file: file.path,
        line: added.line,
        message: `oryon-ignore: ${suppression.rule} has no reason, so it silences nothing; say why the finding is accepted`,
      });
    }
  }
  return findings;
}
