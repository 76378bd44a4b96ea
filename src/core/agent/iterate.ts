// Plan → edit → test → gates, iterated inside the run's worktree. Returns when the
// change is ready to finish (status succeeded) or the run cannot succeed (failed).
import { InterruptedError } from '../errors.js';
import type { Journal } from '../journal/journal.js';
import { decidePath } from '../policy/decide.js';
import { promptBudget } from '../model/token-budget.js';
import type { ChatReply } from '../model/types.js';
import { gatherContext, withPlanFiles, type RepoContext } from './context.js';
import { DoomLoopGuard } from './doom-loop.js';
import type { FixEvent, ModelPurpose } from './events.js';
import { streamed } from './model-call.js';
import type { ApplyEdits, FixOptions } from './options.js';
import { requestPlan, requestPlanWithTools, renderPlan } from './plan.js';
import { chatWithTools } from './tool-loop.js';
import { runTools, type RunTools } from './tool-steps.js';
import { changeDenials, denialFeedback } from './policy-check.js';
import { buildEditPrompt, buildPlanPrompt, type BuiltPrompt, type EditSettings, type PreviousAttempt } from './prompt-builder.js';
import { loadPrompt, renderPrompt } from './prompts.js';
import type { RunState } from './run-state.js';
import { runTests } from './test-run.js';
import type { TestCommand } from './test-detect.js';
import { beforeTests, type RunEnvironment } from './environment.js';
import type { WorkspaceView } from './workspace.js';
import { budgetUse, describeBudget, exhaustedBudget } from '../journal/token-usage.js';

export interface IterateInput {
  options: FixOptions;
  state: RunState;
  view: WorkspaceView;
  worktree: string;
  /** The commit the worktree started from. */
  base: string;
  test: TestCommand | undefined;
  /** The installed environment shared with the worktree; tests and gates run in its sandbox. */
  environment: RunEnvironment;
  maxIterations: number;
  settings: EditSettings;
  applyEdits: ApplyEdits;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError();
}

export async function* iterate(input: IterateInput): AsyncGenerator<FixEvent, void> {
  const { options, state, view, worktree } = input;
  const tools = await runTools(
    options,
    state.runId,
    { view, worktree, sandbox: input.environment.sandbox, searchCode: options.searchCode },
    promptBudget(options.model.numCtx, options.config.model.reply_reserve_tokens),
  );
  try {
    for (const problem of tools.problems) yield { type: 'notice', message: `${problem}; the run goes on without it` };
    yield* iterateWith(input, tools);
  } finally {
    await tools.close();
  }
}

