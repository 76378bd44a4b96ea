import { describe, expect, test } from 'vitest';
import { closestStart, notFoundMessage } from '../../../src/core/edit/feedback.js';
import { detectStyle, reindent } from '../../../src/core/edit/indent.js';
import { parseDoc, renderDoc, spliceDoc } from '../../../src/core/edit/line-endings.js';
import { matchBlock, trimBlankEdges } from '../../../src/core/edit/match.js';
import { matchElided } from '../../../src/core/edit/elision.js';

describe('matchBlock', () => {
  test('exact wins before any tolerance', () => {
    const file = ['  x = 1', 'x = 1 '];
    expect(matchBlock(file, ['x = 1 '], ['y'])).toMatchObject({ kind: 'found', start: 1, tolerance: 'exact' });
  });

  test('a tolerance that finds two places is ambiguity, not a guess', () => {
    const file = ['x = 1  ', 'y', 'x = 1\t'];
    expect(matchBlock(file, ['x = 1'], ['z'])).toEqual({ kind: 'ambiguous', starts: [0, 2], length: 1, tolerance: 'trailing-whitespace' });
  });

  test('indentation: REPLACE keeps its shape relative to the file', () => {
    const file = ['class A:', '    def f(self):', '        return 1'];
    const outcome = matchBlock(file, ['def f(self):', '    return 1'], ['def f(self):', '    if x:', '        return 2', '# note']);
    expect(outcome).toMatchObject({ kind: 'found', start: 1, tolerance: 'indentation' });
    expect(outcome.kind === 'found' && outcome.replacement).toEqual(['    def f(self):', '        if x:', '            return 2', '    # note']);
  });

  test('a block that is not shifted uniformly does not match', () => {
    const file = ['if a:', '    b()', '    c()'];
    expect(matchBlock(file, ['  if a:', '    b()'], ['x'])).toEqual({ kind: 'none' });
  });

  test('tabs vs spaces only where the file is consistent', () => {
    const tabs = ['func f() {', '\tif x {', '\t\treturn', '\t}', '}'];
    const outcome = matchBlock(tabs, ['    if x {', '        return'], ['    if y {', '        return']);
    expect(outcome).toMatchObject({ kind: 'found', start: 1, tolerance: 'tabs-spaces', replacement: ['\tif y {', '\t\treturn'] });
    const mixed = ['func f() {', '\tif x {', '        return', '\t}', '}'];
    expect(detectStyle(mixed)).toEqual({ kind: 'unknown' });
    expect(matchBlock(mixed, ['    if x {', '        return'], ['    if y {', '        return'])).toEqual({ kind: 'none' });
  });

  test('spurious blank lines at the edges of SEARCH', () => {
    expect(trimBlankEdges(['', 'a', '', ''], ['', 'b'])).toEqual({ search: ['a'], replace: ['b'] });
    expect(matchBlock(['a', 'b'], ['', 'b', ''], ['', 'c', ''])).toMatchObject({ kind: 'found', start: 1, replacement: ['c'], tolerance: 'blank-lines' });
  });
});

describe('matchElided', () => {
  test('pieces in order, each replaced by its counterpart', () => {
    const file = ['def f():', '    a = 1', '    b = 2', '    return a'];
    const outcome = matchElided(file, ['def f():', '    ...', '    return a'], ['def g():', '    ...', '    return b']);
    expect(outcome.kind === 'found' && outcome.regions.map((r) => [r.start, r.replacement])).toEqual([
      [0, ['def g():']],
      [3, ['    return b']],
    ]);
  });

  test('pieces out of file order are refused', () => {
    const outcome = matchElided(['a', 'b', 'c'], ['c', '...', 'a'], ['C', '...', 'A']);
    expect(outcome).toEqual({ kind: 'failed', message: 'the pieces of the SEARCH are not in file order (piece 2 is at line 1)' });
  });

  test('without elision lines there is nothing to do', () => {
    expect(matchElided(['a'], ['b'], ['c'])).toEqual({ kind: 'none' });
  });
});

describe('spliceDoc', () => {
  test('new lines take the dominant ending; the last keeps the replaced ending', () => {
    const doc = parseDoc('a\r\nb\r\nc');
    spliceDoc(doc, 2, 1, ['x', 'y']);
    expect(renderDoc(doc)).toBe('a\r\nb\r\nx\r\ny');
    spliceDoc(doc, 0, 1, []);
    expect(renderDoc(doc)).toBe('b\r\nx\r\ny');
  });

  test('deleting the last lines leaves no line without its ending in the middle', () => {
    const doc = parseDoc('a\nb\nc');
    spliceDoc(doc, 2, 1, []);
    expect(renderDoc(doc)).toBe('a\nb\n');
  });
});

describe('reindent', () => {
  test('lines less indented than SEARCH move by the same amount', () => {
    expect(reindent(['        x', '    y', '', 'z'], '        ', '    ')).toEqual(['    x', 'y', '', 'z']);
  });
});

describe('feedback', () => {
  test('the closest window is found by shared lines, else by likeness', () => {
    const file = ['alpha()', 'beta()', 'gamma()', 'delta()', 'epsilon()'];
    expect(closestStart(file, ['gamma()', 'DELTA()'])).toBe(2);
    expect(closestStart(file, ['deltx()'])).toBe(3);
    expect(closestStart([], ['x'])).toBeUndefined();
  });

  test('the message says when only whitespace differs', () => {
    const message = notFoundMessage('a.py', ['def f():', '\treturn 1'], ['def f():', '  return 1']);
    expect(message).toContain('First difference (only the whitespace differs): your SEARCH line 2');
    expect(message).toContain('1 | def f():\n2 | \treturn 1');
  });

  test('very long lines are clipped', () => {
    const message = notFoundMessage('a.js', ['x'.repeat(500)], ['y']);
    expect(message.split('\n')[1]!.length).toBeLessThan(200);
  });
});
