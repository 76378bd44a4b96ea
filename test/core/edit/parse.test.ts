import { describe, expect, test } from 'vitest';
import { pathFromLine, isElision } from '../../../src/core/edit/markers.js';
import { chooseDivider } from '../../../src/core/edit/parse.js';
import { parseEditBlocks } from '../../../src/core/edit/index.js';

describe('parseEditBlocks', () => {
  test('numbers blocks and records the line of each SEARCH marker', () => {
    const text = [
      'Intro',
      '',
      'a.py',
      '<<<<<<< SEARCH',
      'x',
      '=======',
      'y',
      '>>>>>>> REPLACE',
      'b.py',
      '<<<<<<< SEARCH',
      '=======',
      'new',
      '>>>>>>> REPLACE',
    ].join('\n');
    const { blocks, errors } = parseEditBlocks(text);
    expect(errors).toEqual([]);
    expect(blocks).toEqual([
      { index: 1, path: 'a.py', kind: 'search-replace', search: 'x\n', replace: 'y\n', line: 4 },
      { index: 2, path: 'b.py', kind: 'search-replace', search: '', replace: 'new\n', line: 10 },
    ]);
  });

  test('malformed blocks share the numbering and keep their position', () => {
    const text = [
      'a.py',
      '<<<<<<< SEARCH',
      'x',
      '>>>>>>> REPLACE',
      '',
      'a.py',
      '<<<<<<< SEARCH',
      'x',
      '=======',
      'y',
      '>>>>>>> REPLACE',
      'a.py',
      '<<<<<<< SEARCH',
      'x',
      '=======',
    ].join('\n');
    const { blocks, errors } = parseEditBlocks(text);
    expect(blocks.map((b) => [b.index, b.line])).toEqual([[2, 7]]);
    expect(errors).toEqual([
      { index: 1, line: 2, message: 'no ======= line between SEARCH and REPLACE' },
      { index: 3, line: 13, message: 'cut off: the reply ends before the >>>>>>> REPLACE line' },
    ]);
  });

  test('a block missing its end marker does not swallow the next block', () => {
    const text = ['a.py', '<<<<<<< SEARCH', 'x', '=======', 'y', 'b.py', '<<<<<<< SEARCH', 'p', '=======', 'q', '>>>>>>> REPLACE'].join('\n');
    const { blocks, errors } = parseEditBlocks(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('before the next <<<<<<< SEARCH at line 7');
    expect(blocks).toMatchObject([{ index: 2, path: 'b.py', search: 'p\n', replace: 'q\n' }]);
  });

  test('think sections are ignored and line numbers still point into the reply', () => {
    const text = '<think>\na.py\n<<<<<<< SEARCH\nx\n=======\nz\n>>>>>>> REPLACE\n</think>\na.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n';
    const { blocks } = parseEditBlocks(text);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ replace: 'y\n', line: 10 });
  });

  test('an unclosed think section hides everything after it', () => {
    expect(parseEditBlocks('<think>\na.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n').blocks).toEqual([]);
  });

  test('keeps content exactly: tabs, trailing spaces, non-ASCII, fence lines', () => {
    const text = 'a.md\n<<<<<<< SEARCH\n\tcafé  \n```\n=======\n\tthé\n```js\n>>>>>>> REPLACE\n';
    expect(parseEditBlocks(text).blocks[0]).toMatchObject({ search: '\tcafé  \n```\n', replace: '\tthé\n```js\n' });
  });

  test('a whole-file block needs a line holding only the path', () => {
    const whole = parseEditBlocks('src/a.ts\n```ts\nexport const a = 1;\n```\n');
    expect(whole.blocks).toEqual([{ index: 1, path: 'src/a.ts', kind: 'whole-file', search: '', replace: 'export const a = 1;\n', line: 2 }]);
    expect(parseEditBlocks('The file `src/a.ts` reads:\n```ts\nexport const a = 1;\n```\n').blocks).toEqual([]);
    expect(parseEditBlocks('Run this:\n```sh\nnpm test\n```\n').blocks).toEqual([]);
  });

  test('CRLF model text is read like LF', () => {
    expect(parseEditBlocks('a.py\r\n<<<<<<< SEARCH\r\nx\r\n=======\r\ny\r\n>>>>>>> REPLACE\r\n').blocks[0]).toMatchObject({ search: 'x\n', replace: 'y\n' });
  });

  test('content with ======= lines keeps every reading, longest SEARCH first', () => {
    const text = 'a.rst\n<<<<<<< SEARCH\nA\n=======\nB\n=======\n=======\nC\n>>>>>>> REPLACE\n';
    const [block] = parseEditBlocks(text).blocks;
    expect(block).toMatchObject({ search: 'A\n=======\nB\n', replace: '=======\nC\n' });
    expect(block!.readings).toEqual([
      { search: 'A\n=======\nB\n=======\n', replace: 'C\n' },
      { search: 'A\n=======\nB\n', replace: '=======\nC\n' },
      { search: 'A\n', replace: 'B\n=======\n=======\nC\n' },
    ]);
    expect(parseEditBlocks('a.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n').blocks[0]!.readings).toBeUndefined();
  });

  test('a reply cut off on a partial marker or an opening fence is reported with its line', () => {
    const good = 'a.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n\n';
    for (const [tail, message] of [
      ['b.py\n<<<<<<< SEA', 'cut off: the reply ends with "<<<<<<< SEA" before the block is written'],
      ['b.py\n<<', 'cut off: the reply ends with "<<" before the block is written'],
      ['b.py\n``', 'cut off: the reply ends with "``" before the block is written'],
      ['Now `b.py`:\n```python\n', 'cut off: the reply ends just after an opening fence, before the block is written'],
      ['Then:\n```\n<<<<<', 'cut off: the reply ends just after an opening fence, before the block is written'],
    ] as const) {
      const parsed = parseEditBlocks(good + tail);
      expect(parsed.blocks).toHaveLength(1);
      expect(parsed.errors).toEqual([{ index: 2, line: 9, message }]);
    }
  });

  test('a block indented under a list item loses that indent; four spaces are content', () => {
    const listed = parseEditBlocks('1. In `a.py`:\n   ```\n   <<<<<<< SEARCH\n     x\n   =======\n     y\n   >>>>>>> REPLACE\n   ```\n');
    expect(listed).toEqual({ blocks: [{ index: 1, path: 'a.py', kind: 'search-replace', search: '  x\n', replace: '  y\n', line: 3 }], errors: [] });
    const example = 'docs.md\n<<<<<<< SEARCH\n    <<<<<<< SEARCH\n    =======\n=======\n    >>>>>>> REPLACE\n>>>>>>> REPLACE\n';
    expect(parseEditBlocks(example).blocks[0]).toMatchObject({ search: '    <<<<<<< SEARCH\n    =======\n', replace: '    >>>>>>> REPLACE\n' });
  });

  test('a stray closing fence or prose code at the end is not a cut-off block', () => {
    const block = 'a.py\n```\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n';
    expect(parseEditBlocks(`${block}\n\`\`\`\n`).errors).toEqual([]);
    expect(parseEditBlocks(`${block}\`\`\`\n\nRun:\n\`\`\`sh\nnpm test`).errors).toEqual([]);
  });

  test('consecutive fenced blocks each find their path', () => {
    const text = 'a.py\n```python\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n```\n\nb.txt\n```\nwhole\n```\n';
    expect(parseEditBlocks(text).blocks.map((b) => [b.path, b.kind])).toEqual([
      ['a.py', 'search-replace'],
      ['b.txt', 'whole-file'],
    ]);
  });
});

