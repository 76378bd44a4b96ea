import type { RawFinding } from '../finding.js';
import { locationOf, LOCATION_WORDS } from '../secrets/location.js';
import { credentialCheck } from './credential.js';

// What the engines found, judged with what they cannot see: where the file stands. In tests,
// fixtures, examples and docs, oryon's own rules report at `low` (not blocking): a shell
// command a test builds from its own variables, or a test server's self-signed certificate,
// is no way in for an attacker — Semgrep ignores test paths by default, Bandit's users
// exclude them. Library and application code keeps the rule's severity. The repo's own
// Semgrep rules (`security/semgrep/…`) are the repo's choice and are left as they are.

/**
 * A check on one finding of oryon's own rules, given the text of its lines: `drop` (not a
 * finding at all), `keep` (as it is, wherever it stands), or undefined (no opinion).
 */
export type FindingCheck = (finding: RawFinding, lines: string) => 'drop' | 'keep' | undefined;

/** The checks, in order; the first with an opinion decides. */
const CHECKS: readonly FindingCheck[] = [credentialCheck];

const ownRule = (rule: string) => rule.startsWith('security/') && !rule.startsWith('security/semgrep/');

/** `findings` after the checks and the location rule; `contentOf` gives a checked file's text. */
export function refineFindings(findings: readonly RawFinding[], contentOf: (file: string) => string | undefined): RawFinding[] {
  // Each file is split once, however many findings it has (a generated SDK can have hundreds).
  const split = new Map<string, string[]>();
  const linesOf = (finding: RawFinding): string => {
    let lines = split.get(finding.file);
    if (!lines) split.set(finding.file, (lines = contentOf(finding.file)?.split('\n') ?? []));
    return lines.slice(finding.line - 1, finding.endLine ?? finding.line).join('\n');
  };
  const refined: RawFinding[] = [];
  for (const finding of findings) {
    if (!ownRule(finding.rule)) {
      refined.push(finding);
      continue;
    }
    const lines = linesOf(finding);
    let verdict: 'drop' | 'keep' | undefined;
    for (const check of CHECKS) {
      verdict = check(finding, lines);
      if (verdict) break;
    }
    if (verdict === 'drop') continue;
    const where = locationOf(finding.file);
    if (verdict === 'keep' || where === undefined) {
      refined.push(finding);
      continue;
    }
    refined.push({ ...finding, severity: 'low', message: `${finding.message}; in ${LOCATION_WORDS[where]}, so not blocking` });
  }
  return refined;
}
