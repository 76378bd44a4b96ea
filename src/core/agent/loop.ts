// `runFix`: one fix run as an async stream of typed events. It owns the run's lifecycle:
// journal row, isolated worktree, the plan → edit → test loop, the finish by mode, and
// cleanup on every way out (success, failure, error, abort). The user's tree is never
// written: all work happens in a detached worktree under ORYON_HOME.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { decideCommand, decideMode } from '../policy/decide.js';
import { InterruptedError, PolicyDeniedError, isAbortError } from '../errors.js';
import { askApproval, localUser } from '../autonomy/approval.js';
import { ApprovingRunner } from '../autonomy/approving-runner.js';
import { baseBranchOf } from '../autonomy/base-branch.js';
import {
  addWorktree,
  assertCommitIdentity,
  assertStateOutsideRepo,
  cleanStaleWorktrees,
  removeWorktree,
  repoKey,
  resolveCommit,
  filesAtCommit,
  worktreeRoot,
} from '../git/index.js';
import { applyEditText } from '../edit/index.js';
import { isRunAlive } from '../journal/journal.js';
import { newRunId } from '../journal/run-id.js';
import type { FixEvent, FixResult } from './events.js';
import { finishRun } from './finish.js';
import { iterate, TokenLimitReached } from './iterate.js';
import type { FixOptions } from './options.js';
import { RunState } from './run-state.js';
import { prepareEnvironment } from './environment.js';
import { detectTestCommand } from './test-detect.js';
import { modelInfo, wholeFileLimit } from './whole-file-limit.js';
import { WorkspaceView } from './workspace.js';

export type { FixOptions, GatesSeam, GateFinding } from './options.js';

