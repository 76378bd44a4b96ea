// autopilot and sovereign, after the commit on oryon/<slug>: write the PR description,
// push the branch and open the PR where the policy and a remote allow, and (sovereign)
// merge when every guard rail holds. Each step is a journaled decision with its outcome.
import type { FixEvent, PublishOutcome } from '../agent/events.js';
import type { FixOptions } from '../agent/options.js';
import type { RunState } from '../agent/run-state.js';
import { pushBranch, remoteUrl } from '../git/index.js';
import { maskSecrets } from '../gates/secrets.js';
import type { MemoryDetail } from '../journal/run-story.js';
import { decidePublish } from '../policy/approvals.js';
import { askApproval } from './approval.js';
import { prDescription, prTitle, type PrFacts } from './pr-description.js';
import { openPullRequest } from './pr-tool.js';
import { sovereignMerge } from './sovereign.js';

type Step = PublishOutcome['steps'][number];

export async function* afterCommit(options: FixOptions, state: RunState): AsyncGenerator<FixEvent, void> {
  if ((state.mode !== 'autopilot' && state.mode !== 'sovereign') || !state.branch || !state.commit) return;
  const { journal, repoRoot, policy } = options;
  const branch = state.branch;
  const baseBranch = state.baseBranch;
  // Masked like every export: a finding's message or a test name must not carry a secret to a forge.
  const description = maskSecrets(prDescription(prFacts(options, state, baseBranch)));
  journal.addStep(state.runId, {
    iteration: state.iterations,
    kind: 'pr',
    wallMs: 0,
    outcome: 'written',
    reply: description,
    detail: { title: prTitle({ plan: state.plan, issue: options.issue }), base: baseBranch ?? null, branch },
    startedAt: Date.now(),
  });
  const outcome: PublishOutcome = { description, steps: [], merged: false };
  state.publish = outcome;
  const record = (step: Step): FixEvent => {
    outcome.steps.push(step);
    return { type: 'publish', ...step };
  };
  yield record({ action: 'pr-description', done: true, message: `PR description written (oryon runs export ${state.runId} --format pr)` });

  const remote = policy.git.remote;
  const pushed = yield* pushStep(options, state, branch, remote, record);

  // The PR: only for a pushed branch, and only where git.open_pr allows.
  const title = prTitle({ plan: state.plan, issue: options.issue });
  const prPolicy = decidePublish(policy, 'open_pr', branch);
  const request = { repoRoot, base: baseBranch ?? null, branch, title, body: description, signal: options.signal };
  if (!prPolicy.allowed || !pushed) {
    const reason = !prPolicy.allowed ? prPolicy.reason : `the branch is not on ${remote}`;
    journal.addDecision(state.runId, repoRoot, { ...prPolicy, allowed: false, subject: `open PR for ${branch}`, reason: `PR not opened: ${reason}` });
    yield record({ action: 'open_pr', done: false, message: `PR not opened: ${reason}` });
  } else if ((yield* askApproval(options, state, 'open_pr', `open a PR for ${branch}`)).answer !== 'yes') {
    journal.addDecision(state.runId, repoRoot, {
      ...prPolicy,
      allowed: false,
      rule: 'approvals.open_pr',
      subject: `open PR for ${branch}`,
      reason: 'PR not opened: the user declined',
    });
    yield record({ action: 'open_pr', done: false, message: 'PR not opened: the user declined' });
  } else {
    const pr = await openPullRequest(request, state.runId);
    if (pr.opened) {
      journal.addStep(state.runId, {
        iteration: state.iterations,
        kind: 'pr',
        wallMs: 0,
        outcome: 'opened',
        reply: pr.output,
        detail: { tool: pr.tool, url: pr.url ?? null },
        startedAt: Date.now(),
      });
      journal.addDecision(state.runId, repoRoot, {
        ...prPolicy,
        subject: `open PR for ${branch}`,
        reason: `PR opened with ${pr.tool}: ${pr.url ?? '(no URL printed)'}`,
      });
      yield record({ action: 'open_pr', done: true, message: `PR opened with ${pr.tool}${pr.url ? `: ${pr.url}` : ''}`, ...(pr.url ? { url: pr.url } : {}) });
    } else {
      journal.addDecision(state.runId, repoRoot, {
        ...prPolicy,
        allowed: false,
        subject: `open PR for ${branch}`,
        reason: `PR not opened: ${pr.reason}; to open it: ${pr.command}`,
      });
      yield record({ action: 'open_pr', done: false, message: `PR not opened: ${pr.reason}; to open it run: ${pr.command}`, command: pr.command });
    }
  }

  if (state.mode !== 'sovereign') return;
  const merge = yield* sovereignMerge(options, state, baseBranch);
  outcome.steps.push(...merge.steps);
  outcome.merged = merge.merged;
  if (merge.merged && baseBranch) yield* pushStep(options, state, baseBranch, remote, record, 'push-base');
}