async function* iterateWith(input: IterateInput, tools: RunTools): AsyncGenerator<FixEvent, void> {
  const { options, state, view, worktree } = input;
  const { journal, model, signal } = options;
  const runId = state.runId;
  // With tools on, part of the prompt budget is kept for what they return.
  const budget = promptBudget(model.numCtx, options.config.model.reply_reserve_tokens) - tools.reserveTokens;

  // 1. Context
  let started = Date.now();
  let context: RepoContext = await gatherContext(view, options.issue, {
    memory: options.memory,
    signal,
    ...(options.focusFiles ? { boost: options.focusFiles } : {}),
  });
  const planPrompt = buildPlanPrompt(context, view, budget, input.settings.promptsDir);
  yield {
    type: 'context',
    files: view.files.length,
    shown: planPrompt.shown.map((file) => file.path),
    omitted: planPrompt.omitted,
    tokens: planPrompt.estimatedTokens,
  };
  journal.addStep(runId, {
    iteration: 0,
    kind: 'context',
    wallMs: Date.now() - started,
    outcome: 'ok',
    detail: {
      wholeFileMaxLines: input.settings.wholeFileMaxLines,
      files: view.files.length,
      hidden: view.hidden.length,
      instructions: context.instructions.map((i) => i.path),
      ranked: context.ranked.slice(0, 20),
      omitted: planPrompt.omitted,
      test: input.test?.argv ?? null,
      memory: context.recall ?? null,
      tools: { setting: tools.setting, native: tools.native, offered: tools.tools.map((tool) => tool.name) },
    },
    startedAt: started,
  });

  // 2. Plan
  checkAbort(signal);
  started = Date.now();
  yield { type: 'model-start', purpose: 'plan', iteration: 0, promptTokens: planPrompt.estimatedTokens };
  const planTools = tools.forStep('plan', 0);
  const planned = planTools
    ? yield* requestPlanWithTools(model, planPrompt.messages, planTools, { signal, maxRetries: options.config.model.max_retries })
    : yield* streamed((onText) => requestPlan(model, planPrompt.messages, { signal, maxRetries: options.config.model.max_retries, onText }));
  const planCost = state.usage.add(planned.replies, Date.now() - started);
  yield { type: 'model-done', purpose: 'plan', promptTokens: planCost.prompt, completionTokens: planCost.completion, ms: Date.now() - started };
  yield* truncationNotices(planned.replies);
  state.plan = planned.plan;
  journal.updateRun(runId, { plan_json: JSON.stringify(planned.plan) });
  journal.addStep(runId, modelStep(0, 'plan', planPrompt, planned.replies, planCost, started, 'ok', { plan: planned.plan, attempts: planned.replies.length }));
  yield { type: 'plan', plan: planned.plan };
  context = withPlanFiles(context, view, planned.plan.files);
  const planText = renderPlan(planned.plan);

  const guard = new DoomLoopGuard();
  // The gates run every iteration; what they have to tell the user is said once per run.
  const gateNotices = new Set<string>();
  let previous: PreviousAttempt | undefined;
  const pathGuard = (relPath: string) => {
    const decision = decidePath(options.policy, relPath, 'write');
    return decision.allowed ? ({ allowed: true } as const) : ({ allowed: false, rule: decision.rule, reason: decision.reason } as const);
  };

  for (let iteration = 1; iteration <= input.maxIterations; iteration++) {
    state.iterations = iteration;
    yield { type: 'iteration', iteration, max: input.maxIterations };

    // 3. Edit, with reflections on edits that do not apply
    let lastReply = '';
    let applied = false;
    for (let reflection = 0; reflection <= options.config.agent.max_reflections; reflection++) {
      checkAbort(signal);
      // The token limit stops new spending; a reply already paid for is still used.
      overTokenLimit(options, state);
      const purpose: ModelPurpose = reflection === 0 ? 'edit' : 'reflect';
      const files = [...new Set([...planned.plan.files, ...state.changedFiles])];
      const prompt = buildEditPrompt(context, view, budget, { text: planText, files }, input.settings, previous);
      started = Date.now();
      yield { type: 'model-start', purpose, iteration, promptTokens: prompt.estimatedTokens };
      const answered = yield* chatWithTools(model, prompt.messages, tools.forStep(purpose, iteration), { purpose, iteration, signal });
      const reply: ChatReply = answered.reply;
      const cost = state.usage.add(answered.replies, Date.now() - started);
      yield { type: 'model-done', purpose, promptTokens: cost.prompt, completionTokens: cost.completion, ms: Date.now() - started };
      yield* truncationNotices(answered.replies);
      lastReply = reply.content;

      const result = await input.applyEdits(worktree, reply.content, {
        pathGuard,
        trackedFiles: view.files,
        shownFiles: prompt.shown.map((file) => file.path),
      });
      // Every refused path is a decision: the policy's denials and paths that leave the repo.
      for (const block of result.blocks.filter((b) => b.rule !== undefined)) {
        journal.addDecision(runId, options.repoRoot, {
          kind: 'path',
          subject: block.path,
          allowed: false,
          rule: block.rule!,
          reason: block.message ?? 'refused',
        });
      }
      const changed = result.ok ? result.changes.filter((change) => change.before !== change.after) : [];
      const outcome = result.ok && changed.length ? 'applied' : result.ok ? 'no-change' : 'failed';
      journal.addStep(
        runId,
        modelStep(iteration, purpose, prompt, [reply], cost, started, outcome, {
          blocks: result.blocks,
          parseErrors: result.parseErrors,
          files: changed.map((c) => c.path),
          feedback: result.feedback || undefined,
          toolCalls: answered.calls.length,
        }),
      );

      if (changed.length) {
        for (const change of changed) if (!state.originals.has(change.path)) state.originals.set(change.path, change.before);
        view.changed(changed.map((change) => change.path));
        yield { type: 'edit', iteration, files: changed.map((change) => change.path), ok: true };
        applied = true;
        break;
      }
      const feedback = result.ok ? 'Your reply contained no edit blocks that change anything. Reply with edit blocks in the required format.' : result.feedback;
      yield { type: 'edit-failed', iteration, reflection: reflection + 1, feedback };
      if (guard.recordFailure(reply.content)) {
        yield* doomLoop(state, 'the model sent the same failing edit twice');
        return;
      }
      previous = { reply: reply.content, feedback: renderPrompt(loadPrompt('feedback-edit', input.settings.promptsDir), { feedback }) };
    }
    if (!applied) {
      state.finish('failed', `the edits could not be applied after ${options.config.agent.max_reflections} reflections`);
      return;
    }

    // Policy over the whole change so far, before spending time on tests.
    const denials = changeDenials(options.policy, state.originals, (file) => view.read(file));
    if (denials.length) {
      for (const denial of denials) journal.addDecision(runId, options.repoRoot, denial);
      const feedback = renderPrompt(loadPrompt('feedback-gates', input.settings.promptsDir), { after: 'not tested yet', feedback: denialFeedback(denials) });
      if (guard.recordFailure(lastReply)) return yield* doomLoop(state, 'the model repeated an edit the policy refuses');
      yield { type: 'gates', passed: false, feedback: denialFeedback(denials) };
      previous = { reply: lastReply, feedback };
      state.reason = `the policy refused the change: ${denials[0]!.reason}`;
      continue;
    }

    // 4. Test, in the sandbox with the project's environment (installed privately first when the change touched dependencies)
    if (input.test || options.config.test.setup.length) {
      checkAbort(signal);
      if (!(yield* beforeTests(options, state, input.environment, (file) => view.read(file), worktree))) return;
    }
    if (input.test) {
      checkAbort(signal);
      started = Date.now();
      yield { type: 'test-start', command: input.test.argv };
      const outcome = await runTests(input.environment.sandbox, input.test.argv, worktree, {
        signal,
        timeoutMs: Math.min(options.config.test.timeout_ms, options.policy.limits.command_timeout_ms),
        feedbackBytes: options.config.test.feedback_bytes,
      });
      checkAbort(signal);
      state.testsPassed = outcome.passed;
      yield {
        type: 'test',
        passed: outcome.passed,
        failed: outcome.failed,
        exitCode: outcome.exitCode,
        timedOut: outcome.timedOut,
        durationMs: outcome.durationMs,
      };
      journal.addStep(runId, {
        iteration,
        kind: 'test',
        prompt: input.test.argv.join(' '),
        reply: outcome.tail,
        wallMs: Date.now() - started,
        outcome: outcome.passed ? 'passed' : 'failed',
        detail: { command: input.test.argv, exitCode: outcome.exitCode, failed: outcome.failed, timedOut: outcome.timedOut, durationMs: outcome.durationMs },
        startedAt: started,
      });
      if (!outcome.passed) {
        if (guard.recordFailure(lastReply)) return yield* doomLoop(state, 'the model repeated an edit that fails the tests');
        state.reason = outcome.timedOut ? 'the tests timed out' : `the tests failed${outcome.failed ? ` (${outcome.failed} failed)` : ''}`;
        previous = {
          reply: lastReply,
          feedback: renderPrompt(loadPrompt('feedback-test', input.settings.promptsDir), {
            command: input.test.argv.join(' '),
            exit_code: outcome.exitCode !== null ? String(outcome.exitCode) : outcome.timedOut ? 'none (timed out)' : 'none (killed by a signal)',
            output: outcome.tail,
          }),
        };
        continue;
      }
    }

    // 5. Gates (injected; lint, security, secrets)
    if (options.gates) {
      checkAbort(signal);
      started = Date.now();
      const gates = await options.gates({ worktree, base: input.base, changedFiles: state.changedFiles, runId, signal, sandbox: input.environment.sandbox });
      for (const finding of gates.findings) journal.addFinding(runId, options.repoRoot, finding);
      for (const decision of gates.decisions ?? []) journal.addDecision(runId, options.repoRoot, decision);
      for (const notice of gates.notices ?? []) {
        if (gateNotices.has(notice)) continue;
        gateNotices.add(notice);
        yield { type: 'notice', message: notice };
      }
      yield { type: 'gates', passed: gates.passed, feedback: gates.feedback };
      journal.addStep(runId, {
        iteration,
        kind: 'gates',
        wallMs: Date.now() - started,
        outcome: gates.passed ? 'passed' : 'blocked',
        detail: { findings: gates.findings },
        startedAt: started,
      });
      if (!gates.passed) {
        if (guard.recordFailure(lastReply)) return yield* doomLoop(state, 'the model repeated an edit the gates block');
        state.reason = 'a blocking gate failed';
        previous = {
          reply: lastReply,
          feedback: renderPrompt(loadPrompt('feedback-gates', input.settings.promptsDir), {
            after: input.test ? 'the tests passed' : 'no tests ran',
            feedback: gates.feedback,
          }),
        };
        continue;
      }
    }
    state.finish('succeeded', null);
    return;
  }
  state.finish('failed', `iterations ran out (${input.maxIterations}): ${state.reason ?? 'the change is not done'}`);
}

