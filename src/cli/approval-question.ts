import type { ApprovalRequest } from '../core/agent/options.js';

/** The question for an approval: chat's commit prompt also offers "edit"; the other actions are yes or no. */
export function approvalQuestion(request: ApprovalRequest): string {
  const action = request.action ?? 'commit';
  return action === 'commit' ? 'commit? [y]es / [n]o / [e]dit request' : `${action.replace('_', ' ')}? [y]es / [n]o`;
}
