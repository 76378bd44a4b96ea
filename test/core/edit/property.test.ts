import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { applyEditText, parseEditBlocks } from '../../../src/core/edit/index.js';
import { parseDoc, renderDoc } from '../../../src/core/edit/line-endings.js';
import { isMarker } from '../../../src/core/edit/markers.js';
import { isElision } from '../../../src/core/edit/markers.js';
import { removeDir } from './helpers.js';

// Properties over generated files: any bytes survive the line model; an applied edit
// changes exactly the matched lines; applying an edit and then its reverse gives back
// the original bytes (line endings, final newline, non-ASCII included).

const repo = mkdtempSync(path.join(tmpdir(), 'oryon-edit-prop-'));
afterAll(() => removeDir(repo));
const FILE = path.join(repo, 'f.txt');

const char = fc.constantFrom('a', 'b', 'c', 'x', ' ', '\t', '=', '.', '(', ')', 'é', '日', '🎉');
const line = fc.string({ unit: char, maxLength: 8 }).filter((l) => !isMarker(l) && !isElision(l));
const lines = (min: number, max: number) => fc.array(line, { minLength: min, maxLength: max });

const join = (ls: readonly string[], eol: string, final: boolean): string => (ls.length === 0 ? '' : ls.join(eol) + (final ? eol : ''));
const section = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('');
const reply = (search: readonly string[], replace: readonly string[]): string =>
  `f.txt\n<<<<<<< SEARCH\n${section(search)}=======\n${section(replace)}>>>>>>> REPLACE\n`;

function occurrences(file: readonly string[], needle: readonly string[]): number {
  let count = 0;
  for (let p = 0; p + needle.length <= file.length; p++) {
    if (needle.every((l, j) => file[p + j] === l)) count++;
  }
  return count;
}

describe('edit properties', () => {
  test('parseDoc and renderDoc give back any text byte for byte', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\r', '\n', 'é', '\uFEFF', '🎉'), maxLength: 40 });
    fc.assert(fc.property(text, (t) => renderDoc(parseDoc(t)) === t));
  });

  test('apply then revert gives back the original bytes', async () => {
    const scenario = fc
      .record({
        file: lines(1, 25),
        eol: fc.constantFrom('\n', '\r\n'),
        final: fc.boolean(),
        start: fc.nat(),
        length: fc.integer({ min: 1, max: 5 }),
        replacement: lines(1, 5),
      })
      .map((s) => {
        const start = s.start % s.file.length;
        return { ...s, start, length: Math.min(s.length, s.file.length - start) };
      });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ file, eol, final, start, length, replacement }) => {
        const region = file.slice(start, start + length);
        // Without a final newline an empty last line is no line at all.
        fc.pre(occurrences(file, region) === 1 && (final || file[file.length - 1] !== ''));
        const original = join(file, eol, final);
        writeFileSync(FILE, original);

        const forward = await applyEditText(repo, reply(region, replacement), { trackedFiles: [] });
        expect(forward.ok).toBe(true);
        if (forward.blocks[0]!.status === 'already-applied') return;
        const expected = [...file.slice(0, start), ...replacement, ...file.slice(start + length)];
        // One line and no final newline: the file shows no line ending, so new lines get \n.
        const newEol = file.length > 1 || final ? eol : '\n';
        expect(readFileSync(FILE, 'utf8')).toBe(join(expected, newEol, final));

        // The reverse needs a unique target, and a file that still shows its line ending.
        fc.pre(occurrences(expected, replacement) === 1 && (final || (expected.length > 1 && expected[expected.length - 1] !== '')));
        const back = await applyEditText(repo, reply(replacement, region), { trackedFiles: [] });
        expect(back.ok).toBe(true);
        expect(readFileSync(FILE, 'utf8')).toBe(original);
      }),
      { numRuns: 150 },
    );
  });

  test('whenever a shifted SEARCH applies by indentation, the result is the unshifted edit', async () => {
    const indented = fc
      .tuple(fc.constantFrom('', '  ', '    ', '        '), fc.string({ unit: fc.constantFrom('a', 'b', 'x', '(', ')', ':'), minLength: 1, maxLength: 6 }))
      .map(([indent, text]) => indent + text);
    const scenario = fc.record({
      file: fc.array(indented, { minLength: 1, maxLength: 20 }),
      start: fc.nat(),
      length: fc.integer({ min: 1, max: 4 }),
      replacement: fc.array(indented, { minLength: 1, maxLength: 4 }),
      shift: fc.constantFrom('  ', '    ', '\t'),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ file, start: rawStart, length: rawLength, replacement, shift }) => {
        const start = rawStart % file.length;
        const length = Math.min(rawLength, file.length - start);
        const region = file.slice(start, start + length);
        const original = join(file, '\n', true);
        writeFileSync(FILE, original);
        const result = await applyEditText(
          repo,
          reply(
            region.map((l) => shift + l),
            replacement.map((l) => shift + l),
          ),
          { trackedFiles: [] },
        );
        if (!result.ok) expect(readFileSync(FILE, 'utf8')).toBe(original);
        // The shifted text may exist verbatim elsewhere; then the exact match is right.
        if (!result.ok || result.blocks[0]!.tolerance !== 'indentation') return;
        const expected = [...file.slice(0, start), ...replacement, ...file.slice(start + length)];
        expect(readFileSync(FILE, 'utf8')).toBe(join(expected, '\n', true));
      }),
      { numRuns: 150 },
    );
  });

  test('blocks rendered in any accepted style parse back to the same blocks', () => {
    const pathArb = fc.constantFrom('src/app.py', 'lib/a-b.ts', 'README.md', 'x/y/z.json', 'Makefile');
    const decorate = fc.constantFrom(
      (p: string) => p,
      (p: string) => `\`${p}\``,
      (p: string) => `**${p}**`,
      (p: string) => `./${p}:`,
      (p: string) => `### ${p}`,
    );
    // Content may hold fences and markdown: everything between the markers is content.
    const contentLine = fc.oneof(line, fc.constantFrom('```', '```js', '````', '# Title', '<<<< x', '>> y'));
    const content = fc.array(contentLine, { maxLength: 6 });
    const blockArb = fc.record({ path: pathArb, search: content, replace: content, decorate, fence: fc.constantFrom('', '```', '```python', '````') });
    fc.assert(
      fc.property(fc.array(blockArb, { minLength: 1, maxLength: 5 }), fc.constantFrom('', 'Some prose.\n', '<think>\nplan\n</think>\n'), (blocks, preamble) => {
        const text =
          preamble +
          blocks
            .map((b) => {
              const body = `<<<<<<< SEARCH\n${section(b.search)}=======\n${section(b.replace)}>>>>>>> REPLACE\n`;
              const fenced = b.fence ? `${b.fence}\n${body}${b.fence.replace(/[a-z]+$/, '')}\n` : body;
              return `${b.decorate(b.path)}\n${fenced}`;
            })
            .join('\nNext change:\n\n');
        const parsed = parseEditBlocks(text);
        expect(parsed.errors).toEqual([]);
        expect(parsed.blocks.map((b) => [b.path, b.search, b.replace])).toEqual(blocks.map((b) => [b.path, section(b.search), section(b.replace)]));
      }),
      { numRuns: 300 },
    );
  });
});
