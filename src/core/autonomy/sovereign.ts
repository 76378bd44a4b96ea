// Sovereign: merge the run's branch into the base branch, only when every guard rail
// holds, and never touching uncommitted work. Otherwise the run stays an autopilot run
// and says which condition failed.
import type { FixEvent, PublishOutcome } from '../agent/events.js';
import type { FixOptions } from '../agent/options.js';
import type { RunState } from '../agent/run-state.js';
import { branchCommit, checkedOutAt, hasUncommittedWork, isAncestor, mergeCommitWithoutTree, moveCheckedOut, updateBranchIfAt } from '../git/index.js';
import { askApproval } from './approval.js';
import { reviewChange, type ReviewVerdict } from './review.js';

type Step = PublishOutcome['steps'][number];

/** The merge threshold: the stricter of thresholds.auto_merge_confidence and auto_merge.min_confidence. */
export function mergeThreshold(options: FixOptions): number {
  return Math.max(options.policy.thresholds.auto_merge_confidence, options.policy.auto_merge.min_confidence);
}

/** Lines added plus removed in a unified diff (headers not counted). */
export function changedLines(diff: string): number {
  return diff.split('\n').filter((line) => (line.startsWith('+') && !line.startsWith('+++')) || (line.startsWith('-') && !line.startsWith('---'))).length;
}

/** The first guard rail that fails before the review (gates, plan confidence, limits), or undefined. */
export function preReviewFailure(options: FixOptions, state: RunState): string | undefined {
  const { policy } = options;
  const required = [...new Set([...policy.gates.required, ...policy.auto_merge.required_gates])];
  if (required.includes('tests') && state.testsPassed !== true) return 'the tests gate is required and no test passed';
  const others = required.filter((gate) => gate !== 'tests');
  if (others.length > 0) {
    const gates = options.journal
      .steps(state.runId)
      .filter((step) => step.kind === 'gates')
      .at(-1);
    if (!gates || gates.outcome !== 'passed') return `the required gates (${others.join(', ')}) did not run and pass`;
  }
  const threshold = mergeThreshold(options);
  const confidence = state.plan?.confidence;
  if (confidence === undefined) return 'the run has no plan, so no confidence to judge';
  if (confidence < threshold) return `the plan's confidence ${confidence} is below the merge threshold ${threshold} (thresholds.auto_merge_confidence)`;
  const files = state.changedFiles.length;
  if (files > policy.limits.max_files_changed) return `${files} files changed; limits.max_files_changed is ${policy.limits.max_files_changed}`;
  const lines = changedLines(state.diff);
  if (lines > policy.limits.max_lines_changed) return `${lines} lines changed; limits.max_lines_changed is ${policy.limits.max_lines_changed}`;
  return undefined;
}

/**
 * Review, then merge `state.commit` into `baseBranch`. Yields publish events and returns
 * the steps taken; `merged` tells whether the base branch moved.
 */
