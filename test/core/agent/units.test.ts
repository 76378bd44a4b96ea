import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DoomLoopGuard } from '../../../src/core/agent/doom-loop.js';
import { editFormFor, lineCount } from '../../../src/core/agent/edit-format.js';
import { keywords, rankFiles } from '../../../src/core/agent/relevance.js';
import { topLevelSymbols } from '../../../src/core/agent/repo-map.js';
import { branchFor, slugify } from '../../../src/core/agent/slug.js';
import { detectTestCommand, splitCommandLine } from '../../../src/core/agent/test-detect.js';
import { countFailures, outputTail } from '../../../src/core/agent/test-summary.js';
import { renderPrompt } from '../../../src/core/agent/prompts.js';
import { BadInputError } from '../../../src/core/errors.js';
import { tempDir } from '../../helpers/git-repo.js';

describe('slug', () => {
  it('makes branch-safe slugs', () => {
    expect(slugify('Fix the FizzBuzz bug for 15!')).toBe('fix-the-fizzbuzz-bug-for-15');
    expect(slugify('Ünïcödé  naïve café')).toBe('unicode-naive-cafe');
    expect(slugify('!!!')).toBe('fix');
    expect(slugify('a'.repeat(80))).toHaveLength(48);
    expect(slugify('one two three four five six seven eight nine ten eleven twelve').length).toBeLessThanOrEqual(48);
    expect(branchFor('fib(0) returns 1')).toBe('oryon/fib-0-returns-1');
  });
});

describe('edit format', () => {
  it('picks whole for small and new files, diff for large ones in auto', () => {
    expect(editFormFor('auto', 10, 150)).toBe('whole');
    expect(editFormFor('auto', 151, 150)).toBe('diff');
    expect(editFormFor('auto', undefined, 150)).toBe('whole');
    expect(editFormFor('diff', 3, 150)).toBe('diff');
    expect(editFormFor('whole', 900, 150)).toBe('whole');
    expect(editFormFor('diff', undefined, 150)).toBe('whole');
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb')]).toEqual([0, 1, 1, 2]);
  });
});

describe('doom-loop guard', () => {
  it('trips on the same failing edit twice, whitespace aside', () => {
    const guard = new DoomLoopGuard();
    expect(guard.recordFailure('a.py\n```\nx = 1\n```')).toBe(false);
    expect(guard.recordFailure('other')).toBe(false);
    expect(guard.recordFailure('a.py  \r\n```\r\nx = 1\n```\n\n')).toBe(true);
  });
});

describe('test command detection', () => {
  function repo(files: Record<string, string>): string {
    const root = tempDir('oryon-detect-');
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return root;
  }

  it('prefers the flag, then config', async () => {
    const root = repo({ 'package.json': '{"scripts":{"test":"vitest"}}' });
    expect(await detectTestCommand(root, [], { flag: 'make "test all"', config: 'x' })).toEqual({ argv: ['make', 'test all'], source: 'flag' });
    expect(await detectTestCommand(root, [], { config: 'pytest -q' })).toEqual({ argv: ['pytest', '-q'], source: 'config' });
  });

  it('detects npm, python, go and cargo projects', async () => {
    expect((await detectTestCommand(repo({ 'package.json': '{"scripts":{"test":"node --test"}}' }), [], {}))?.argv).toEqual(['npm', 'test', '--silent']);
    expect(await detectTestCommand(repo({ 'package.json': '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}' }), [], {})).toBeUndefined();
    expect((await detectTestCommand(repo({ 'conftest.py': '' }), ['conftest.py'], {}))?.source).toBe('pytest');
    const py = await detectTestCommand(repo({ 'test_x.py': '' }), ['test_x.py'], {});
    expect(['pytest', 'unittest']).toContain(py?.source);
    expect((await detectTestCommand(repo({ 'go.mod': 'module x' }), [], {}))?.argv).toEqual(['go', 'test', './...']);
    expect((await detectTestCommand(repo({ 'Cargo.toml': '' }), [], {}))?.argv).toEqual(['cargo', 'test']);
    expect(await detectTestCommand(repo({ 'README.md': '' }), ['README.md'], {})).toBeUndefined();
  });

  it('splits command lines without a shell', () => {
    expect(splitCommandLine(`python3 -m unittest -k 'a b' "c\\"d" e\\ f`)).toEqual(['python3', '-m', 'unittest', '-k', 'a b', 'c"d', 'e f']);
    expect(splitCommandLine(`x ''`)).toEqual(['x', '']);
    expect(() => splitCommandLine('a "b')).toThrow(BadInputError);
  });
});

