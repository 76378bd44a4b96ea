// sovereign and `oryon undo` end to end: merges only when every guard rail holds, never
// over uncommitted work; undo resets an unmoved merge, reverts a moved one, deletes branches.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { branches, git, makeDirty, snapshot, tempDir, writeFile } from '../helpers/git-repo.js';
import { autonomyRepo, remoteBranches, reviewReply } from './autonomy-helpers.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const plan = (confidence: number) =>
  JSON.stringify({ summary: 'Fix the bug', steps: ['change the code'], files: ['fib.py'], verify: 'run the tests', confidence });

async function sovereignRun(setup: (root: string) => void, replies: string[], args: string[] = [], policy?: string) {
  fake = await startFakeOllama();
  const env = fixEnv(fake.url);
  const task = await autonomyRepo(policy, env);
  fake.enqueue(...replies.map((content) => ({ content: content === 'SOLUTION' ? task.solution : content })));
  const mainBefore = git(task.root, 'rev-parse', 'main').trim();
  setup(task.root);
  const before = snapshot(task.root);
  const result = await fix(task.root, ['--mode', 'sovereign', '--json', ...args, task.issue], env);
  expect(result.code, result.stderr).toBe(0);
  return { task, env, before, mainBefore, result, doc: JSON.parse(result.stdout) };
}

const undo = (root: string, args: string[], env: Record<string, string>) => runCli(['undo', ...args], { cwd: root, env });

/** A commit on main made in a scratch worktree (main is not checked out in the user's tree). */
function commitOnMain(root: string): string {
  const scratch = path.join(tempDir('oryon-other-'), 'wt');
  git(root, 'worktree', 'add', '-q', scratch, 'main');
  writeFile(scratch, 'NOTES.md', 'a later change by someone else\n');
  git(scratch, 'add', 'NOTES.md');
  git(scratch, 'commit', '-q', '-m', 'later work');
  git(root, 'worktree', 'remove', '--force', scratch);
  rmSync(path.dirname(scratch), { recursive: true, force: true });
  return git(root, 'rev-parse', 'main').trim();
}