export async function* sovereignMerge(
  options: FixOptions,
  state: RunState,
  baseBranch: string | undefined,
): AsyncGenerator<FixEvent, { steps: Step[]; merged: boolean; mergedTip?: string }> {
  const steps: Step[] = [];
  const say = (action: Step['action'], done: boolean, message: string): FixEvent => {
    steps.push({ action, done, message });
    return { type: 'publish', action, done, message };
  };
  const refuse = (rule: string, reason: string): FixEvent => {
    options.journal.addDecision(state.runId, options.repoRoot, {
      kind: 'merge',
      subject: `${state.branch} into ${baseBranch ?? '(no base branch)'}`,
      allowed: false,
      rule,
      reason,
    });
    return say('merge', false, `not merged: ${reason}; the change stays on ${state.branch}`);
  };
  if (!baseBranch) {
    yield refuse('merge.base-branch', 'the run did not start from a branch (HEAD was detached or --base named a commit)');
    return { steps, merged: false };
  }
  const early = preReviewFailure(options, state);
  if (early) {
    yield refuse(early.includes('confidence') ? 'thresholds.auto_merge_confidence' : early.includes('limits.') ? 'limits' : 'gates.required', early);
    return { steps, merged: false };
  }
  const threshold = mergeThreshold(options);
  let verdict: ReviewVerdict;
  try {
    verdict = yield* reviewStep(options, state);
  } catch (error) {
    // No usable verdict (an unusable reply, a diff too large for the window): no merge, the branch stays.
    if (options.signal?.aborted) throw error;
    yield refuse('review', `the final review could not be made: ${error instanceof Error ? error.message : String(error)}`);
    return { steps, merged: false };
  }
  const concerns = verdict.concerns.length ? ` (concerns: ${verdict.concerns.join('; ')})` : '';
  yield say(
    'review',
    verdict.approve && verdict.confidence >= threshold,
    `review ${verdict.approve ? 'approves' : 'rejects'} with confidence ${verdict.confidence}${concerns}`,
  );
  if (!verdict.approve) {
    yield refuse('review', `the final review rejected the change${concerns}`);
    return { steps, merged: false };
  }
  if (verdict.confidence < threshold) {
    yield refuse('thresholds.auto_merge_confidence', `the review's confidence ${verdict.confidence} is below the merge threshold ${threshold}`);
    return { steps, merged: false };
  }
  const approval = yield* askApproval(options, state, 'merge', `${state.branch} into ${baseBranch}`);
  if (approval.answer !== 'yes') {
    yield refuse('approvals.merge', 'the user declined the merge');
    return { steps, merged: false };
  }
  const commit = state.commit!;
  const before = await branchCommit(options.repoRoot, baseBranch);
  if (!before) {
    yield refuse('merge.base-branch', `the base branch ${baseBranch} no longer exists`);
    return { steps, merged: false };
  }
  const tree = await checkedOutAt(options.repoRoot, baseBranch);
  const fastForward = await isAncestor(options.repoRoot, before, commit);
  let after: string;
  let kind: 'fast-forward' | 'merge-commit';
  if (tree) {
    // Checked out: only a clean tree is moved, and only forward (read-tree refuses to overwrite local changes anyway).
    if (await hasUncommittedWork(tree)) {
      yield refuse('merge.dirty-tree', `${baseBranch} is checked out in ${tree} with uncommitted changes; oryon never merges over them`);
      return { steps, merged: false };
    }
    if (!fastForward) {
      yield refuse(
        'merge.checked-out',
        `${baseBranch} moved since the run started and is checked out in ${tree}; merge it by hand (git merge ${state.branch})`,
      );
      return { steps, merged: false };
    }
    await moveCheckedOut(tree, baseBranch, commit, before, `sovereign merge of run ${state.runId}`);
    after = commit;
    kind = 'fast-forward';
  } else if (fastForward) {
    await updateBranchIfAt(options.repoRoot, baseBranch, commit, before, `sovereign merge of run ${state.runId}`);
    after = commit;
    kind = 'fast-forward';
  } else {
    const merge = await mergeCommitWithoutTree(
      options.repoRoot,
      before,
      commit,
      `Merge ${state.branch} into ${baseBranch}\n\nOryon-Run: ${state.runId}\n`,
      options.commitEnv,
    );
    if (!merge) {
      yield refuse('merge.conflict', `${state.branch} conflicts with ${baseBranch}, which moved since the run started`);
      return { steps, merged: false };
    }
    await updateBranchIfAt(options.repoRoot, baseBranch, merge, before, `sovereign merge of run ${state.runId}`);
    after = merge;
    kind = 'merge-commit';
  }
  const started = Date.now();
  options.journal.addStep(state.runId, {
    iteration: state.iterations,
    kind: 'merge',
    wallMs: 0,
    outcome: 'merged',
    detail: { base: baseBranch, before, after, kind, checked_out: tree ?? null, branch: state.branch, commit },
    startedAt: started,
  });
  options.journal.addDecision(state.runId, options.repoRoot, {
    kind: 'merge',
    subject: `${state.branch} into ${baseBranch}`,
    allowed: true,
    rule: 'sovereign',
    reason: `${kind} of ${baseBranch} ${before.slice(0, 10)} → ${after.slice(0, 10)}${tree ? ` (checked out, clean, in ${tree})` : ''}; gates passed, plan ${state.plan?.confidence}, review ${verdict.confidence} ≥ ${threshold}`,
  });
  yield say('merge', true, `merged into ${baseBranch} (${kind}, ${before.slice(0, 10)} → ${after.slice(0, 10)})`);
  return { steps, merged: true, mergedTip: after };
}

async function* reviewStep(options: FixOptions, state: RunState): AsyncGenerator<FixEvent, ReviewVerdict> {
  yield { type: 'notice', message: 'review: the model reviews the complete diff before the merge' };
  return await reviewChange(options, state);
}
