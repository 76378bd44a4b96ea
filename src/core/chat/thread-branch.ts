// A thread's branch: what it changed (`/diff`), and taking its last change back (`/undo`).
import { commitTrailers, git, moveBranch, resolveCommit } from '../git/index.js';
import type { Journal } from '../journal/journal.js';
import type { MessageRow, ThreadRow } from './thread-store.js';

export async function threadDiff(repoRoot: string, base: string, branch: string): Promise<string> {
  const out = await git(['diff', '--no-color', '--no-ext-diff', '--stat', '--patch', `${base}..${branch}`], { cwd: repoRoot });
  return out.trim() || `${branch} has no changes against where the thread started`;
}

/**
 * Move the thread's branch back over its last commit, when that commit is one of this
 * thread's runs (its Oryon-Run trailer) and the branch has not moved since: a commit the
 * user added on top is never dropped. Journaled as the user's decision.
 */
export async function dropLastChange(repoRoot: string, thread: ThreadRow, messages: readonly MessageRow[], journal: Journal): Promise<string> {
  if (!thread.branch || !thread.base) return 'nothing to undo: this thread has not committed a change';
  const tip = await resolveCommit(repoRoot, thread.branch);
  if (tip === thread.base) return `nothing to undo: ${thread.branch} is back where the thread started`;
  const runId = (await commitTrailers(repoRoot, tip))['Oryon-Run'];
  if (!runId || !messages.some((m) => m.run_id === runId)) {
    return `not undone: the last commit on ${thread.branch} (${tip.slice(0, 10)}) is not one of this thread's changes`;
  }
  const parent = await resolveCommit(repoRoot, `${tip}^`);
  await moveBranch(repoRoot, thread.branch, parent, tip, 'chat undo');
  journal.addDecision(runId, repoRoot, {
    kind: 'approval',
    subject: `undo ${tip}`,
    allowed: true,
    rule: 'user',
    reason: `the user undid commit ${tip.slice(0, 10)} on ${thread.branch} at ${new Date().toISOString()}`,
  });
  return `undone: ${thread.branch} is back at ${parent.slice(0, 10)} (commit ${tip.slice(0, 10)} is still reachable by its hash)`;
}