export async function* runFix(options: FixOptions): AsyncGenerator<FixEvent, FixResult> {
  const wallStart = performance.now();
  const { journal, policy, config, repoRoot, signal } = options;
  const requested = options.mode ?? config.agent.mode;
  const modeDecision = decideMode(policy, requested);
  const mode = modeDecision.mode;
  assertStateOutsideRepo(options.home, repoRoot);
  const baseRef = options.base ?? 'HEAD';
  const baseCommit = await resolveCommit(repoRoot, baseRef);
  if (mode !== 'advisor') await assertCommitIdentity(repoRoot);
  const runId = options.runId ?? newRunId();
  const state = new RunState(runId, mode, Date.now());
  const maxIterations = Math.min(options.maxIterations ?? config.agent.max_iterations, policy.limits.max_iterations);

  journal.createRun({
    id: runId,
    repo: repoRoot,
    issue: options.issue,
    mode,
    model: options.model.name,
    baseRef: baseCommit,
    pid: process.pid,
    startedAt: state.startedAt,
  });
  journal.addDecision(runId, repoRoot, modeDecision);
  yield { type: 'run-started', runId, mode, requestedMode: requested, model: options.model.name, base: baseCommit, maxIterations };
  if (!modeDecision.allowed) yield { type: 'notice', message: `mode capped at ${mode}: ${modeDecision.reason}` };
  if (mode === 'autopilot' || mode === 'sovereign') state.baseBranch = await baseBranchOf(repoRoot, options.base);
  if ((options.maxIterations ?? config.agent.max_iterations) > maxIterations) {
    yield { type: 'notice', message: `iterations capped at ${maxIterations} by limits.max_iterations` };
  }

  const worktree = path.join(worktreeRoot(options.home, repoKey(repoRoot)), runId);
  let worktreeMade = false;
  try {
    const cleaned = await cleanStaleWorktrees(repoRoot, options.home, (id) => {
      if (id === runId) return true;
      const run = journal.getRun(id);
      return run?.status === 'running' && isRunAlive(run);
    });
    journal.updateRun(runId, { worktree });
    worktreeMade = true;
    // The file list comes from the commit's tree, read while the checkout runs.
    const [listed, added] = await Promise.allSettled([filesAtCommit(repoRoot, baseCommit, signal), addWorktree(repoRoot, worktree, baseCommit, signal)]);
    if (added.status === 'rejected') throw added.reason;
    if (listed.status === 'rejected') throw listed.reason;
    const tracked = listed.value;
    if (signal?.aborted) throw new InterruptedError();
    // The sandbox looks up git's hooks path (a git process) while the context is built.
    options.sandbox.prepare?.(worktree);
    yield { type: 'worktree', path: worktree, cleanedStale: cleaned };

    const wholeFileMaxLines = wholeFileLimit(config.agent.whole_file_max_lines, await modelInfo(options.model, signal), config.model.reply_reserve_tokens);
    const view = new WorkspaceView(worktree, tracked, policy);
    for (const hidden of view.hidden) journal.addDecision(runId, repoRoot, hidden);
    const sandbox = new ApprovingRunner(options.sandbox);
    const environment = yield* prepareEnvironment({ ...options, sandbox }, state, worktree);
    const test = await detectTestCommand(worktree, tracked, { flag: options.testCommand, config: config.test.command }, environment.projectEnv);
    if (test) {
      const decision = decideCommand(policy, test.argv);
      journal.addDecision(runId, repoRoot, decision);
      if (!decision.allowed && policy.approvals.command === 'ask') {
        // A person may let this one command line run (approvals.command: ask); the answer is journaled.
        const reply = yield* askApproval(options, state, 'command', decision.subject);
        if (reply.answer !== 'yes')
          throw new PolicyDeniedError(`test command refused: ${decision.reason}, and the user declined to run it`, 'approvals.command', {
            hint: 'add the program to commands.allow in .oryon/policy.yaml, or set test.command',
          });
        sandbox.approve(test.argv, localUser());
      } else if (!decision.allowed) {
        throw new PolicyDeniedError(`test command refused by policy rule ${decision.rule}: ${decision.reason}`, decision.rule, {
          hint: 'add the program to commands.allow in .oryon/policy.yaml, or set test.command',
        });
      }
      state.testCommand = test.argv.join(' ');
    } else if (mode !== 'advisor' && policy.gates.required.includes('tests')) {
      // Nothing lands untested: with the tests gate required, an untestable change is refused up front.
      throw new PolicyDeniedError('no test command found, and the policy requires the tests gate (rule gates.required: tests)', 'gates.required: tests', {
        hint: 'set test.command in .oryon/config.yaml or pass --test-command; or drop tests from gates.required in .oryon/policy.yaml',
      });
    } else {
      yield { type: 'notice', message: 'no test command found (set test.command or pass --test-command); the change will not be tested' };
    }

    yield* iterate({
      options,
      state,
      view,
      worktree,
      base: baseCommit,
      test,
      environment,
      maxIterations,
      settings: { editFormat: options.editFormat ?? config.agent.edit_format, wholeFileMaxLines, promptsDir: options.promptsDir },
      applyEdits: options.applyEdits ?? applyEditText,
    });
    if (state.changedFiles.length) yield* finishRun(options, state, worktree);
  } catch (error) {
    if (signal?.aborted || isAbortError(error)) {
      state.finish('interrupted', 'interrupted');
      state.error = error instanceof InterruptedError ? error : new InterruptedError();
    } else if (error instanceof TokenLimitReached) {
      state.finish('failed', error.message);
    } else {
      state.finish('error', error instanceof Error ? error.message : String(error));
      state.error = error;
    }
  } finally {
    if (worktreeMade && options.scratchRepo) rmSync(worktree, { recursive: true, force: true });
    else if (worktreeMade) await removeWorktree(repoRoot, worktree);
    const result = state.result(performance.now() - wallStart);
    journal.updateRun(runId, {
      status: state.status,
      worktree: null,
      finished_at: Date.now(),
      error: state.reason,
      // The model settings go with the run, for the evidence pack (what exactly was asked of the model).
      summary_json: JSON.stringify({
        ...result,
        error: undefined,
        diff: undefined,
        publish: result.publish ? { steps: result.publish.steps, merged: result.publish.merged } : undefined,
        model_settings: { num_ctx: config.model.num_ctx, temperature: config.model.temperature, seed: config.model.seed },
        requested_mode: requested,
      }),
    });
  }
  return state.result(performance.now() - wallStart);
}