describe('oryon fix --mode sovereign (e2e)', { timeout: 120_000 }, () => {
  it('base branch not checked out: merges by compare-and-swap, the dirty user tree untouched; undo resets it and deletes the branch', async () => {
    const { task, env, before, mainBefore, doc } = await sovereignRun(
      (root) => {
        git(root, 'checkout', '-q', '-b', 'feature');
        makeDirty(root);
      },
      [planReply(['fib.py']), 'SOLUTION', reviewReply(true, 0.95)],
      ['--base', 'main'],
    );
    expect(doc.publish.merged).toBe(true);
    expect(git(task.root, 'rev-parse', 'main').trim()).toBe(doc.commit);
    expect(git(task.root, 'rev-parse', `${doc.commit}^`).trim()).toBe(mainBefore);
    expect(snapshot(task.root)).toEqual(before);
    // The review saw the whole diff and the issue.
    const review = fake!.chatRequests()[2];
    expect(review.format.properties).toHaveProperty('approve');
    expect(JSON.stringify(review.messages)).toContain('a, b = 0, 1');

    const dry = await undo(task.root, ['--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`reset main from ${doc.commit.slice(0, 10)} to its pre-merge commit ${mainBefore.slice(0, 10)}`);
    expect(git(task.root, 'rev-parse', 'main').trim()).toBe(doc.commit);
    expect(branches(task.root)).toContain(doc.branch);

    const undone = await undo(task.root, [], env);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain(`its tip was ${doc.commit}`);
    expect(git(task.root, 'rev-parse', 'main').trim()).toBe(mainBefore);
    expect(branches(task.root)).not.toContain(doc.branch);
    expect(snapshot(task.root)).toEqual(before);
    const story = JSON.parse((await runs(task.root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.decisions.filter((d: { kind: string }) => d.kind === 'undo').map((d: { subject: string }) => d.subject)).toEqual([
      'reset-base',
      'delete-branch',
    ]);
    expect(story.decisions.find((d: { kind: string; allowed: boolean }) => d.kind === 'merge' && d.allowed).reason).toContain('fast-forward');
    // Undone once is undone: a second undo changes nothing.
    expect((await undo(task.root, [doc.run_id], env)).stdout).toContain('already undone');
  });

  it('base branch checked out and clean: fast-forwards it (the one case the tree changes)', async () => {
    const { task, doc } = await sovereignRun(() => {}, [planReply(['fib.py']), 'SOLUTION', reviewReply(true, 0.92)]);
    expect(doc.publish.merged).toBe(true);
    expect(git(task.root, 'rev-parse', 'HEAD').trim()).toBe(doc.commit);
    expect(readFileSync(path.join(task.root, 'fib.py'), 'utf8')).toBe(git(task.root, 'show', `${doc.commit}:fib.py`));
    expect(git(task.root, 'status', '--porcelain')).toBe('');
  });

  it('base branch checked out and dirty: refuses to merge, says so, leaves the branch', async () => {
    const { task, before, mainBefore, doc, result } = await sovereignRun(
      (root) => makeDirty(root),
      [planReply(['fib.py']), 'SOLUTION', reviewReply(true, 0.95)],
    );
    expect(doc.publish.merged).toBe(false);
    expect(result.stderr).toContain('with uncommitted changes; oryon never merges over them');
    expect(git(task.root, 'rev-parse', 'main').trim()).toBe(mainBefore);
    expect(branches(task.root)).toContain(doc.branch);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('plan confidence below thresholds.auto_merge_confidence: no review, no merge, says which condition', async () => {
    const { task, before, mainBefore, doc, result } = await sovereignRun(() => {}, [plan(0.6), 'SOLUTION']);
    expect(doc.publish.merged).toBe(false);
    expect(result.stderr).toContain("the plan's confidence 0.6 is below the merge threshold 0.9");
    expect(fake!.chatRequests()).toHaveLength(2);
    expect(git(task.root, 'rev-parse', 'main').trim()).toBe(mainBefore);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('a review that rejects: no merge, the concerns are shown and journaled', async () => {
    const { task, env, before, mainBefore, doc, result } = await sovereignRun(() => {}, [
      planReply(['fib.py']),
      'SOLUTION',
      reviewReply(false, 0.97, ['fib(-1) is not handled']),
    ]);
    expect(doc.publish.merged).toBe(false);
    expect(result.stderr).toContain('the final review rejected the change (concerns: fib(-1) is not handled)');
    expect(git(task.root, 'rev-parse', 'main').trim()).toBe(mainBefore);
    expect(snapshot(task.root)).toEqual(before);
    const story = JSON.parse((await runs(task.root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.steps.find((s: { kind: string }) => s.kind === 'review')).toMatchObject({ outcome: 'rejected' });
    expect(story.decisions.find((d: { kind: string }) => d.kind === 'merge')).toMatchObject({ allowed: false, rule: 'review' });
  });

  it('undo of a merge followed by another commit: a revert commit on the base branch, made outside the user tree', async () => {
    const { task, env, before, doc } = await sovereignRun(
      (root) => {
        git(root, 'checkout', '-q', '-b', 'feature');
        makeDirty(root);
      },
      [planReply(['fib.py']), 'SOLUTION', reviewReply(true, 0.95)],
      ['--base', 'main'],
    );
    expect(doc.publish.merged).toBe(true);
    const later = commitOnMain(task.root);
    const original = git(task.root, 'show', `${doc.commit}^:fib.py`);
    const undone = await undo(task.root, [doc.run_id], env);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain('main moved since the merge');
    expect(git(task.root, 'rev-parse', 'main^').trim()).toBe(later);
    expect(git(task.root, 'show', 'main:fib.py')).toBe(original);
    expect(git(task.root, 'show', 'main:NOTES.md')).toBe('a later change by someone else\n');
    expect(git(task.root, 'log', '-1', '--format=%s', 'main')).toMatch(/^Revert/);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('push allowed: the branch and the merged base are pushed (never forced); undo then reverts and leaves the remote alone', async () => {
    const { task, env, before, mainBefore, doc, result } = await sovereignRun(
      (root) => {
        git(root, 'checkout', '-q', '-b', 'feature');
        // Dirty, but not .oryon/policy.yaml: trust holds for its exact bytes.
        writeFile(root, 'notes/todo.txt', 'untracked user notes\n');
        writeFile(root, 'fib.py', `${readFileSync(path.join(root, 'fib.py'), 'utf8')}\n# unstaged edit by the user\n`);
      },
      [planReply(['fib.py']), 'SOLUTION', reviewReply(true, 0.95)],
      ['--base', 'main'],
      'git:\n  push: allow\n',
    );
    expect(doc.publish.merged).toBe(true);
    expect(result.stderr).toContain(`pushed main to origin`);
    const remote = remoteBranches(task.remote);
    expect(remote.main).toBe(doc.commit);
    expect(remote[doc.branch]).toBe(doc.commit);
    const undone = await undo(task.root, [], env);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain('the merge was pushed to origin, which undo never rewrites');
    expect(undone.stdout).toContain(`the copy on origin stays (git push origin --delete ${doc.branch} removes it)`);
    expect(git(task.root, 'rev-parse', 'main^').trim()).toBe(doc.commit);
    expect(git(task.root, 'show', 'main:fib.py')).toBe(git(task.root, 'show', `${mainBefore}:fib.py`));
    expect(remoteBranches(task.remote)).toEqual(remote);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('undo of an unmerged branch deletes it after printing its tip', async () => {
    fake = await startFakeOllama();
    const env = fixEnv(fake.url);
    const task = await autonomyRepo(undefined, env);
    fake.enqueue({ content: planReply(['fib.py']) }, { content: task.solution });
    makeDirty(task.root);
    const before = snapshot(task.root);
    const result = await fix(task.root, ['--json', task.issue], env);
    const doc = JSON.parse(result.stdout);
    const undone = await undo(task.root, [], env);
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain(`delete branch ${doc.branch} (its tip was ${doc.commit}; recover with: git branch ${doc.branch} ${doc.commit})`);
    expect(branches(task.root)).not.toContain(doc.branch);
    expect(snapshot(task.root)).toEqual(before);
  });
});
