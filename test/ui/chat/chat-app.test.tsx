// The chat app's input while a turn runs, over a scripted session: a message sent then
// waits for the turn and goes after it; Esc cancels the turn and gives the message back.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/core/chat/events.js';
import type { ChatSession } from '../../../src/core/chat/session.js';
import { ApprovalBridge } from '../../../src/ui/chat/approval-bridge.js';
import { ChatApp } from '../../../src/ui/chat/chat-app.js';

/** A session whose turns answer "done: <text>" only when the test releases them (or on abort). */
function scriptedSession() {
  const sent: string[] = [];
  const releases: (() => void)[] = [];
  const session = {
    status: { model: 'm', mode: 'operator', branch: null, numCtx: 4096 },
    start: (): ChatEvent => ({ type: 'session', threadId: 't', resumed: false, branch: null, model: 'm', mode: 'operator', messages: 0 }),
    completions: () => Promise.resolve([]),
    async *send(text: string, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
      sent.push(text);
      if (text === '/exit') return yield { type: 'exit' };
      yield { type: 'turn-start', kind: 'ask', forced: false };
      const aborted = await new Promise<boolean>((resolve) => {
        releases.push(() => resolve(false));
        signal?.addEventListener('abort', () => resolve(true));
      });
      if (!aborted) yield { type: 'answer', text: `done: ${text}`, citations: [], tokens: { prompt: 1, completion: 1 }, ms: 1 };
      yield { type: 'turn-end', kind: 'ask', cancelled: aborted };
    },
  };
  return { session: session as unknown as ChatSession, sent, release: () => releases.shift()?.() };
}

const tick = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

async function type(stdin: { write(data: string): void }, text: string): Promise<void> {
  stdin.write(text);
  await tick();
}

describe('chat app input during a turn', () => {
  it('queues one message sent while a turn runs and sends it when the turn ends', async () => {
    const { session, sent, release } = scriptedSession();
    const app = render(<ChatApp session={session} approvals={new ApprovalBridge()} />);
    await tick();
    await type(app.stdin, 'first');
    await type(app.stdin, '\r');
    await type(app.stdin, 'second');
    await type(app.stdin, '\r');
    expect(sent).toEqual(['first']);
    expect(app.lastFrame()).toContain('queued, sent when this turn ends (Esc takes it back): second');
    await type(app.stdin, 'third');
    await type(app.stdin, '\r');
    expect(app.lastFrame()).toContain('one message is already queued');
    expect(app.lastFrame()).toContain('third');

    release();
    await tick(200);
    expect(sent).toEqual(['first', 'second']);
    expect(app.lastFrame()).toContain('done: first');
    release();
    await tick(200);
    expect(app.lastFrame()).toContain('done: second');
    app.unmount();
  });

  it('keys read before the screen renders again build on each other: text then Enter sends the text', async () => {
    const { session, sent, release } = scriptedSession();
    const app = render(<ChatApp session={session} approvals={new ApprovalBridge()} />);
    await tick();
    // Three reads of stdin with no render between them, as on a loaded machine.
    app.stdin.write('where is ');
    app.stdin.write('the rule?');
    app.stdin.write('\r');
    await tick();
    expect(sent).toEqual(['where is the rule?']);
    app.stdin.write('next');
    app.stdin.write('\r');
    await tick();
    expect(app.lastFrame()).toContain('queued, sent when this turn ends (Esc takes it back): next');
    release();
    await tick(200);
    expect(sent).toEqual(['where is the rule?', 'next']);
    app.unmount();
  });

  it('an approval answered with an edit request keeps every key of it, however fast they come', async () => {
    const { session } = scriptedSession();
    const approvals = new ApprovalBridge();
    const app = render(<ChatApp session={session} approvals={approvals} />);
    await tick();
    const answer = approvals.port({ runId: 'r1', diffstat: ' cart.py | 2 +-', diff: '', tests: { command: 'pytest -q', passed: true }, gates: 'passed' });
    await tick();
    app.stdin.write('e');
    app.stdin.write('also empty ');
    app.stdin.write('carts');
    app.stdin.write('\r');
    const late = new Promise((resolve) => setTimeout(() => resolve('no answer within 2 s'), 2000));
    expect(await Promise.race([answer, late])).toEqual({ answer: 'edit', request: 'also empty carts' });
    app.unmount();
  });

  it('a queued /exit ends the session once the running turn is over', async () => {
    const { session, sent, release } = scriptedSession();
    const app = render(<ChatApp session={session} approvals={new ApprovalBridge()} />);
    await tick();
    await type(app.stdin, 'question\r');
    await type(app.stdin, '/exit\r');
    release();
    await tick(200);
    expect(sent).toEqual(['question', '/exit']);
    app.unmount();
  });

  it('Esc cancels the turn and puts the queued message back on the prompt, unsent', async () => {
    const { session, sent } = scriptedSession();
    const app = render(<ChatApp session={session} approvals={new ApprovalBridge()} />);
    await tick();
    await type(app.stdin, 'first\r');
    await type(app.stdin, 'second thoughts\r');
    await type(app.stdin, '\u001b');
    await tick(200);
    expect(sent).toEqual(['first']);
    const frame = app.lastFrame()!;
    expect(frame).toMatch(/› second thoughts/);
    expect(frame).not.toContain('queued');
    app.unmount();
  });
});