/** Push one branch where git.push allows and the remote exists; journaled either way. Never forced. */
async function* pushStep(
  options: FixOptions,
  state: RunState,
  branch: string,
  remote: string,
  record: (step: Step) => FixEvent,
  action: 'push' | 'push-base' = 'push',
): AsyncGenerator<FixEvent, boolean> {
  const { journal, repoRoot } = options;
  const decision = decidePublish(options.policy, 'push', `${branch} to ${remote}`);
  const not = (rule: string, reason: string): FixEvent => {
    journal.addDecision(state.runId, repoRoot, { ...decision, allowed: false, rule, reason: `not pushed: ${reason}` });
    return record({ action, done: false, message: `${branch} not pushed: ${reason}` });
  };
  if (!decision.allowed) {
    yield not(decision.rule, decision.reason);
    return false;
  }
  const url = await remoteUrl(repoRoot, remote);
  if (!url) {
    yield not('git.remote', `the repository has no remote named ${remote} (git.remote)`);
    return false;
  }
  if ((yield* askApproval(options, state, 'push', `${branch} to ${remote}`)).answer !== 'yes') {
    yield not('approvals.push', 'the user declined the push');
    return false;
  }
  const started = Date.now();
  try {
    await pushBranch(repoRoot, remote, branch, options.signal);
  } catch (error) {
    yield not('git.push', `git push failed: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  journal.addStep(state.runId, {
    iteration: state.iterations,
    kind: 'push',
    wallMs: Date.now() - started,
    outcome: 'pushed',
    detail: { remote, url, branch, base: action === 'push-base' },
    startedAt: started,
  });
  journal.addDecision(state.runId, repoRoot, { ...decision, reason: `pushed ${branch} to ${remote} (${url})` });
  yield record({ action, done: true, message: `pushed ${branch} to ${remote} (${url})`, url });
  return true;
}

function prFacts(options: FixOptions, state: RunState, base: string | undefined): PrFacts {
  const steps = options.journal.steps(state.runId);
  const gates = steps.filter((step) => step.kind === 'gates').at(-1);
  const context = steps.find((step) => step.kind === 'context');
  const memory = (context?.detail_json ? (JSON.parse(context.detail_json) as { memory?: MemoryDetail | null }).memory : null) ?? null;
  return {
    runId: state.runId,
    issue: options.issue,
    plan: state.plan,
    branch: state.branch!,
    commit: state.commit!,
    base: base ?? null,
    diffstat: state.diffstat,
    files: state.changedFiles,
    tests: { command: state.testCommand, passed: state.testsPassed },
    gates: {
      ran: Boolean(gates),
      findings: options.journal
        .findings(state.runId)
        .map((f) => ({ gate: f.gate, rule: f.rule, severity: f.severity, file: f.file, line: f.line, message: f.message, blocking: f.blocking === 1 })),
    },
    memory: memory ? { chunks: memory.chunks ?? [], lessons: memory.lessons ?? [] } : null,
    model: options.model.name,
    tokens: { prompt: state.usage.prompt, completion: state.usage.completion },
    mode: state.mode,
  };
}
