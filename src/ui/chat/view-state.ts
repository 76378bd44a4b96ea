// The chat screen as data: a pure reduction of the session's events. Finished turns move
// to `done` (rendered once, by ink's <Static>); the running turn is redrawn as it changes.
import type { ChatEvent, TurnKind } from '../../core/chat/events.js';

export interface PlanView {
  summary: string;
  steps: string[];
  /** How many steps are ticked. */
  ticked: number;
}

export interface TurnView {
  id: number;
  input: string;
  kind: TurnKind | 'command' | 'pending';
  text: string;
  plan?: PlanView;
  /** Progress lines of a change turn (edits, tests, gates), in order. */
  lines: Array<{ tone: 'normal' | 'good' | 'bad' | 'dim'; text: string }>;
  diff?: string;
  outcome?: { tone: 'good' | 'bad' | 'dim'; text: string };
  cancelled?: boolean;
}

export interface ChatViewState {
  done: TurnView[];
  current: TurnView | undefined;
  /** `mode` is a Mode, or '' before the session event. */
  status: { threadId: string; model: string; mode: string; branch: string | null; contextTokens: number; tokens: number; modelMs: number };
  nextId: number;
}

export function initialState(): ChatViewState {
  return { done: [], current: undefined, status: { threadId: '', model: '', mode: '', branch: null, contextTokens: 0, tokens: 0, modelMs: 0 }, nextId: 1 };
}

export function startTurn(state: ChatViewState, input: string): ChatViewState {
  return { ...state, current: { id: state.nextId, input, kind: 'pending', text: '', lines: [] }, nextId: state.nextId + 1 };
}

export function endTurn(state: ChatViewState): ChatViewState {
  return state.current ? { ...state, done: [...state.done, state.current], current: undefined } : state;
}

export function reduce(state: ChatViewState, event: ChatEvent): ChatViewState {
  const turn = state.current;
  const update = (patch: Partial<TurnView>): ChatViewState => (turn ? { ...state, current: { ...turn, ...patch } } : state);
  const line = (tone: TurnView['lines'][number]['tone'], text: string): ChatViewState => update({ lines: [...(turn?.lines ?? []), { tone, text }] });
  switch (event.type) {
    case 'session':
      return { ...state, status: { ...state.status, threadId: event.threadId, model: event.model, mode: event.mode, branch: event.branch } };
    case 'turn-start':
      return update({ kind: event.kind });
    case 'text':
      return update({ text: (turn?.text ?? '') + event.text });
    case 'answer':
      return {
        ...update({ text: event.text, outcome: event.citations.length ? { tone: 'dim', text: `cites ${event.citations.join(', ')}` } : undefined }),
        status: {
          ...state.status,
          contextTokens: event.tokens.prompt,
          tokens: state.status.tokens + event.tokens.prompt + event.tokens.completion,
          modelMs: state.status.modelMs + event.ms,
        },
      };
    case 'info':
      return update({ kind: turn?.kind === 'pending' ? 'command' : (turn?.kind ?? 'command'), text: `${turn?.text ? `${turn.text}\n` : ''}${event.message}` });
    case 'error':
      return update({ outcome: { tone: 'bad', text: event.hint ? `${event.message}\n${event.hint}` : event.message } });
    case 'turn-end':
      return event.cancelled ? update({ cancelled: true, outcome: { tone: 'dim', text: 'cancelled' } }) : state;
    case 'change-done': {
      const { result } = event;
      const text = result.commit
        ? `committed ${result.commit.slice(0, 10)} on ${result.branch}`
        : result.status === 'succeeded'
          ? 'proposed (advisor: nothing written)'
          : `not done: ${result.reason ?? result.status}`;
      return {
        ...update({ outcome: { tone: result.commit || result.status === 'succeeded' ? 'good' : 'bad', text } }),
        status: {
          ...state.status,
          branch: result.branch ?? state.status.branch,
          tokens: state.status.tokens + result.tokens.prompt + result.tokens.completion,
          modelMs: state.status.modelMs + result.modelMs,
        },
      };
    }
    case 'fix':
      return reduceFix(state, event.event, update, line);
    case 'tool-call':
      // An ask turn's tool call: the same progress line as a change turn's.
      return reduceFix(state, event, update, line);
    case 'exit':
      return state;
  }
}

type Update = (patch: Partial<TurnView>) => ChatViewState;
type Line = (tone: TurnView['lines'][number]['tone'], text: string) => ChatViewState;

function reduceFix(state: ChatViewState, event: Extract<ChatEvent, { type: 'fix' }>['event'], update: Update, line: Line): ChatViewState {
  const plan = state.current?.plan;
  const tick = (count: number): Partial<TurnView> => (plan ? { plan: { ...plan, ticked: Math.max(plan.ticked, Math.min(count, plan.steps.length)) } } : {});
  switch (event.type) {
    case 'model-text':
      return update({ text: (state.current?.text ?? '') + event.text });
    case 'model-start':
      return update({ text: '' });
    case 'model-done':
      return { ...state, status: { ...state.status, contextTokens: event.promptTokens } };
    case 'plan':
      return update({ plan: { summary: event.plan.summary, steps: event.plan.steps, ticked: 0 }, text: '' });
    case 'environment':
      return line('dim', `environment: ${event.shared.join(', ')} shared read-only`);
    case 'edit': {
      const next = line('normal', `edit: ${event.files.join(', ')}`);
      return { ...next, current: { ...next.current!, ...(plan ? { plan: { ...plan, ticked: Math.max(plan.ticked, plan.steps.length - 1) } } : {}) } };
    }
    case 'tool-call':
      return line(
        event.ok ? 'dim' : 'bad',
        `tool: ${event.name} ${JSON.stringify(event.args).slice(0, 100)}${event.ok ? ` (${event.bytes} bytes${event.cached ? ', cached' : ''})` : `: ${event.error ?? 'error'}`}`,
      );
    case 'edit-failed':
      return line('bad', `edit not applied (attempt ${event.reflection}): ${event.feedback.split('\n')[0]}`);
    case 'test-start':
      return line('dim', `test: ${event.command.join(' ')}`);
    case 'test': {
      const next = line(
        event.passed ? 'good' : 'bad',
        event.passed
          ? `tests passed (${(event.durationMs / 1000).toFixed(1)}s)`
          : event.timedOut
            ? 'tests timed out'
            : `tests failed${event.failed ? ` (${event.failed})` : ''}`,
      );
      return event.passed ? { ...next, current: { ...next.current!, ...tick(Infinity) } } : next;
    }
    case 'gates':
      return line(event.passed ? 'good' : 'bad', event.passed ? 'gates passed' : `gates blocked: ${event.feedback.split('\n')[0]}`);
    case 'diff':
      return update({ diff: event.diff });
    case 'doom-loop':
      return line('bad', `stopped: ${event.message}`);
    case 'notice':
      return line('dim', `note: ${event.message}`);
    case 'approval':
      return line(
        event.answer === 'yes' ? 'good' : 'dim',
        `approval${event.action && event.action !== 'commit' ? ` (${event.action})` : ''}: ${event.answer}${event.request ? ` (${event.request})` : ''}`,
      );
    case 'publish':
      return line(event.done ? 'good' : 'dim', `${event.action}: ${event.message}`);
    case 'commit':
      return { ...update(tick(Infinity)), status: { ...state.status, branch: event.branch } };
    default:
      return state;
  }
}
