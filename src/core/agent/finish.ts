import { askApproval } from '../autonomy/approval.js';
import { dependenciesApproved } from '../autonomy/dependency-approval.js';
import { afterCommit } from '../autonomy/after-commit.js';
import { describeChanges, formatStats } from '../edit/diff.js';
import { dependencyChanges } from '../env/dependencies.js';
import { irregularReason, readRegularFile } from '../fs/regular-file.js';
import { commitStaged, createBranchIfAbsent, moveBranch, resolveCommit, uniqueBranch } from '../git/index.js';
import { GitError } from '../git/exec.js';
import type { FixEvent } from './events.js';
import type { FixOptions } from './options.js';
import { commitMessage } from './plan.js';
import type { RunState } from './run-state.js';
import { branchFor } from './slug.js';

/** The change as a diff (every mode), then by mode: advisor stops there; the others commit on a new branch. */
export async function* finishRun(options: FixOptions, state: RunState, worktree: string): AsyncGenerator<FixEvent, void> {
  // The tests ran after the last edit and could rewrite the worktree: a changed file that
  // is no longer a regular file (a symlink to ~/.ssh/id_rsa, a FIFO, a linked parent) is
  // never read into the diff, the journal or a commit; the run fails naming it.
  const irregular = state.changedFiles.flatMap((file) => {
    const reason = irregularReason(worktree, file);
    return reason ? [{ file, reason }] : [];
  });
  for (const { file, reason } of irregular) {
    options.journal.addDecision(state.runId, options.repoRoot, {
      allowed: false,
      kind: 'path',
      subject: file,
      rule: 'paths.regular-file',
      reason: `${file} ${reason} after the tests ran; oryon will not read or commit it`,
    });
  }
  if (irregular.length > 0) {
    const first = irregular[0]!;
    state.finish(
      'failed',
      `${first.file} ${first.reason} after the tests ran (rule paths.regular-file)${irregular.length > 1 ? `, and ${irregular.length - 1} more` : ''}`,
    );
  }
  const { diff, diffstat } = changeDiff(state, worktree, new Set(irregular.map(({ file }) => file)));
  state.diff = diff;
  state.diffstat = diffstat;
  options.journal.updateRun(state.runId, { diff });
  yield { type: 'diff', diff, diffstat };
  if (state.status !== 'succeeded' || state.mode === 'advisor') return;
  if (!(yield* approved(options, state, worktree))) return;
  if (options.branch) {
    yield* commitOnBranch(options, state, worktree, options.branch);
    return yield* afterCommit(options, state);
  }

  const started = Date.now();
  const wanted = branchFor(options.issue);
  // Finding a free branch name only reads refs, so it overlaps the commit.
  const [commit, candidate] = await Promise.all([
    commitStaged(worktree, {
      paths: state.changedFiles,
      message: commitMessage(state.plan ?? undefined, options.issue),
      trailers: { 'Oryon-Run': state.runId, 'Oryon-Model': options.model.name },
      ...(options.commitEnv ? { env: options.commitEnv } : {}),
    }),
    uniqueBranch(options.repoRoot, wanted),
  ]);
  const branch = (await createBranchIfAbsent(options.repoRoot, candidate, commit)) ? candidate : await claimBranch(options.repoRoot, wanted, commit);
  state.branch = branch;
  state.commit = commit;
  options.journal.updateRun(state.runId, { branch, commit_sha: commit });
  options.journal.addStep(state.runId, {
    iteration: state.iterations,
    kind: 'commit',
    wallMs: Date.now() - started,
    outcome: 'committed',
    detail: { branch, commit, files: state.changedFiles, diffstat },
    startedAt: started,
  });
  yield { type: 'commit', branch, commit };
  yield* afterCommit(options, state);
}

/**
 * The human gates before a commit: a change to the dependencies (approvals.new_dependency),
 * then the commit itself (approvals.commit, or always in chat). Every answer is journaled.
 */
async function* approved(options: FixOptions, state: RunState, worktree: string): AsyncGenerator<FixEvent, boolean> {
  const changed = dependencyChanges(
    [...state.originals].map(([file, before]) => ({ path: file, before: before ?? '', after: readRegularFile(worktree, file).toString('utf8') })),
  );
  if (!(yield* dependenciesApproved(options, state, changed))) return false;
  const reply = yield* askApproval(options, state, 'commit', 'commit', Boolean(options.approve));
  return reply.answer === 'yes' || declined(state, reply, 'the user declined the commit');
}

function declined(state: RunState, reply: { answer: string; request?: string }, why: string): false {
  state.finish('failed', reply.answer === 'edit' ? 'the user asked for changes before committing' : why);
  if (reply.answer === 'edit') state.editRequest = reply.request;
  return false;
}

/** A chat thread's change: committed on the thread's branch, which moves from the run's base to the new commit. */
async function* commitOnBranch(options: FixOptions, state: RunState, worktree: string, branch: string): AsyncGenerator<FixEvent, void> {
  const started = Date.now();
  const commit = await commitStaged(worktree, {
    paths: state.changedFiles,
    message: commitMessage(state.plan ?? undefined, options.issue),
    trailers: { 'Oryon-Run': state.runId, 'Oryon-Model': options.model.name },
    ...(options.commitEnv ? { env: options.commitEnv } : {}),
  });
  const base = await resolveCommit(options.repoRoot, options.base ?? 'HEAD');
  if (!(await createBranchIfAbsent(options.repoRoot, branch, commit))) await moveBranch(options.repoRoot, branch, commit, base, 'chat change');
  state.branch = branch;
  state.commit = commit;
  options.journal.updateRun(state.runId, { branch, commit_sha: commit });
  options.journal.addStep(state.runId, {
    iteration: state.iterations,
    kind: 'commit',
    wallMs: Date.now() - started,
    outcome: 'committed',
    detail: { branch, commit, files: state.changedFiles, diffstat: state.diffstat },
    startedAt: started,
  });
  yield { type: 'commit', branch, commit };
}

/**
 * The run's whole change (base → now) in git's diff shape, computed in-process from the
 * recorded originals: no git call, so advisor runs and every finish stay cheap.
 */
function changeDiff(state: RunState, worktree: string, skip: ReadonlySet<string>): { diff: string; diffstat: string } {
  const changes = [...state.originals]
    .filter(([file]) => !skip.has(file))
    .map(([file, before]) => ({ path: file, before, after: readRegularFile(worktree, file).toString('utf8') }));
  const { diff, stats } = describeChanges(changes.filter((change) => change.before !== change.after));
  return { diff, diffstat: formatStats(stats) };
}

/** Create the first free oryon/<slug>[-n] at the commit; creation is atomic, so a run that took the name meanwhile only costs a retry. */
async function claimBranch(repoRoot: string, wanted: string, commit: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const branch = await uniqueBranch(repoRoot, wanted);
    if (await createBranchIfAbsent(repoRoot, branch, commit)) return branch;
  }
  throw new GitError(['update-ref'], `could not create a branch named like ${wanted}`, null);
}
