// One task under one configuration, through the same core as `oryon fix`: a fresh repo,
// an isolated worktree, sandboxed tests, the gates and the journal. The task's grading
// tests are its test command; its hidden files join the policy's deny list, so the model
// can neither read nor change them, and `--tries N` is N edit → test rounds: the second
// try sees the first one's test output, as in aider's benchmark.
import type { Config } from '../../config/schema.js';
import { runFix } from '../agent/loop.js';
import type { GatesSeam } from '../agent/options.js';
import { splitCommandLine } from '../agent/test-detect.js';
import { runTests } from '../agent/test-run.js';
import type { Decision } from '../policy/decide.js';
import type { Journal } from '../journal/journal.js';
import { newRunId } from '../journal/run-id.js';
import type { ChatModel } from '../model/types.js';
import type { Policy } from '../policy/schema.js';
import type { SandboxRunner } from '../sandbox/types.js';
import { prepareTaskRepo } from './prepare.js';
import type { BenchTask } from './task.js';
import type { BenchConfiguration, TaskResult } from './types.js';

export interface TaskRunContext {
  benchId: string;
  suite: string;
  /** The configuration's config (model name, edit format, seed already applied). */
  config: Config;
  policy: Policy;
  home: string;
  journal: Journal;
  model: ChatModel;
  /** A sandbox that journals its decisions under the given run. */
  sandboxFor(record: (decision: Decision) => void): SandboxRunner;
  gatesFor?: ((repoRoot: string, sandbox: SandboxRunner, policy: Policy) => GatesSeam) | undefined;
  tries: number;
  signal?: AbortSignal | undefined;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function runBenchTask(task: BenchTask, configuration: BenchConfiguration, repeat: number, context: TaskRunContext): Promise<TaskResult> {
  const started = performance.now();
  const { config, signal } = context;
  const result: TaskResult = {
    benchId: context.benchId,
    suite: context.suite,
    config: configuration.label,
    model: configuration.model,
    editFormat: configuration.editFormat,
    task: task.id,
    level: task.level,
    language: task.language,
    repeat,
    status: 'failed',
    passed: Array.from({ length: context.tries }, () => false),
    iterations: 0,
    editFailures: 0,
    promptTokens: 0,
    completionTokens: 0,
    modelMs: 0,
    testMs: 0,
    checkMs: 0,
    fixMs: 0,
    wallMs: 0,
    runId: null,
    seed: config.model.seed,
    temperature: config.model.temperature,
    error: null,
    finishedAt: 0,
  };
  const finish = (): TaskResult => {
    result.wallMs = performance.now() - started;
    result.finishedAt = Date.now();
    return result;
  };

  let repo;
  try {
    repo = await prepareTaskRepo(task, context.home, signal);
  } catch (error) {
    result.status = signal?.aborted ? 'interrupted' : 'error';
    result.error = `task ${task.id}: could not copy ${task.repoDir}: ${errorText(error)}`;
    return finish();
  }
  const runId = newRunId();
  // The broken-task check runs before the run exists in the journal; its decisions are the bench's, not the run's.
  let journaling = false;
  const sandbox = context.sandboxFor((decision) => {
    if (journaling) context.journal.addDecision(runId, repo.root, decision);
  });
  try {
    // A broken task passes before any change: it would count as a free pass, so it is refused.
    const argv = splitCommandLine(task.testCommand);
    const before = await runTests(sandbox, argv, repo.root, { signal, timeoutMs: config.test.timeout_ms, feedbackBytes: 2000 });
    result.testMs += before.durationMs;
    result.checkMs = before.durationMs;
    if (signal?.aborted) {
      result.status = 'interrupted';
      return finish();
    }
    if (before.passed) {
      result.status = 'broken';
      result.error = `task ${task.id}: its tests pass before any change (${task.testCommand} in ${task.repoDir}); a task must fail as shipped`;
      return finish();
    }

    // The hidden grading files join paths.deny for this run only (never the sandbox's policy: the tests must still see them).
    const policy: Policy = { ...context.policy, paths: { ...context.policy.paths, deny: [...context.policy.paths.deny, ...task.hidden] } };
    const run = runFix({
      runId,
      repoRoot: repo.root,
      issue: task.issue,
      config,
      policy,
      home: context.home,
      model: context.model,
      sandbox,
      journal: context.journal,
      // Graded by the tests, then thrown away with the copy: a commit would be wasted work.
      mode: 'advisor',
      signal,
      testCommand: task.testCommand,
      maxIterations: context.tries,
      editFormat: configuration.editFormat,
      promptsDir: configuration.prompts ?? undefined,
      // The copy goes when the task ends (repo.dispose()), the worktree's record in it too.
      scratchRepo: true,
      gates: context.gatesFor?.(repo.root, sandbox, policy),
    });
    result.runId = runId;
    let iteration = 0;
    for (;;) {
      const next = await run.next();
      if (next.done) {
        const fix = next.value;
        result.iterations = fix.iterations;
        result.promptTokens = fix.tokens.prompt;
        result.completionTokens = fix.tokens.completion;
        result.modelMs = fix.modelMs;
        result.fixMs = fix.wallMs;
        if (fix.status === 'interrupted') result.status = 'interrupted';
        else if (fix.status === 'error') {
          result.status = 'error';
          result.error = `task ${task.id}: ${errorText(fix.error ?? fix.reason)}`;
        } else result.status = result.passed.some(Boolean) ? 'passed' : 'failed';
        if (fix.status !== 'error' && fix.status !== 'interrupted' && !result.passed.some(Boolean) && fix.reason) result.error = fix.reason;
        break;
      }
      const event = next.value;
      if (event.type === 'run-started') journaling = true;
      else if (event.type === 'iteration') iteration = event.iteration;
      else if (event.type === 'edit-failed') result.editFailures++;
      else if (event.type === 'test') {
        result.testMs += event.durationMs;
        // Graded by the task's tests at the end of each try; a pass holds for every later try.
        if (event.passed) for (let i = iteration - 1; i < result.passed.length; i++) result.passed[i] = true;
      }
    }
    return finish();
  } catch (error) {
    result.status = signal?.aborted ? 'interrupted' : 'error';
    result.error = `task ${task.id}: ${errorText(error)}`;
    return finish();
  } finally {
    repo.dispose();
  }
}