describe('pathFromLine', () => {
  test.each([
    ['src/app.py', 'src/app.py'],
    ['`src/app.py`', 'src/app.py'],
    ['**src/app.py**', 'src/app.py'],
    ['"src/app.py"', 'src/app.py'],
    ["'src/app.py':", 'src/app.py'],
    ['./src/app.py', 'src/app.py'],
    ['src/app.py:', 'src/app.py'],
    ['### `src/app.py`', 'src/app.py'],
    ['File: src/app.py', 'src/app.py'],
    ['Makefile', 'Makefile'],
    ['.env', '.env'],
    ['`my file.txt`', 'my file.txt'],
    ['**File: src/app.py**', 'src/app.py'],
    ['src/app.py (new file)', 'src/app.py'],
    ['**`src/app.py`** (modified)', 'src/app.py'],
    ['// src/app.js', 'src/app.js'],
  ])('%s → %s', (line, path) => {
    expect(pathFromLine(line)).toBe(path);
  });

  test.each([
    'Here is the fix:',
    'Sure.',
    '...',
    '```python',
    '=======',
    '',
    'Changes:',
    'I updated the code',
    '// TODO: fix this',
    'File: some notes',
    '// ...',
  ])('prose %j is not a path', (line) => {
    expect(pathFromLine(line)).toBeUndefined();
  });
});

describe('chooseDivider', () => {
  const lines = ['a', '=======', 'b', '=======', 'c', '=======', 'd', '=========='];
  test('one candidate, the middle of an odd count, the single seven-character one', () => {
    expect(chooseDivider(lines, [1])).toBe(1);
    expect(chooseDivider(lines, [1, 3, 5])).toBe(3);
    expect(chooseDivider(lines, [5, 7])).toBe(5);
  });
  test('no candidate or an undecidable pair is an error message', () => {
    expect(chooseDivider(lines, [])).toContain('no =======');
    expect(chooseDivider(lines, [1, 3])).toContain('several ======= lines (lines 2, 4)');
  });
});

describe('isElision', () => {
  test.each(['...', '    ...', '…', '# ...', '// ... existing code ...', '/* ... */', '<!-- ... -->'])('%j elides', (line) => {
    expect(isElision(line)).toBe(true);
  });
  test.each(['x = ...', 'def f(): ...', 'print("...")', '.....x'])('%j is code', (line) => {
    expect(isElision(line)).toBe(false);
  });
});
