import { checkChange, type Decision } from '../policy/decide.js';
import type { Policy } from '../policy/schema.js';
import type { CheckedFile } from './changes.js';
import type { RawFinding } from './finding.js';

// The policy gate is a thin adapter: checkChange decides, this turns denials into findings.
//
// Whose change it is matters. paths.deny and the limits bound what the *agent* may
// change ("the user still may"), so they apply to the fix loop's worktree diff. For a
// user's own commit (`oryon gate --staged|--all|PATH`) only forbidden_patterns apply:
// a pre-commit hook that refused `.oryon/config.yaml` or a CI workflow would be wrong.

export type ChangeAuthor = 'agent' | 'user';

function locate(decision: Decision): { file: string; line: number } {
  if (decision.kind === 'pattern') {
    const at = decision.subject.lastIndexOf(':');
    return { file: decision.subject.slice(0, at), line: Number(decision.subject.slice(at + 1)) || 0 };
  }
  if (decision.kind === 'path') return { file: decision.subject, line: 0 };
  return { file: '', line: 0 };
}

/** `policy/forbidden/<id>`, `policy/paths.deny`, `policy/limits.max_files_changed`. */
function ruleId(decision: Decision): string {
  const [key, detail] = decision.rule.split(/:\s+/, 2);
  if (decision.kind === 'pattern' && detail) return `policy/forbidden/${detail}`;
  return `policy/${key}`;
}

export function decisionToFinding(decision: Decision): RawFinding {
  const { file, line } = locate(decision);
  return {
    gate: 'policy',
    rule: ruleId(decision),
    severity: 'high',
    file,
    line,
    message: decision.reason,
  };
}

export function runPolicyGate(policy: Policy, files: readonly CheckedFile[], author: ChangeAuthor): { findings: RawFinding[]; decisions: Decision[] } {
  const decisions = checkChange(policy, files).filter((decision) => author === 'agent' || decision.kind === 'pattern');
  return { findings: decisions.map(decisionToFinding), decisions };
}
