// Human approval points: `approvals.<action>: ask` in the policy stops the run and asks a
// person through the approval port (the terminal in `oryon fix`, the prompt in chat).
// Every answer is a journaled decision naming who answered and when.
import os from 'node:os';
import type { FixEvent } from '../agent/events.js';
import type { ApprovalAnswer, ApprovalRequest, FixOptions } from '../agent/options.js';
import type { RunState } from '../agent/run-state.js';
import { PolicyDeniedError } from '../errors.js';
import { approvalRule } from '../policy/approvals.js';
import type { ApprovalAction } from '../policy/schema.js';

/** The local user's name, for "who approved". */
export function localUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'unknown';
  }
}

/** The request shown to the person, from what the run knows. */
export function approvalRequest(options: FixOptions, state: RunState, action: ApprovalAction, subject: string): ApprovalRequest {
  return {
    runId: state.runId,
    action,
    subject,
    diffstat: state.diffstat,
    diff: state.diff,
    tests: { command: state.testCommand, passed: state.testsPassed },
    gates: options.gates ? 'passed' : 'not run',
  };
}

/**
 * Ask for `action` when the policy says ask (or `always`, chat's commit prompt). Resolves
 * the answer, already journaled; throws PolicyDeniedError (exit 4) naming the rule when
 * nobody can be asked.
 */
export async function* askApproval(
  options: FixOptions,
  state: RunState,
  action: ApprovalAction,
  subject: string,
  always = false,
): AsyncGenerator<FixEvent, ApprovalAnswer> {
  const rule = approvalRule(options.policy, action, subject);
  if (!rule.ask && !always) return { answer: 'yes' };
  const port = (rule.ask ? options.ask : undefined) ?? options.approve;
  const reply: ApprovalAnswer = port ? await port(approvalRequest(options, state, action, subject)) : { answer: 'unavailable' };
  const when = new Date().toISOString();
  const ruleName = rule.ask ? rule.rule : 'user';
  if (reply.answer === 'unavailable') {
    const reason = `${action} needs approval (${rule.rule}: ask) and there is no terminal to ask on`;
    options.journal.addDecision(state.runId, options.repoRoot, {
      kind: 'approval',
      subject: subject === action ? action : `${action}: ${subject}`,
      allowed: false,
      rule: rule.rule,
      reason: `${reason} (${when})`,
    });
    throw new PolicyDeniedError(`${reason} (rule ${rule.rule})`, rule.rule, {
      hint: reply.hint ?? `run oryon fix at a terminal, or pass --yes ${action} to approve it in advance`,
    });
  }
  const who = `${localUser()}${'via' in reply && reply.via ? `, ${reply.via}` : ''}`;
  const detail = reply.answer === 'edit' ? `: ${reply.request}` : '';
  options.journal.addDecision(state.runId, options.repoRoot, {
    kind: 'approval',
    subject: subject === action ? action : `${action}: ${subject}`,
    allowed: reply.answer === 'yes',
    rule: ruleName,
    reason: `the user answered ${reply.answer} at ${when}${detail} (${who})`,
  });
  yield { type: 'approval', answer: reply.answer, action, ...(reply.answer === 'edit' ? { request: reply.request } : {}) };
  return reply;
}
