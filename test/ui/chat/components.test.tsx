// ink frames of the chat's pieces, rendered with ink-testing-library.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { FixEvent } from '../../../src/core/agent/events.js';
import { ApprovalPrompt, DiffView, fold, PlanChecklist, StatusLine, TurnBlock } from '../../../src/ui/chat/components.js';
import { initialState, reduce, startTurn } from '../../../src/ui/chat/view-state.js';

describe('chat components', () => {
  it('the plan checklist ticks steps as the view state says', () => {
    const { lastFrame } = render(<PlanChecklist plan={{ summary: 'Count quantity', steps: ['change subtotal', 'add a test', 'run the tests'], ticked: 2 }} />);
    expect(lastFrame()).toBe('plan: Count quantity\n  [x] change subtotal\n  [x] add a test\n  [ ] run the tests');
  });

  it('a diff keeps its lines; very long output is folded with a pointer to runs show', () => {
    const { lastFrame } = render(<DiffView diff={'@@ -1 +1 @@\n-old\n+new\n'} />);
    expect(lastFrame()).toBe('@@ -1 +1 @@\n-old\n+new');
    const long = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    expect(fold(long).split('\n')).toHaveLength(40);
    expect(fold(long)).toContain('61 more lines (oryon runs show has them all)');
  });

  it('the approval prompt shows the diffstat, tests and gates, then the question or the edit request being typed', () => {
    const request = {
      runId: 'r1',
      diffstat: ' cart.py | 2 +-\n 1 file changed',
      diff: '',
      tests: { command: 'pytest -q', passed: true },
      gates: 'passed' as const,
    };
    expect(render(<ApprovalPrompt request={request} editing={false} draft="" />).lastFrame()).toMatch(
      /cart\.py \| 2 \+-[\s\S]*tests passed \(pytest -q\); gates passed[\s\S]*commit\? \[y\]es \/ \[n\]o \/ \[e\]dit request/,
    );
    expect(render(<ApprovalPrompt request={request} editing draft="also empty carts" />).lastFrame()).toContain('what should change? also empty carts');
  });

  it('the status line: model, mode, branch, context, tokens, model time, and a spinner with elapsed time while busy', () => {
    const status = { threadId: 't', model: 'qwen2.5-coder:7b', mode: 'operator', branch: 'oryon/cart', contextTokens: 1200, tokens: 3400, modelMs: 2500 };
    expect(render(<StatusLine status={status} busySince={undefined} numCtx={32768} now={0} />).lastFrame()).toBe(
      'qwen2.5-coder:7b · operator · oryon/cart · context 1200/32768 · 3400 tokens · model 2.5s',
    );
    expect(render(<StatusLine status={status} busySince={1000} numCtx={32768} now={4500} />).lastFrame()).toMatch(/^. 3\.5s {2}qwen2\.5-coder/);
  });

  it('a change turn renders from the events: plan ticks on edit and on passing tests, coloured lines, the outcome', () => {
    let state = startTurn(
      reduce(initialState(), { type: 'session', threadId: 't', resumed: false, branch: null, model: 'm', mode: 'operator', messages: 0 }),
      'make subtotal count quantity',
    );
    const plan = { summary: 'Count quantity', steps: ['edit subtotal', 'run the tests'], files: ['cart.py'], verify: 'tests', confidence: 0.9 };
    const events: FixEvent[] = [
      { type: 'plan', plan },
      { type: 'edit', iteration: 1, files: ['cart.py'], ok: true },
      { type: 'test-start', command: ['pytest', '-q'] },
      { type: 'test', passed: true, failed: 0, exitCode: 0, timedOut: false, durationMs: 1200 },
    ];
    for (const event of events) state = reduce(state, { type: 'fix', event });
    expect(state.current!.plan!.ticked).toBe(2);
    const frame = render(<TurnBlock turn={state.current!} />).lastFrame()!;
    expect(frame).toContain('› make subtotal count quantity');
    expect(frame).toContain('[x] edit subtotal');
    expect(frame).toContain('edit: cart.py');
    expect(frame).toContain('tests passed (1.2s)');
  });

  it("an ask turn's tool calls render as the same lines as a change turn's, then the answer with its citations", () => {
    let state = startTurn(initialState(), 'where is the retry limit?');
    state = reduce(state, { type: 'turn-start', kind: 'ask', forced: true });
    const call = { type: 'tool-call' as const, purpose: 'ask' as const, iteration: 0, args: {}, bytes: 0, ms: 1, cached: false };
    state = reduce(state, { ...call, name: 'grep', args: { pattern: 'ATTEMPTS' }, ok: true, bytes: 52 });
    state = reduce(state, { ...call, name: 'read_file', args: { path: '.env' }, ok: false, error: 'refused by policy rule paths.deny' });
    state = reduce(state, { type: 'answer', text: 'At `lib/tuning.ts:3`.', citations: ['lib/tuning.ts:3'], tokens: { prompt: 10, completion: 5 }, ms: 3 });
    const frame = render(<TurnBlock turn={state.current!} />).lastFrame()!;
    expect(frame).toContain('tool: grep {"pattern":"ATTEMPTS"} (52 bytes)');
    expect(frame).toContain('tool: read_file {"path":".env"}: refused by policy rule paths.deny');
    expect(frame).toContain('At `lib/tuning.ts:3`.');
    expect(frame).toContain('cites lib/tuning.ts:3');
  });
});

describe('untrusted text on the chat screen', () => {
  it('escape sequences from the model or test output are shown inert, never sent to the terminal', () => {
    const turn = {
      id: 1,
      input: 'q',
      kind: 'ask' as const,
      text: 'hi\u001b]52;c;cHduZWQ=\u0007 \u001b[2J\u001b]0;owned\u0007',
      lines: [{ tone: 'bad' as const, text: 'FAIL \u001b[1A\u001b[2Kok' }],
    };
    const frame = render(<TurnBlock turn={turn} />).lastFrame()!;
    expect(frame).not.toContain('\u001b]52');
    expect(frame).not.toContain('\u001b[2J');
    expect(frame).not.toContain('\u001b[1A');
    expect(frame).toContain('\\x1b]52;c;cHduZWQ=');
  });
});
