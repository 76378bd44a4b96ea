import type { Decision } from './decide.js';
import type { ApprovalAction, Policy } from './schema.js';

/**
 * Whether an action needs a person (`approvals.<action>: ask`). Pure, like every policy
 * question: the caller asks and journals the answer as a second decision.
 */
export function approvalRule(policy: Policy, action: ApprovalAction, subject: string): Decision & { ask: boolean } {
  const ask = policy.approvals[action] === 'ask';
  return {
    allowed: !ask,
    ask,
    kind: 'approval',
    subject,
    rule: `approvals.${action}`,
    reason: ask ? `${action} needs a person's approval (approvals.${action}: ask)` : `approvals.${action} is never`,
  };
}

/** Whether publishing is allowed (`git.push`, `git.open_pr`); deny by default. */
export function decidePublish(policy: Policy, action: 'push' | 'open_pr', subject: string): Decision {
  const value = policy.git[action];
  return {
    allowed: value === 'allow',
    kind: 'git',
    subject,
    rule: `git.${action}`,
    reason: value === 'allow' ? `git.${action} is allow` : `git.${action} is deny (the default): nothing leaves this machine`,
  };
}
