import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAstGrep } from '../../../src/core/gates/ast-grep.js';
import type { RawFinding } from '../../../src/core/gates/finding.js';
import { CASES } from './security-cases.js';

// Every shipped rule gets vulnerable snippets (must be found) and clean snippets that
// look alike (must not be). All snippets run through ONE real ast-grep scan.

let dir: string;
let findings: RawFinding[];
const files: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'oryon-rules-'));
  mkdirSync(path.join(dir, 'cases'));
  CASES.forEach((entry, index) => {
    entry.vulnerable.forEach((snippet, n) => {
      const name = `cases/${index}-${entry.rule}-vuln-${n}.${entry.ext}`;
      writeFileSync(path.join(dir, name), `${snippet}\n`);
      files.push(name);
    });
    entry.clean.forEach((snippet, n) => {
      const name = `cases/${index}-${entry.rule}-clean-${n}.${entry.ext}`;
      writeFileSync(path.join(dir, name), `${snippet}\n`);
      files.push(name);
    });
  });
  findings = await runAstGrep({ cwd: dir, files });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shipped ast-grep rules', () => {
  for (const [index, entry] of CASES.entries()) {
    describe(entry.rule, () => {
      entry.vulnerable.forEach((snippet, n) => {
        it(`finds: ${snippet}`, () => {
          const hits = findings.filter((f) => f.file === `cases/${index}-${entry.rule}-vuln-${n}.${entry.ext}`);
          expect(hits.map((f) => f.rule)).toContain(`security/${entry.rule}`);
          expect(hits.every((f) => f.line === 1 && f.gate === 'security')).toBe(true);
        });
      });
      entry.clean.forEach((snippet, n) => {
        it(`stays quiet on: ${snippet}`, () => {
          const hits = findings.filter((f) => f.file === `cases/${index}-${entry.rule}-clean-${n}.${entry.ext}`);
          expect(hits).toEqual([]);
        });
      });
    });
  }

  it('applies the TypeScript-grammar rules to .js, .ts and .tsx alike', async () => {
    for (const ext of ['js', 'mjs', 'ts', 'tsx']) writeFileSync(path.join(dir, `lang.${ext}`), 'eval(input);\n');
    const hits = await runAstGrep({ cwd: dir, files: ['lang.js', 'lang.mjs', 'lang.ts', 'lang.tsx'] });
    expect(hits.map((f) => f.file).sort()).toEqual(['lang.js', 'lang.mjs', 'lang.ts', 'lang.tsx']);
  });

  it('skips files no rule understands without starting ast-grep', async () => {
    writeFileSync(path.join(dir, 'notes.md'), 'eval(input)\n');
    expect(await runAstGrep({ cwd: dir, files: ['notes.md'] })).toEqual([]);
  });
});

describe('argumentBatches', () => {
  it('keeps a commit in one batch and splits a huge file list under the limit', async () => {
    const { argumentBatches } = await import('../../../src/core/gates/ast-grep.js');
    expect(argumentBatches(['a.py', 'b.py'])).toEqual([['a.py', 'b.py']]);
    const many = Array.from({ length: 5000 }, (_, i) => `src/some/fairly/long/directory/name/file_${i}.py`);
    const batches = argumentBatches(many);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(many);
    for (const batch of batches) expect(batch.join(' ').length).toBeLessThanOrEqual(96 * 1024);
  });
});
