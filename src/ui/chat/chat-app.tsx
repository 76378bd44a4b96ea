// The interactive chat: renders the session's events and sends keys back. All session
// logic lives in core/chat; this file owns only the screen, the input line and timing.
import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ApprovalAnswer, ApprovalRequest } from '../../core/agent/options.js';
import type { ChatEvent } from '../../core/chat/events.js';
import type { ChatSession } from '../../core/chat/session.js';
import type { ApprovalBridge } from './approval-bridge.js';
import { ApprovalPrompt, StatusLine, TurnBlock } from './components.js';
import { edit, emptyEditor, type EditorState } from './line-editor.js';
import { endTurn, initialState, reduce, startTurn, type ChatViewState } from './view-state.js';

/**
 * While a turn runs, one timer applies the streamed text and moves the spinner, about 12
 * times a second: text still reads as live, and each frame is a re-layout of the live
 * area by ink (at 30 a second that alone took a quarter of a core).
 */
const FRAME_MS = 80;

interface Approval {
  request: ApprovalRequest;
  resolve: (answer: ApprovalAnswer) => void;
  editing: boolean;
  draft: string;
}

export interface ChatAppProps {
  session: ChatSession;
  approvals: ApprovalBridge;
}

export function ChatApp({ session, approvals }: ChatAppProps) {
  const app = useApp();
  const { stdout } = useStdout();
  const [view, setView] = useState<ChatViewState>(() => reduce(initialState(), session.start()));
  const [editor, setEditorState] = useState<EditorState>(() => emptyEditor());
  const [busySince, setBusySince] = useState<number | undefined>();
  const [now, setNow] = useState(Date.now());
  const [hint, setHint] = useState('');
  const [approval, setApprovalState] = useState<Approval | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  const pending = useRef<ChatEvent[]>([]);
  /** A message sent with Enter while a turn runs: it goes when that turn ends (Esc takes it back). */
  const queued = useRef<string | undefined>(undefined);
  const lastCtrlC = useRef(0);
  // Keys are applied to these, not to the last render's state: two reads of stdin can
  // arrive before React renders again (text, then Enter, on a loaded machine), and the
  // second must see what the first typed. The state copies only drive the screen.
  const editorNow = useRef(editor);
  const approvalNow = useRef(approval);
  const setEditor = (next: EditorState): void => {
    editorNow.current = next;
    setEditorState(next);
  };
  const setApproval = (next: Approval | undefined): void => {
    approvalNow.current = next;
    setApprovalState(next);
  };

  useEffect(() => approvals.subscribe((request, resolve) => setApproval({ request, resolve, editing: false, draft: '' })), [approvals]);

  useEffect(() => {
    if (busySince === undefined) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      flush();
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [busySince]);

  const flush = (): void => {
    if (!pending.current.length) return;
    const events = pending.current.splice(0);
    setView((state) => events.reduce(reduce, state));
  };

  const send = async (text: string): Promise<void> => {
    setHint('');
    setView((state) => startTurn(state, text));
    controller.current = new AbortController();
    setBusySince(Date.now());
    let exit = false;
    try {
      for await (const event of session.send(text, controller.current.signal)) {
        if (event.type === 'exit') exit = true;
        pending.current.push(event);
      }
    } finally {
      controller.current = undefined;
      flush();
      setView((state) => endTurn(state));
      setBusySince(undefined);
    }
    if (exit) return app.exit();
    const next = queued.current;
    queued.current = undefined;
    if (next !== undefined) {
      setHint('');
      void send(next);
    }
  };

  /** Esc or Ctrl-C during a turn: cancel it, and put a queued message back on the prompt. */
  const cancel = (): void => {
    controller.current?.abort();
    const next = queued.current;
    queued.current = undefined;
    if (next === undefined) return;
    setEditor({ ...editorNow.current, text: next });
    setHint('');
  };

  useInput((input, key) => {
    if (approvalNow.current) return answerApproval(input, key);
    if (key.escape || (key.ctrl && input === 'c')) {
      if (controller.current) return cancel();
      if (key.escape) return;
      if (editorNow.current.text) return setEditor({ ...editorNow.current, text: '' });
      if (Date.now() - lastCtrlC.current < 2000) return app.exit();
      lastCtrlC.current = Date.now();
      return setHint('press Ctrl-C again to exit');
    }
    if (key.ctrl && input === 'd') {
      if (!editorNow.current.text && !controller.current) app.exit();
      return;
    }
    if (key.tab) {
      void session.completions(editorNow.current.text).then((candidates) => {
        if (candidates.length === 1) setEditor({ ...editorNow.current, text: candidates[0]! });
        else if (candidates.length > 1) {
          setEditor({ ...editorNow.current, text: commonPrefix(candidates) || editorNow.current.text });
          setHint(candidates.slice(0, 12).join('  '));
        }
      });
      return;
    }
    const result = edit(editorNow.current, {
      input,
      return: key.return,
      meta: key.meta,
      upArrow: key.upArrow,
      downArrow: key.downArrow,
      backspace: key.backspace,
      delete: key.delete,
      ctrl: key.ctrl,
    });
    if (result.send !== undefined && controller.current) {
      // One turn at a time: the message waits for this one, as one queued message.
      if (queued.current !== undefined) return setHint('one message is already queued; it is sent when this turn ends');
      queued.current = result.send;
      setEditor(result.state);
      return setHint(`queued, sent when this turn ends (Esc takes it back): ${result.send.split('\n')[0]}`);
    }
    setEditor(result.state);
    if (result.send !== undefined) void send(result.send);
  });

  const answerApproval = (input: string, key: { return: boolean; backspace: boolean; delete: boolean }): void => {
    const approval = approvalNow.current;
    if (!approval) return;
    if (approval.editing) {
      if (key.return) {
        approval.resolve({ answer: 'edit', request: approval.draft });
        return setApproval(undefined);
      }
      const draft = key.backspace || key.delete ? approval.draft.slice(0, -1) : approval.draft + input;
      return setApproval({ ...approval, draft });
    }
    const answer = input.toLowerCase();
    if (answer === 'y' || answer === 'n') {
      approval.resolve({ answer: answer === 'y' ? 'yes' : 'no' });
      setApproval(undefined);
    } else if (answer === 'e') setApproval({ ...approval, editing: true });
  };

  return (
    <Box flexDirection="column">
      <Static items={view.done}>{(turn) => <TurnBlock key={turn.id} turn={turn} />}</Static>
      {view.current ? <TurnBlock turn={view.current} columns={stdout.columns ?? 80} /> : null}
      {approval ? <ApprovalPrompt request={approval.request} editing={approval.editing} draft={approval.draft} /> : null}
      <Box>
        <Text color="cyan">{busySince === undefined ? '› ' : '… '}</Text>
        <Text>{editor.text}</Text>
        <Text inverse> </Text>
      </Box>
      {hint ? <Text color="gray">{hint}</Text> : null}
      <StatusLine status={view.status} busySince={busySince} numCtx={session.status.numCtx} now={now} />
    </Box>
  );
}

function commonPrefix(values: readonly string[]): string {
  let prefix = values[0] ?? '';
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
