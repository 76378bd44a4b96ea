// The input line as data, edited by key presses: Enter sends, Alt+Enter or a trailing
// backslash adds a line, Up/Down walk the history. Pure, so it is tested without ink.

export interface EditorState {
  text: string;
  history: string[];
  /** Position while walking the history; history.length means "the draft". */
  cursor: number;
  draft: string;
}

export interface KeyPress {
  input: string;
  return?: boolean;
  meta?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

export type EditResult = { state: EditorState; send?: string };

export function emptyEditor(history: string[] = []): EditorState {
  return { text: '', history, cursor: history.length, draft: '' };
}

export function edit(state: EditorState, key: KeyPress): EditResult {
  if (key.return) {
    if (key.meta) return { state: { ...state, text: `${state.text}\n` } };
    if (state.text.endsWith('\\')) return { state: { ...state, text: `${state.text.slice(0, -1)}\n` } };
    const send = state.text;
    if (!send.trim()) return { state };
    const history = [...state.history.filter((entry) => entry !== send), send];
    return { state: { text: '', history, cursor: history.length, draft: '' }, send };
  }
  if (key.upArrow) {
    if (state.cursor === 0 || !state.history.length) return { state };
    const cursor = state.cursor - 1;
    return { state: { ...state, cursor, draft: state.cursor === state.history.length ? state.text : state.draft, text: state.history[cursor]! } };
  }
  if (key.downArrow) {
    if (state.cursor >= state.history.length) return { state };
    const cursor = state.cursor + 1;
    return { state: { ...state, cursor, text: cursor === state.history.length ? state.draft : state.history[cursor]! } };
  }
  if (key.backspace || key.delete) return { state: { ...state, text: [...state.text].slice(0, -1).join('') } };
  if (key.ctrl || key.meta || !key.input) return { state };
  // Text and Enter can arrive in one read (fast typing, a paste ending in a newline): the
  // final carriage return still sends; newlines inside a paste stay line breaks.
  if (key.input.length > 1 && /\r$/.test(key.input))
    return edit({ ...state, text: state.text + key.input.slice(0, -1).replace(/\r\n?/g, '\n') }, { input: '', return: true });
  return { state: { ...state, text: state.text + key.input.replace(/\r\n?/g, '\n') } };
}
