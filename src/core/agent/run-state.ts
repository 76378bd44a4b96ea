import type { Mode } from '../../config/schema.js';
import type { FixResult, FixStatus, PublishOutcome } from './events.js';
import { Usage } from './model-call.js';
import type { Plan } from './plan.js';

/** What a run has learned so far; becomes the FixResult at the end. */
export class RunState {
  readonly usage = new Usage();
  /** Each changed file's content at the base (null: created by the run). */
  readonly originals = new Map<string, string | null>();
  plan: Plan | null = null;
  iterations = 0;
  branch: string | null = null;
  commit: string | null = null;
  testCommand: string | null = null;
  testsPassed: boolean | null = null;
  diff = '';
  diffstat = '';
  status: FixStatus = 'failed';
  reason: string | null = null;
  error: unknown;

  constructor(
    readonly runId: string,
    readonly mode: Mode,
    readonly startedAt: number,
  ) {}

  get changedFiles(): string[] {
    return [...this.originals.keys()].sort();
  }

  finish(status: FixStatus, reason: string | null): void {
    this.status = status;
    this.reason = reason;
  }

  /** Dependency files whose change a person approved (approvals.new_dependency), asked once per run. */
  readonly approvedDependencies = new Set<string>();
  /** The branch the run started from (autopilot/sovereign): the PR's base and the merge target. */
  baseBranch: string | undefined;
  /** autopilot/sovereign: what was published after the commit. */
  publish: PublishOutcome | undefined;

  /** The user's "edit" answer at the approval, for the next turn. */
  editRequest: string | undefined;

  result(wallMs: number): FixResult {
    return {
      runId: this.runId,
      status: this.status,
      mode: this.mode,
      branch: this.branch,
      commit: this.commit,
      filesChanged: this.changedFiles,
      iterations: this.iterations,
      tokens: { prompt: this.usage.prompt, completion: this.usage.completion },
      modelMs: this.usage.modelMs,
      wallMs,
      tests: { command: this.testCommand, passed: this.testsPassed },
      plan: this.plan,
      diff: this.diff,
      diffstat: this.diffstat,
      reason: this.reason,
      ...(this.publish === undefined ? {} : { publish: this.publish }),
      ...(this.editRequest === undefined ? {} : { editRequest: this.editRequest }),
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }
}
