import { describe, expect, it } from 'vitest';
import { declarationRanges } from '../../../src/core/memory/ast-grep-ranges.js';
import { chunkText } from '../../../src/core/memory/chunker.js';
import { astGrepRules, languageOf } from '../../../src/core/memory/languages.js';
import { makeRepo } from '../../helpers/git-repo.js';

const TS = `import { a } from './a.js';
import { b } from './b.js';

// Adds two numbers.
export function add(x: number, y: number): number {
  return x + y;
}

export class Counter {
  private n = 0;

  increment(): number {
    return ++this.n;
  }
}

export const double = (x: number) => x * 2;
`;

describe('declarationRanges (ast-grep)', () => {
  it('finds functions, classes, methods and arrow constants in TypeScript and Python', async () => {
    const root = makeRepo({ 'src/a.ts': TS, 'lib/b.py': 'def f():\n    return 1\n\n\nclass C:\n    def m(self):\n        return 2\n' });
    const ranges = await declarationRanges(root, ['src/a.ts', 'lib/b.py']);
    expect(ranges.get('src/a.ts')).toEqual(
      expect.arrayContaining([
        { start: 4, end: 6 },
        { start: 8, end: 14 },
        { start: 11, end: 13 },
        { start: 16, end: 16 },
      ]),
    );
    expect(ranges.get('lib/b.py')).toEqual(
      expect.arrayContaining([
        { start: 0, end: 1 },
        { start: 4, end: 6 },
        { start: 5, end: 6 },
      ]),
    );
  });

  it('returns nothing for files it cannot parse as a supported language', async () => {
    const root = makeRepo({ 'notes.txt': 'function not really code() {\n}\n' });
    expect((await declarationRanges(root, ['notes.txt'])).size).toBe(0);
    expect((await declarationRanges(root, [])).size).toBe(0);
  });
});

describe('chunkText', () => {
  it('makes one chunk per declaration, with its leading comment and the small gaps before it', async () => {
    const root = makeRepo({ 'a.ts': TS });
    const chunks = chunkText(TS, (await declarationRanges(root, ['a.ts'])).get('a.ts'));
    expect(chunks.map((c) => [c.startLine, c.endLine, c.kind])).toEqual([
      [1, 7, 'declaration'],
      [9, 15, 'declaration'],
      [17, 17, 'declaration'],
    ]);
    expect(chunks[0]!.content).toMatch(/^import \{ a \}[\s\S]*\/\/ Adds two numbers\.\nexport function add/);
    expect(chunks[1]!.content).toMatch(/^export class Counter[\s\S]*\}$/);
  });

  it('splits a declaration too long to be one chunk at its inner declarations, windowing the rest', () => {
    const body = Array.from({ length: 30 }, (_, i) => `  m${i}() {\n    return ${i};\n  }`).join('\n');
    const text = `class Big {\n  field = 1;\n${body}\n}\n`;
    const lineCount = text.split('\n').length - 1;
    const methods = Array.from({ length: 30 }, (_, i) => ({ start: 2 + 3 * i, end: 4 + 3 * i }));
    const chunks = chunkText(text, [{ start: 0, end: lineCount - 1 }, ...methods], { maxDeclarationLines: 50, windowLines: 20, overlapLines: 5 });
    expect(chunks.length).toBeGreaterThanOrEqual(29);
    expect(chunks.every((c) => c.endLine - c.startLine < 50)).toBe(true);
    expect(chunks.some((c) => c.content.includes('class Big'))).toBe(true);
    expect(chunks.some((c) => c.content.includes('m29()'))).toBe(true);
  });

  it('covers unstructured text with overlapping windows and skips blank or punctuation-only stretches', () => {
    const text = `${Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n')}\n\n\n}\n);\n`;
    const chunks = chunkText(text, undefined, { maxDeclarationLines: 150, windowLines: 40, overlapLines: 10 });
    expect(chunks.map((c) => [c.startLine, c.endLine])).toEqual([
      [1, 40],
      [31, 70],
      [61, 100],
      // the last window runs to the end of the non-blank stretch, punctuation included
      [91, 104],
    ]);
    expect(chunkText('\n\n  \n}\n', undefined)).toEqual([]);
    expect(chunkText('', undefined)).toEqual([]);
  });

  it('hashes content only, so equal text at another place or path has the same hash', () => {
    const [a] = chunkText('function f() {}\n', undefined);
    const [b] = chunkText('\n\nfunction f() {}\n', undefined);
    expect(a!.hash).toBe(b!.hash);
    expect(a!.startLine).not.toBe(b!.startLine);
  });

  it('labels languages by extension and name', () => {
    expect(languageOf('src/a.tsx').name).toBe('tsx');
    expect(languageOf('x/y.py').astGrep?.language).toBe('Python');
    expect(languageOf('Makefile').name).toBe('make');
    expect(languageOf('README').name).toBe('text');
    expect(languageOf('notes.md').astGrep).toBeUndefined();
  });

  it("gives ast-grep only the rules of the files' languages", () => {
    const ids = (rules: string) => rules.split('\n---\n').map((rule) => rule.split('\n')[0]);
    expect(ids(astGrepRules(['src/a.ts', 'src/b.ts']))).toEqual(['id: typescript']);
    expect(ids(astGrepRules(['app.py', 'web/x.tsx']))).toEqual(['id: tsx', 'id: python']);
    expect(ids(astGrepRules())).toHaveLength(11);
  });
});
