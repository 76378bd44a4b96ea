// `oryon undo`: take back what a run did, from what it journaled. A sovereign merge whose
// base branch has not moved (and was not pushed) is reset with a compare-and-swap; after
// later commits, or once pushed, a revert commit is made in a scratch worktree instead.
// The run's branch is deleted after its tip is printed. Nothing remote is rewritten.
import path from 'node:path';
import { NotDoneError } from '../errors.js';
import {
  branchCommit,
  checkedOutAt,
  deleteBranchIfAt,
  hasUncommittedWork,
  moveCheckedOut,
  removeWorktree,
  repoKey,
  revertCommit,
  updateBranchIfAt,
  worktreeRoot,
} from '../git/index.js';
import type { Journal } from '../journal/journal.js';
import type { RunRow } from '../journal/types.js';

export interface UndoAction {
  kind: 'reset-base' | 'revert-base' | 'delete-branch' | 'keep';
  /** What is (or would be) done, in one line. */
  message: string;
  run?: () => Promise<string>;
}

export interface UndoReport {
  runId: string;
  dryRun: boolean;
  actions: Array<{ kind: UndoAction['kind']; message: string; done: boolean }>;
}

interface MergeDetail {
  base: string;
  before: string;
  after: string;
  kind: 'fast-forward' | 'merge-commit';
  commit: string;
}

function detail<T>(json: string | null): T | undefined {
  return json ? (JSON.parse(json) as T) : undefined;
}

/** What undoing `run` takes, in order, each with its effect (executed unless dry-run). */
export async function planUndo(journal: Journal, run: RunRow, home: string): Promise<UndoAction[]> {
  if (run.status === 'running') throw new NotDoneError(`run ${run.id} is still running`, { hint: 'wait for it to finish, or interrupt it (Ctrl-C)' });
  const steps = journal.steps(run.id);
  if (steps.some((step) => step.kind === 'undo' && step.outcome === 'undone')) {
    return [{ kind: 'keep', message: `run ${run.id} was already undone` }];
  }
  const repo = run.repo;
  const actions: UndoAction[] = [];
  const merge = detail<MergeDetail>(steps.find((step) => step.kind === 'merge')?.detail_json ?? null);
  const pushes = steps.filter((step) => step.kind === 'push').map((step) => detail<{ remote: string; branch: string; base: boolean }>(step.detail_json)!);
  if (merge) {
    const baseRemote = pushes.find((push) => push.base);
    const current = await branchCommit(repo, merge.base);
    if (!current) throw new NotDoneError(`the base branch ${merge.base} no longer exists; nothing to take back there`);
    const tree = await checkedOutAt(repo, merge.base);
    if (tree && (await hasUncommittedWork(tree))) {
      throw new NotDoneError(`${merge.base} is checked out in ${tree} with uncommitted changes; oryon will not move it under them`, {
        hint: 'commit or stash them, then run oryon undo again',
      });
    }
    const move = (to: string, expected: string, why: string) =>
      tree ? moveCheckedOut(tree, merge.base, to, expected, why) : updateBranchIfAt(repo, merge.base, to, expected, why);
    if (current === merge.after && !baseRemote) {
      actions.push({
        kind: 'reset-base',
        message: `reset ${merge.base} from ${merge.after.slice(0, 10)} to its pre-merge commit ${merge.before.slice(0, 10)} (it has not moved since the merge)`,
        run: async () => {
          await move(merge.before, merge.after, `undo run ${run.id}`);
          return merge.before;
        },
      });
    } else {
      const why = baseRemote
        ? `the merge was pushed to ${baseRemote.remote}, which undo never rewrites`
        : `${merge.base} moved since the merge (now ${current.slice(0, 10)})`;
      const target = merge.kind === 'merge-commit' ? merge.after : merge.commit;
      actions.push({
        kind: 'revert-base',
        message: `${why}: make a commit on ${merge.base} that reverts ${target.slice(0, 10)}${baseRemote ? `; push it yourself (git push ${baseRemote.remote} ${merge.base})` : ''}`,
        run: async () => {
          const scratch = path.join(worktreeRoot(home, repoKey(repo)), `undo-${run.id}`);
          try {
            const revert = await revertCommit(repo, scratch, current, target);
            await move(revert, current, `undo run ${run.id} (revert)`);
            return revert;
          } finally {
            await removeWorktree(repo, scratch);
          }
        },
      });
    }
  }
  if (run.branch && run.commit_sha) {
    const tip = await branchCommit(repo, run.branch);
    const pushed = pushes.find((push) => !push.base && push.branch === run.branch);
    const remoteNote = pushed ? `; the copy on ${pushed.remote} stays (git push ${pushed.remote} --delete ${run.branch} removes it)` : '';
    if (!tip) actions.push({ kind: 'keep', message: `branch ${run.branch} is already gone${remoteNote}` });
    else if (tip !== run.commit_sha)
      actions.push({ kind: 'keep', message: `branch ${run.branch} moved on to ${tip.slice(0, 10)} after the run; left as it is${remoteNote}` });
    else {
      actions.push({
        kind: 'delete-branch',
        message: `delete branch ${run.branch} (its tip was ${tip}; recover with: git branch ${run.branch} ${tip})${remoteNote}`,
        run: async () => {
          await deleteBranchIfAt(repo, run.branch!, tip);
          return tip;
        },
      });
    }
  }
  if (actions.length === 0) actions.push({ kind: 'keep', message: `run ${run.id} left nothing to take back (no branch, no merge)` });
  return actions;
}

/** Carry out the plan, journaling every action on the run as an `undo` decision and a step. */
export async function undoRun(journal: Journal, run: RunRow, home: string, dryRun: boolean): Promise<UndoReport> {
  const actions = await planUndo(journal, run, home);
  const report: UndoReport = { runId: run.id, dryRun, actions: [] };
  if (dryRun) {
    report.actions = actions.map((action) => ({ kind: action.kind, message: action.message, done: false }));
    return report;
  }
  const started = Date.now();
  for (const action of actions) {
    if (!action.run) {
      report.actions.push({ kind: action.kind, message: action.message, done: false });
      continue;
    }
    try {
      const result = await action.run();
      journal.addDecision(run.id, run.repo, {
        kind: 'undo',
        subject: action.kind,
        allowed: true,
        rule: 'oryon undo',
        reason: `${action.message} → ${result.slice(0, 10)}`,
      });
      report.actions.push({ kind: action.kind, message: action.message, done: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      journal.addDecision(run.id, run.repo, {
        kind: 'undo',
        subject: action.kind,
        allowed: false,
        rule: 'oryon undo',
        reason: `${action.message}: failed: ${reason}`,
      });
      journal.addStep(run.id, { iteration: 0, kind: 'undo', wallMs: Date.now() - started, outcome: 'failed', detail: report, startedAt: started });
      throw new NotDoneError(`undo stopped: ${action.message}: ${reason}`, { hint: 'nothing after this step was done; oryon runs show lists what was' });
    }
  }
  const did = report.actions.some((action) => action.done);
  journal.addStep(run.id, {
    iteration: 0,
    kind: 'undo',
    wallMs: Date.now() - started,
    outcome: did ? 'undone' : 'nothing',
    detail: report,
    startedAt: started,
  });
  return report;
}
