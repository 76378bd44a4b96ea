// The chat session core on its events, with the scripted model, a real repo, the real
// journal and sandbox: no UI involved.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { ApprovalAnswer } from '../../../src/core/agent/options.js';
import type { ChatEvent } from '../../../src/core/chat/events.js';
import { ModelUnavailableError } from '../../../src/core/errors.js';
import { type ScriptedStep } from '../../../src/core/model/scripted-model.js';
import { datasetRepo, git, snapshot } from '../../helpers/git-repo.js';
import { chatHarness, collect } from './fixture.js';
import { planReply } from '../agent/fixture.js';

const intent = (kind: 'ask' | 'change') => JSON.stringify({ kind });

function harness(repoRoot: string, replies: ScriptedStep[], answers: ApprovalAnswer[] = [], patch?: (policy: ReturnType<typeof loadConfig>['policy']) => void) {
  return chatHarness(repoRoot, replies, { answers, ...(patch ? { policy: patch } : {}) });
}

describe('ChatSession', () => {
  it('an ask turn streams a grounded answer with checked citations and writes nothing', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const before = snapshot(task.root);
    const { session, threads, model } = harness(task.root, [intent('ask'), 'It is `fizzbuzz.py:3`; `fizzbuzz.py:999` and `nowhere.py:1` are not real.']);
    const events = await collect(session.send('where is the fizzbuzz rule?'));
    expect(events.map((e) => e.type)).toEqual(['turn-start', 'text', 'answer', 'turn-end']);
    expect(events.find((e) => e.type === 'answer')).toMatchObject({ citations: ['fizzbuzz.py:3'] });
    expect(model.requests[1]!.messages[0]!.content).toMatch(/fizzbuzz\.py/);
    expect(threads.messages(session.threadId).map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('a change turn asks before committing; "edit" re-runs with the request, "yes" commits on the thread branch; answers are journaled', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const { session, journal } = harness(
      task.root,
      [
        planReply([task.solutionFile]),
        task.solution,
        planReply([task.solutionFile], 'FizzBuzz first, with a comment'),
        task.solution.replace('def fizzbuzz', '# 15 first\ndef fizzbuzz'),
      ],
      [{ answer: 'edit', request: 'add a comment' }, { answer: 'yes' }],
    );
    const events = await collect(session.send('/fix fizzbuzz(15) should say FizzBuzz'));
    const done = events.filter((e): e is Extract<ChatEvent, { type: 'change-done' }> => e.type === 'change-done').map((e) => e.result);
    expect(done.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(done[0]!.reason).toBe('the user asked for changes before committing');
    const branch = done[1]!.branch!;
    expect(branch).toMatch(/^oryon\//);
    expect(git(task.root, 'show', `${branch}:fizzbuzz.py`)).toContain('# 15 first');
    expect(session.status.branch).toBe(branch);
    const approvals = journal
      .decisions(done[0]!.runId)
      .concat(journal.decisions(done[1]!.runId))
      .filter((d) => d.kind === 'approval');
    expect(approvals.map((d) => [d.rule, d.allowed])).toEqual([
      ['user', 0],
      ['user', 1],
    ]);
    expect(approvals[0]!.reason).toMatch(/the user answered edit at \d{4}-.*: add a comment/);
  });

  it('/mode is capped by the policy and says so; unknown commands and empty /fix are errors; /undo with nothing to undo says so', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const { session } = harness(task.root, [], [], (policy) => (policy.max_mode = 'operator'));
    expect(await collect(session.send('/mode sovereign'))).toContainEqual({ type: 'info', message: expect.stringMatching(/^mode capped at operator/) });
    expect(session.status.mode).toBe('operator');
    expect(await collect(session.send('/frobnicate'))).toEqual([{ type: 'error', message: 'unknown command /frobnicate', hint: 'type /help for the list' }]);
    expect((await collect(session.send('/fix')))[0]).toMatchObject({ type: 'error' });
    expect(await collect(session.send('/undo'))).toContainEqual({ type: 'info', message: 'nothing to undo: this thread has not committed a change' });
  });

  it('the model failing ends the turn with its message and hint; the next turn works', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const down = new ModelUnavailableError('cannot connect to Ollama at http://127.0.0.1:9', { hint: 'start it with "ollama serve"' });
    const { session } = harness(task.root, [{ content: '', error: down }, intent('ask'), 'fine now']);
    expect(await collect(session.send('hello?'))).toEqual([
      { type: 'error', message: down.message, hint: 'start it with "ollama serve"' },
      { type: 'turn-end', kind: 'ask', cancelled: false },
    ]);
    expect((await collect(session.send('hello again?'))).find((e) => e.type === 'answer')).toMatchObject({ text: 'fine now' });
  });

  it('an aborted turn ends cancelled, and the thread stays usable', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const controller = new AbortController();
    controller.abort();
    const { session } = harness(task.root, [intent('ask'), 'after']);
    const events = await collect(session.send('/ask anything?', controller.signal));
    expect(events.at(-1)).toEqual({ type: 'turn-end', kind: 'ask', cancelled: true });
    expect((await collect(session.send('/ask again'))).find((e) => e.type === 'answer')).toBeDefined();
  });
});
