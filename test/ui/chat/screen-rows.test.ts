import { describe, expect, it } from 'vitest';
import { liveTail, wrapLine } from '../../../src/ui/chat/screen-rows.js';

describe('the live rows of a streaming reply', () => {
  it('wraps ASCII at word boundaries within the width', () => {
    const rows = wrapLine('alpha beta gamma delta epsilon zeta', 12);
    expect(rows).toEqual(['alpha beta', 'gamma delta', 'epsilon zeta']);
    expect(rows.every((row) => row.length <= 12)).toBe(true);
  });

  it('cuts a word longer than the width', () => {
    expect(wrapLine('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('leaves non-ASCII lines to ink, whose wrapping measures real widths', () => {
    const line = '世界 '.repeat(30);
    expect(wrapLine(line, 20)).toEqual([line]);
  });

  it('shows only the last rows, marked as cut', () => {
    const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const tail = liveTail(text, 80, 5).split('\n');
    expect(tail).toEqual(['…', 'line 25', 'line 26', 'line 27', 'line 28', 'line 29']);
  });

  it('shows a short reply whole, with no mark', () => {
    expect(liveTail('one\ntwo', 80, 5)).toBe('one\ntwo');
  });

  it('counts wrapped rows, not lines: one long paragraph is cut too', () => {
    const paragraph = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const rows = liveTail(paragraph, 40, 4).split('\n');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toBe('…');
    expect(rows.at(-1)!.endsWith('word199')).toBe(true);
  });
});
