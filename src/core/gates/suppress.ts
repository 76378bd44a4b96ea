// Inline suppression: `# oryon-ignore: rule-id reason` or `// oryon-ignore: rule-id reason`
// on the finding's line or the line above. A suppression without a reason does not count:
// the point is that the report says why a finding was accepted.

export interface Suppression {
  rule: string;
  reason: string;
}

const MARKER = /(?:#|\/\/|--|\/\*)\s*oryon-ignore:\s*([^\s*]+)[ \t]*(.*?)\s*(?:\*\/)?\s*$/;

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
