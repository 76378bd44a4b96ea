import { describe, expect, it } from 'vitest';
import { early } from '../../../src/cli/chat/early-screen.js';

describe('the early prompt (keys typed before ink is up)', () => {
  it('applies text and Backspace as the prompt would', () => {
    expect(early({ line: '' }, 'hello\u007f!')).toEqual({ line: 'hell!' });
    expect(early({ line: 'ab' }, '\b\b\bc')).toEqual({ line: 'c' });
  });

  it('keeps the first message sent with Enter, and nothing typed after it', () => {
    expect(early({ line: '' }, 'where is total?\rmore')).toEqual({ line: '', sent: 'where is total?' });
    // An empty Enter sends nothing, as in the session.
    expect(early({ line: '' }, '\r  \rhi')).toEqual({ line: 'hi' });
  });

  it('skips escape sequences (arrows, function keys) without echoing them', () => {
    expect(early({ line: 'a' }, '\u001b[A\u001b[1;5Cb\u001bOPc')).toEqual({ line: 'abc' });
  });

  it('marks Ctrl-C, keeping what was typed', () => {
    expect(early({ line: '' }, 'abc\u0003')).toEqual({ line: 'abc', interrupted: true });
  });

  it('keeps non-ASCII text whole', () => {
    expect(early({ line: '' }, 'héllo 世界\u007f')).toEqual({ line: 'héllo 世' });
  });
});
