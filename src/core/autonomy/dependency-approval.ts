import type { FixEvent } from '../agent/events.js';
import type { FixOptions } from '../agent/options.js';
import type { RunState } from '../agent/run-state.js';
import type { DependencyChange } from '../env/dependencies.js';
import { askApproval } from './approval.js';

/**
 * approvals.new_dependency: a change to a lockfile or a manifest's dependencies asks a
 * person, once per file per run — before the tests (so before any install) and again at
 * the commit only for files changed since. False (the run failed, said why) on a no.
 */
export async function* dependenciesApproved(options: FixOptions, state: RunState, changes: readonly DependencyChange[]): AsyncGenerator<FixEvent, boolean> {
  if (options.policy.approvals.new_dependency !== 'ask') return true;
  const fresh = changes.filter((change) => !state.approvedDependencies.has(change.file));
  if (fresh.length === 0) return true;
  const reply = yield* askApproval(options, state, 'new_dependency', fresh.map((change) => change.what).join(', '));
  if (reply.answer !== 'yes') {
    state.finish('failed', 'the user declined the dependency change');
    return false;
  }
  for (const change of fresh) state.approvedDependencies.add(change.file);
  return true;
}
