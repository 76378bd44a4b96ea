// The approval port as chat uses it: one port for chat's commit prompt and for every
// `approvals.<action>: ask`, each request naming its action, each answer journaled.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApprovalAnswer, ApprovalRequest } from '../../../src/core/agent/options.js';
import { loadPolicy } from '../../../src/config/load.js';
import { datasetRepo, git, tempDir } from '../../helpers/git-repo.js';
import { planReply, runScripted } from '../agent/fixture.js';

function withRemote(root: string): string {
  const remote = path.join(tempDir('oryon-remote-'), 'origin.git');
  git(path.dirname(remote), 'init', '-q', '--bare', remote);
  git(root, 'remote', 'add', 'origin', remote);
  return remote;
}

describe('approvals through the port (chat)', { timeout: 90_000 }, () => {
  it('asks commit, then push by name; a "no" to push keeps the branch local and is journaled', async () => {
    const task = datasetRepo('py-fib');
    const remote = withRemote(task.root);
    const base = loadPolicy(task.root);
    const asked: ApprovalRequest[] = [];
    const approve = async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
      asked.push(request);
      return { answer: request.action === 'push' ? 'no' : 'yes' };
    };
    const { result, journal } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], {
      mode: 'autopilot',
      approve,
      policy: { ...base, git: { ...base.git, push: 'allow' }, approvals: { ...base.approvals, push: 'ask' } },
    });
    expect(result.status).toBe('succeeded');
    expect(asked.map((r) => r.action)).toEqual(['commit', 'push']);
    expect(asked[1]!.subject).toBe(`${result.branch} to origin`);
    expect(asked[1]!.diffstat).toContain('fib.py');
    expect(git(remote, 'for-each-ref', 'refs/heads')).toBe('');
    expect(result.publish!.steps.find((s) => s.action === 'push')).toMatchObject({
      done: false,
      message: expect.stringContaining('the user declined the push'),
    });
    const approvals = journal.decisions(result.runId).filter((d) => d.kind === 'approval');
    expect(approvals.map((d) => [d.subject, d.rule, d.allowed])).toEqual([
      ['commit', 'user', 1],
      [`push: ${result.branch} to origin`, 'approvals.push', 0],
    ]);
  });

  it('sovereign with the gates passed, a confident plan and review, and a yes to approvals.merge: merges --base without touching the checkout', async () => {
    const task = datasetRepo('py-fib');
    git(task.root, 'branch', 'release');
    git(task.root, 'checkout', '-q', '-b', 'work');
    const release = git(task.root, 'rev-parse', 'release').trim();
    const base = loadPolicy(task.root);
    const asked: string[] = [];
    const { result, journal } = await runScripted(
      task.root,
      task.issue,
      [planReply(['fib.py']), task.solution, JSON.stringify({ approve: true, confidence: 0.93, concerns: [] })],
      {
        mode: 'sovereign',
        base: 'release',
        policy: { ...base, approvals: { ...base.approvals, merge: 'ask' } },
        ask: async (request) => {
          asked.push(request.action!);
          return { answer: 'yes', via: 'test' };
        },
        gates: async () => ({ passed: true, findings: [], feedback: '' }),
      },
    );
    expect(asked).toEqual(['merge']);
    expect(result.publish!.merged).toBe(true);
    expect(git(task.root, 'rev-parse', 'release').trim()).toBe(result.commit);
    expect(git(task.root, 'rev-parse', `${result.commit}^`).trim()).toBe(release);
    expect(git(task.root, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('work');
    const merge = journal.steps(result.runId).find((s) => s.kind === 'merge')!;
    expect(JSON.parse(merge.detail_json!)).toMatchObject({ base: 'release', before: release, after: result.commit, kind: 'fast-forward', checked_out: null });
  });

  it('a change to the dependencies asks approvals.new_dependency first; a "no" commits nothing', async () => {
    const task = datasetRepo('py-fib');
    const base = loadPolicy(task.root);
    const asked: ApprovalRequest[] = [];
    const edit = `${task.solution.trimEnd()}\n\nrequirements.txt\n\`\`\`\nrequests==2.31.0\n\`\`\`\n`;
    const { result, journal } = await runScripted(task.root, task.issue, [planReply(['fib.py', 'requirements.txt']), edit], {
      policy: { ...base, approvals: { ...base.approvals, new_dependency: 'ask' } },
      ask: async (request) => {
        asked.push(request);
        return { answer: 'no', via: 'test' };
      },
    });
    expect(asked.map((r) => r.action)).toEqual(['new_dependency']);
    expect(asked[0]!.subject).toContain('requirements.txt');
    expect(result).toMatchObject({ status: 'failed', reason: 'the user declined the dependency change', branch: null });
    expect(journal.decisions(result.runId).find((d) => d.kind === 'approval')).toMatchObject({ rule: 'approvals.new_dependency', allowed: 0 });
  });

  it('sovereign: a review with no usable verdict means no merge, with the reason', async () => {
    const task = datasetRepo('py-fib');
    const main = git(task.root, 'rev-parse', 'main').trim();
    const { result } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution, 'looks fine to me', 'ship it', 'yes', 'ok'], {
      mode: 'sovereign',
      gates: async () => ({ passed: true, findings: [], feedback: '' }),
    });
    expect(result.status).toBe('succeeded');
    expect(result.publish!.merged).toBe(false);
    expect(result.publish!.steps.find((s) => s.action === 'merge')!.message).toContain('the final review could not be made');
    expect(git(task.root, 'rev-parse', 'main').trim()).toBe(main);
  });
});
