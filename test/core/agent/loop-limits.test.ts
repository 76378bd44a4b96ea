import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { ModelReplyError, PolicyDeniedError } from '../../../src/core/errors.js';
import { branches, datasetRepo, extraWorktrees } from '../../helpers/git-repo.js';
import { planReply, requestText, runScripted } from './fixture.js';

describe('runFix limits and unusable replies', () => {
  it('ends in error (worktree removed) when the plan is never valid JSON', async () => {
    const task = datasetRepo('py-fib');
    const { result, journal } = await runScripted(task.root, task.issue, ['not json', '{"summary": 1}', 'still not json']);
    expect(result.status).toBe('error');
    expect(result.error).toBeInstanceOf(ModelReplyError);
    expect(journal.getRun(result.runId)).toMatchObject({ status: 'error', worktree: null });
    expect(extraWorktrees(task.root)).toEqual([]);
  });

  it('asks again when a reply holds no edit blocks', async () => {
    const task = datasetRepo('py-fib');
    const { result, model } = await runScripted(task.root, task.issue, [planReply(['fib.py']), 'I would change the start values to 0 and 1.', task.solution]);
    expect(result).toMatchObject({ status: 'succeeded', iterations: 1 });
    expect(requestText(model, 2)).toMatch(/no edit blocks|NOT applied/);
  });

  it('fails, leaving nothing behind, when the edits still do not apply after max_reflections', async () => {
    const task = datasetRepo('py-fib');
    const miss = (k: number) => `fib.py\n<<<<<<< SEARCH\nnot in the file ${k}\n=======\nx = ${k}\n>>>>>>> REPLACE\n`;
    const { result, model, events, journal } = await runScripted(task.root, task.issue, [planReply(['fib.py']), miss(1), miss(2), miss(3), miss(4)]);
    expect(result).toMatchObject({ status: 'failed', iterations: 1, branch: null, commit: null, filesChanged: [] });
    expect(result.reason).toBe('the edits could not be applied after 3 reflections');
    // The first try and 3 reflections, each after the engine's feedback; the tests never ran.
    expect(model.requests).toHaveLength(5);
    expect(events.filter((e) => e.type === 'edit-failed').map((e) => (e as { reflection: number }).reflection)).toEqual([1, 2, 3, 4]);
    expect(requestText(model, 4)).toContain('not in the file 3');
    expect(journal.steps(result.runId).map((s) => s.kind)).toEqual(['environment', 'context', 'plan', 'edit', 'reflect', 'reflect', 'reflect']);
    expect(branches(task.root)).toEqual(['main']);
    expect(extraWorktrees(task.root)).toEqual([]);
  });

  it('stops a run that exceeds limits.max_tokens_per_run, as not done', async () => {
    const task = datasetRepo('py-fib');
    const policy = { ...loadPolicy(task.root) };
    policy.limits = { ...policy.limits, max_tokens_per_run: 50 };
    const { result } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], { policy });
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/max_tokens_per_run is 50/);
    expect(branches(task.root)).toEqual(['main']);
  });

  it('caps iterations by the policy and says so', async () => {
    const task = datasetRepo('py-fib');
    const policy = { ...loadPolicy(task.root) };
    policy.limits = { ...policy.limits, max_iterations: 1 };
    const wrong = 'fib.py\n```\ndef fib(n):\n    return n * 2\n```\n';
    const { result, events } = await runScripted(task.root, task.issue, [planReply(['fib.py']), wrong], { policy, maxIterations: 5 });
    expect(result).toMatchObject({ status: 'failed', iterations: 1 });
    expect(events.find((e) => e.type === 'run-started')).toMatchObject({ maxIterations: 1 });
    expect(events.some((e) => e.type === 'notice' && e.message.includes('limits.max_iterations'))).toBe(true);
  });

  it('refuses to work untested when the policy requires the tests gate', async () => {
    const { makeRepo } = await import('../../helpers/git-repo.js');
    const root = makeRepo({ 'notes.txt': 'hello wrold\n' });
    const { result, model } = await runScripted(root, 'fix the typo in notes.txt', [planReply(['notes.txt'])]);
    expect(result.status).toBe('error');
    expect(result.error).toBeInstanceOf(PolicyDeniedError);
    expect((result.error as PolicyDeniedError).rule).toBe('gates.required: tests');
    // SPEC: a refusal's message names the rule.
    expect((result.error as PolicyDeniedError).message).toContain('gates.required: tests');
    expect(model.requests).toHaveLength(0);
    expect(branches(root)).toEqual(['main']);
  });

  it('runs without tests when none can be found and the policy allows it, and says so', async () => {
    const { makeRepo } = await import('../../helpers/git-repo.js');
    const root = makeRepo({ 'notes.txt': 'hello wrold\n' });
    const policy = { ...loadPolicy(root) };
    policy.gates = { ...policy.gates, required: policy.gates.required.filter((gate) => gate !== 'tests') };
    const { result, events } = await runScripted(root, 'fix the typo in notes.txt', [planReply(['notes.txt']), 'notes.txt\n```\nhello world\n```\n'], {
      policy,
    });
    expect(result).toMatchObject({ status: 'succeeded', tests: { command: null, passed: null } });
    expect(events.some((e) => e.type === 'notice' && e.message.includes('no test command found'))).toBe(true);
  });
});
