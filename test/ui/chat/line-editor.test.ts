import { describe, expect, it } from 'vitest';
import { edit, emptyEditor, type EditorState } from '../../../src/ui/chat/line-editor.js';

const type = (state: EditorState, text: string) => [...text].reduce((s, ch) => edit(s, { input: ch }).state, state);

describe('the input line', () => {
  it('Enter sends and records history; Alt+Enter and a trailing backslash add a line', () => {
    let state = type(emptyEditor(), 'first');
    state = edit(state, { input: '', return: true, meta: true }).state;
    state = type(state, 'second\\');
    state = edit(state, { input: '', return: true }).state;
    state = type(state, 'third');
    const sent = edit(state, { input: '', return: true });
    expect(sent.send).toBe('first\nsecond\nthird');
    expect(sent.state).toMatchObject({ text: '', history: ['first\nsecond\nthird'] });
  });

  it('Up and Down walk the history and come back to the draft', () => {
    let state: EditorState = { ...emptyEditor(['one', 'two']) };
    state = type(state, 'dra');
    state = edit(state, { input: '', upArrow: true }).state;
    expect(state.text).toBe('two');
    state = edit(state, { input: '', upArrow: true }).state;
    state = edit(state, { input: '', upArrow: true }).state;
    expect(state.text).toBe('one');
    state = edit(state, { input: '', downArrow: true }).state;
    state = edit(state, { input: '', downArrow: true }).state;
    expect(state.text).toBe('dra');
  });

  it('text and Enter arriving in one read still send; an empty line never does', () => {
    expect(edit(emptyEditor(), { input: 'hello\r' }).send).toBe('hello');
    expect(edit(emptyEditor(), { input: '', return: true }).send).toBeUndefined();
    expect(edit(type(emptyEditor(), 'ab'), { input: '', backspace: true }).state.text).toBe('a');
  });
});