describe('test output', () => {
  it('counts failures across runners', () => {
    expect(countFailures('Ran 3 tests\n\nFAILED (failures=2, errors=1)')).toBe(3);
    expect(countFailures('===== 2 failed, 3 passed in 0.1s =====')).toBe(2);
    expect(countFailures('F..\n1 failed, 2 passed in 0.02s\n')).toBe(1);
    expect(countFailures('3 passed, 1 failed, 2 errors in 1.5s')).toBe(3);
    expect(countFailures('# tests 3\n# pass 1\n# fail 2\n')).toBe(2);
    expect(countFailures(' Tests  4 failed | 1 passed (5)')).toBe(4);
    expect(countFailures('test result: FAILED. 1 passed; 5 failed; 0 ignored')).toBe(5);
    expect(countFailures('--- FAIL: TestA\n--- FAIL: TestB\nFAIL')).toBe(2);
    expect(countFailures('all good')).toBeUndefined();
  });

  it('keeps the tail on a line boundary and says it cut', () => {
    const output = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const tail = outputTail(output, 60);
    expect(tail).toMatch(/^\[\.\.\. \d+ earlier bytes of output omitted \.\.\.\]\n/);
    expect(tail.endsWith('line 99')).toBe(true);
    expect(tail).not.toContain('line 1\n');
    expect(outputTail('short', 60)).toBe('short');
  });
});

describe('relevance and repo map', () => {
  it('ranks files named by the issue first, then by content', () => {
    const files = ['src/fizzbuzz.py', 'test_fizzbuzz.py', 'README.md', 'src/other.py'];
    const content: Record<string, string> = {
      'src/fizzbuzz.py': 'def fizzbuzz(n): ...',
      'test_fizzbuzz.py': 'from fizzbuzz import fizzbuzz',
      'README.md': 'nothing',
      'src/other.py': 'def helper(): return "FizzBuzz"',
    };
    const ranked = rankFiles('fizzbuzz(15) should return FizzBuzz', files, (f) => content[f]);
    expect(ranked[0]!.path).toBe('src/fizzbuzz.py');
    expect(ranked.map((r) => r.path)).not.toContain('README.md');
    expect(rankFiles('x', files, (f) => content[f], new Set(['README.md']))[0]!.path).toBe('README.md');
    expect(keywords('parseConfig fails for the_value')).toEqual(expect.arrayContaining(['parse', 'config', 'parseconfig', 'the_value']));
  });

  it('finds top-level symbols per language', () => {
    expect(topLevelSymbols('a.py', 'import x\ndef f():\n    def inner(): pass\nclass C:\n    pass\nasync def g(): pass\n')).toEqual(['f', 'C', 'g']);
    expect(topLevelSymbols('a.ts', 'export function f() {}\nexport const x = 1;\nclass K {}\nexport interface I {}\n  const inner = 2;\n')).toEqual([
      'f',
      'x',
      'K',
      'I',
    ]);
    expect(topLevelSymbols('a.go', 'func Main() {}\nfunc (s *S) M() {}\ntype S struct{}\n')).toEqual(['Main', 'M', 'S']);
    expect(topLevelSymbols('a.rs', 'pub fn run() {}\nstruct X;\n')).toEqual(['run', 'X']);
    expect(topLevelSymbols('a.md', '# title')).toEqual([]);
  });
});

describe('prompt templates', () => {
  it('fills placeholders verbatim and refuses unknown ones', () => {
    expect(renderPrompt('a {{x}} b', { x: '{{y}} $& $1' })).toBe('a {{y}} $& $1 b');
    expect(() => renderPrompt('{{missing}}', {})).toThrow(/missing/);
  });
});
