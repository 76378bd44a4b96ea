// `oryon fix`'s approval port: `--yes [ACTIONS]` answers in advance; otherwise a person at
// the terminal is asked y/n with the diff summary; with no terminal nobody can answer,
// and the core stops the run with exit 4 naming the rule.
import { createInterface } from 'node:readline/promises';
import type { ApprovalAnswer, ApprovalPort, ApprovalRequest } from '../core/agent/options.js';
import { BadInputError } from '../core/errors.js';
import { APPROVAL_ACTIONS, type ApprovalAction } from '../core/policy/schema.js';
import { forTerminal } from '../core/terminal/escape.js';
import { approvalQuestion } from './approval-question.js';

/**
 * `--yes push,merge` or `--yes all`. The value is required: an optional one would swallow
 * the issue in `oryon fix --yes "the issue"`.
 */
export function parseYes(value: string | undefined): ReadonlySet<ApprovalAction> {
  if (value === undefined) return new Set();
  if (value.trim() === 'all') return new Set(APPROVAL_ACTIONS);
  const actions = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const unknown = actions.filter((entry) => !(APPROVAL_ACTIONS as readonly string[]).includes(entry));
  if (unknown.length > 0)
    throw new BadInputError(`--yes: unknown action ${unknown.map((entry) => JSON.stringify(entry)).join(', ')}`, {
      hint: `one or more of ${APPROVAL_ACTIONS.join(', ')} (comma-separated), or all`,
    });
  return new Set(actions as ApprovalAction[]);
}

export function fixApprovalPort(yes: ReadonlySet<ApprovalAction>, terminal = Boolean(process.stdin.isTTY && process.stderr.isTTY)): ApprovalPort {
  return async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
    const action = request.action ?? 'commit';
    if (yes.has(action)) return { answer: 'yes', via: '--yes' };
    if (!terminal) return { answer: 'unavailable', hint: `run oryon fix at a terminal to be asked, or pass --yes ${action}` };
    const safe = (text: string) => forTerminal(text, true);
    const summary = [
      request.subject ? `${action}: ${safe(request.subject)}` : action,
      safe(request.diffstat.trim()),
      `tests ${request.tests.passed ? 'passed' : 'not run'}${request.tests.command ? ` (${safe(request.tests.command)})` : ''}; gates ${request.gates}`,
    ];
    process.stderr.write(`${summary.filter(Boolean).join('\n')}\n`);
    const question = approvalQuestion({ ...request, action }).replace(' / [e]dit request', '');
    const reader = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    try {
      for (;;) {
        const answer = (await reader.question(`${question} `)).trim().toLowerCase();
        if (answer === 'y' || answer === 'yes') return { answer: 'yes', via: 'at the terminal' };
        if (answer === 'n' || answer === 'no' || answer === '') return { answer: 'no', via: 'at the terminal' };
      }
    } finally {
      reader.close();
    }
  };
}
