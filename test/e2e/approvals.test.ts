// Human approval points end to end: `approvals.<action>: ask` asks y/n at a real terminal
// (tmux), needs --yes without one, and exits 4 naming the rule when nobody can answer.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../helpers/cli.js';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { branches, snapshot } from '../helpers/git-repo.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';
import { autonomyRepo, remoteBranches } from './autonomy-helpers.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
let term: TmuxSession | undefined;
afterEach(async () => {
  term?.close();
  term = undefined;
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const ASK_PUSH = 'git:\n  push: allow\napprovals:\n  push: ask\n';

// Python is left out of commands.allow, so the detected `python3 -m pytest` needs a person.
const ASK_COMMAND = `commands:\n  allow: [sh, bash, "true", "false", echo, cat, ls, env, test, ruff, flake8, mypy, node, ast-grep, sg, semgrep]\napprovals:\n  command: ask\n`;

async function setup(policy = ASK_PUSH) {
  fake = await startFakeOllama();
  const env = fixEnv(fake.url);
  const task = await autonomyRepo(policy, env);
  fake.enqueue({ content: planReply(['fib.py']) }, { content: task.solution });
  return { env, task };
}

const oryonBranch = (remote: string) => Object.keys(remoteBranches(remote)).find((name) => name.startsWith('oryon/'));

describe('approvals (e2e)', { timeout: 180_000 }, () => {
  it('no terminal and no --yes: exit 4 naming approvals.push, the refusal journaled, nothing pushed', async () => {
    const { env, task } = await setup();
    const before = snapshot(task.root);
    const result = await fix(task.root, ['--mode', 'autopilot', task.issue], env);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('push needs approval (approvals.push: ask) and there is no terminal to ask on (rule approvals.push)');
    expect(result.stderr).toContain('--yes push');
    expect(oryonBranch(task.remote)).toBeUndefined();
    expect(snapshot(task.root)).toEqual(before);
    const list = JSON.parse((await runs(task.root, ['list', '--json'], env)).stdout);
    const story = JSON.parse((await runs(task.root, ['show', list.runs[0].run_id, '--json'], env)).stdout);
    expect(story.decisions.find((d: { kind: string }) => d.kind === 'approval')).toMatchObject({ allowed: false, rule: 'approvals.push' });
  });

  it('--yes push answers in advance: pushed, and the approval names who and how', async () => {
    const { env, task } = await setup();
    const result = await fix(task.root, ['--mode', 'autopilot', '--yes', 'push', '--json', task.issue], env);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(remoteBranches(task.remote)[doc.branch]).toBe(doc.commit);
    const story = JSON.parse((await runs(task.root, ['show', doc.run_id, '--json'], env)).stdout);
    const approval = story.decisions.find((d: { kind: string }) => d.kind === 'approval');
    expect(approval).toMatchObject({ allowed: true, rule: 'approvals.push', subject: `push: ${doc.branch} to origin` });
    expect(approval.reason).toMatch(/^the user answered yes at \d{4}-\d\d-\d\dT.* \(.+, --yes\)$/);
    expect((await fix(task.root, ['--yes', 'pull', task.issue], env)).code).toBe(2);
  });

  it('a test command outside commands.allow: exit 4 naming approvals.command without a terminal; --yes command runs it, journaled', async () => {
    const refused = await setup(ASK_COMMAND);
    const result = await fix(refused.task.root, [refused.task.issue], refused.env);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('command needs approval (approvals.command: ask)');
    await fake!.close();

    const { env, task } = await setup(ASK_COMMAND);
    const approved = await fix(task.root, ['--yes', 'command', '--json', task.issue], env);
    expect(approved.code, approved.stderr).toBe(0);
    const doc = JSON.parse(approved.stdout);
    expect(doc.tests.passed).toBe(true);
    const story = JSON.parse((await runs(task.root, ['show', doc.run_id, '--json'], env)).stdout);
    expect(story.decisions.find((d: { kind: string }) => d.kind === 'approval')).toMatchObject({
      allowed: true,
      rule: 'approvals.command',
      subject: expect.stringContaining('pytest'),
    });
    // The sandbox ran it on that approval, and says so.
    expect(
      story.decisions.some((d: { kind: string; rule: string; allowed: boolean }) => d.kind === 'command' && d.rule === 'approvals.command' && d.allowed),
    ).toBe(true);
  });

  it.skipIf(!tmuxAvailable)('asks at the terminal with the diff summary: y pushes, n does not', async () => {
    for (const answer of ['y', 'n']) {
      const { env, task } = await setup();
      term = new TmuxSession(['node', binPath, 'fix', '--mode', 'autopilot', task.issue], task.root, { ...env, TERM: 'xterm-256color' });
      const screen = await term.waitFor((text) => text.includes('push? [y]es / [n]o'), 'the push question', 120_000);
      expect(screen).toContain('push: oryon/');
      expect(screen).toContain('1 file changed');
      expect(screen).toContain('tests passed');
      term.type(answer);
      term.send('Enter');
      await term.waitFor((text) => text.includes('EXIT=0'), 'exit 0', 60_000);
      if (answer === 'y') expect(oryonBranch(task.remote)).toBeDefined();
      else {
        expect(oryonBranch(task.remote)).toBeUndefined();
        expect(branches(task.root).some((name) => name.startsWith('oryon/'))).toBe(true);
        expect(term.screen()).toContain('not pushed: the user declined the push');
      }
      term.close();
      term = undefined;
      await fake?.close();
      fake = undefined;
    }
  });
});