async function* doomLoop(state: RunState, message: string): AsyncGenerator<FixEvent, void> {
  yield { type: 'doom-loop', message };
  state.finish('failed', `stopped: ${message}`);
}

function overTokenLimit(options: FixOptions, state: RunState): void {
  const limit = options.policy.limits.max_tokens_per_run;
  if (state.usage.total > limit) {
    state.reason = `the run used ${state.usage.total} tokens; limits.max_tokens_per_run is ${limit}`;
    throw new TokenLimitReached(state.reason);
  }
  // The repo's daily/monthly budgets, counted from the journal (this run's steps included).
  const { limits } = options.policy;
  if (limits.tokens_per_day === null && limits.tokens_per_month === null) return;
  const spent = exhaustedBudget(budgetUse(options.journal.db, options.repoRoot, limits));
  if (spent) {
    state.reason = `stopped after the current step: ${describeBudget(spent)}`;
    throw new TokenLimitReached(state.reason);
  }
}

/** Raised inside the loop to stop a run that hit max_tokens_per_run (a failed run, not an error). */
export class TokenLimitReached extends Error {}

function modelStep(
  iteration: number,
  kind: 'plan' | ModelPurpose,
  prompt: BuiltPrompt,
  replies: readonly ChatReply[],
  cost: { prompt: number; completion: number },
  started: number,
  outcome: string,
  detail: unknown,
): Parameters<Journal['addStep']>[1] {
  const last = replies[replies.length - 1];
  return {
    iteration,
    kind: kind === 'reflect' ? 'reflect' : kind,
    prompt: JSON.stringify(prompt.messages),
    reply: replies.length > 1 ? replies.map((reply) => reply.content).join('\n\n----- retry -----\n\n') : last?.content,
    thinking: replies
      .map((reply) => reply.thinking)
      .filter(Boolean)
      .join('\n\n'),
    tokensIn: cost.prompt,
    tokensOut: cost.completion,
    modelMs: Date.now() - started,
    wallMs: Date.now() - started,
    outcome,
    detail: {
      ...(detail as object),
      estimatedPromptTokens: prompt.estimatedTokens,
      omitted: prompt.omitted,
      truncationWarnings: replies.map((r) => r.truncationWarning).filter(Boolean),
      ...modelRoute(replies),
    },
    startedAt: started,
  };
}

/** Which endpoint answered, endpoints passed over and why, and text of streams cut mid-reply (never applied). */
function modelRoute(replies: readonly ChatReply[]): { routes?: unknown[]; discarded?: string[] } {
  const routes = replies.map((reply) => reply.route).filter(Boolean);
  const discarded = replies.flatMap((reply) => reply.discarded ?? []);
  return { ...(routes.length ? { routes } : {}), ...(discarded.length ? { discarded } : {}) };
}

/** The model client's truncation warnings reach the user, not only the journal. */
function* truncationNotices(replies: readonly ChatReply[]): Generator<FixEvent> {
  for (const reply of replies) if (reply.truncationWarning) yield { type: 'notice', message: reply.truncationWarning };
}
