// autopilot end to end: the built CLI, the fake model server, a real repository with a
// local bare repository as origin. Nothing leaves unless the policy allows it.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { git, makeDirty, snapshot } from '../helpers/git-repo.js';
import { autonomyRepo, ghStandIn, remoteBranches } from './autonomy-helpers.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const PUBLISH = 'git:\n  push: allow\n  open_pr: allow\n';

describe('oryon fix --mode autopilot (e2e)', { timeout: 120_000 }, () => {
  it('push denied (the default): commits on the branch, writes the PR description, nothing leaves', async () => {
    fake = await startFakeOllama();
    const env = fixEnv(fake.url);
    const task = await autonomyRepo(undefined, env);
    fake.enqueue({ content: planReply(['fib.py']) }, { content: task.solution });
    makeDirty(task.root);
    const before = snapshot(task.root);
    const remoteBefore = remoteBranches(task.remote);
    const result = await fix(task.root, ['--mode', 'autopilot', '--json', task.issue], env);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.mode).toBe('autopilot');
    expect(doc.publish.steps.map((s: { action: string; done: boolean }) => [s.action, s.done])).toEqual([
      ['pr-description', true],
      ['push', false],
      ['open_pr', false],
    ]);
    expect(result.stderr).toContain('not pushed: git.push is deny');
    expect(remoteBranches(task.remote)).toEqual(remoteBefore);
    expect(snapshot(task.root)).toEqual(before);

    const pr = await runs(task.root, ['export', doc.run_id, '--format', 'pr'], env);
    expect(pr.code).toBe(0);
    for (const part of [
      '## Issue',
      '## Plan',
      'Fix the bug',
      '## What changed and why',
      'fib.py',
      '## Tests',
      'python3 -m pytest',
      'passed',
      '## Gates',
      '## Memory recalled',
      'qwen2.5-coder:7b',
      doc.run_id,
    ]) {
      expect(pr.stdout).toContain(part);
    }
    const story = JSON.parse((await runs(task.root, ['show', doc.run_id, '--json'], env)).stdout);
    const push = story.decisions.find((d: { rule: string }) => d.rule === 'git.push');
    expect(push).toMatchObject({ allowed: false, kind: 'git' });
    expect(story.decisions.find((d: { rule: string }) => d.rule === 'git.open_pr')).toMatchObject({ allowed: false });
  });

  it('push allowed: the branch (never the base) is on the remote; without gh the exact command is printed', async () => {
    fake = await startFakeOllama();
    const env = fixEnv(fake.url);
    const task = await autonomyRepo(PUBLISH, env);
    fake.enqueue({ content: planReply(['fib.py']) }, { content: task.solution });
    const before = snapshot(task.root);
    const mainBefore = remoteBranches(task.remote).main;
    const result = await fix(task.root, ['--mode', 'autopilot', '--json', task.issue], env);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    const remote = remoteBranches(task.remote);
    expect(remote[doc.branch]).toBe(doc.commit);
    expect(remote.main).toBe(mainBefore);
    const pr = doc.publish.steps.find((s: { action: string }) => s.action === 'open_pr');
    expect(pr.done).toBe(false);
    expect(pr.message).toContain('gh is not on PATH');
    expect(pr.command).toBe(`oryon runs export ${doc.run_id} --format pr | gh pr create --head ${doc.branch} --base main --title 'Fix the bug' --body-file -`);
    expect(snapshot(task.root)).toEqual(before);
    const story = JSON.parse((await runs(task.root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.decisions.find((d: { rule: string; allowed: boolean }) => d.rule === 'git.push' && d.allowed).reason).toContain(task.remote);
  });

  it('opens the PR with gh when it is on PATH and logged in: the arguments and the body it got', async () => {
    fake = await startFakeOllama();
    const gh = ghStandIn();
    const env = fixEnv(fake.url);
    env.PATH = `${gh.bin}:${env.PATH}`;
    const task = await autonomyRepo(PUBLISH, env);
    fake.enqueue({ content: planReply(['fib.py']) }, { content: task.solution });
    const before = snapshot(task.root);
    const result = await fix(task.root, ['--mode', 'autopilot', task.issue], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('pr: PR opened with gh: https://github.com/acme/fib/pull/7');
    const calls = gh.calls();
    expect(calls[0]).toEqual(['auth', 'status']);
    const branch = git(task.root, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/oryon/').trim();
    expect(calls[1]).toEqual(['pr', 'create', `--head=${branch}`, '--base=main', '--title=Fix the bug', '--body-file=-']);
    const runId = /run (\S+): succeeded/.exec(result.stdout)![1]!;
    const exported = await runs(task.root, ['export', runId, '--format', 'pr'], env);
    expect(gh.body()).toBe(exported.stdout);
    expect(gh.body()).toContain('## Issue');
    expect(snapshot(task.root)).toEqual(before);
    const story = JSON.parse((await runs(task.root, ['show', runId, '--json'], env)).stdout);
    expect(story.decisions.find((d: { rule: string }) => d.rule === 'git.open_pr')).toMatchObject({
      allowed: true,
      reason: 'PR opened with gh: https://github.com/acme/fib/pull/7',
    });
  });
});
