import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { applyEditText } from '../../../src/core/edit/index.js';
import { removeDir, snapshot, tempRepo } from './helpers.js';

// Table-driven: each directory under test/fixtures/edit is a case — before/, the model's
// reply.md, and either after/ (compared byte for byte, whole tree) or `refused` (the tree
// must stay byte-identical and the feedback must contain the expected reason). Optional:
// `tolerance` (one line per block: the tolerance that must have found it, or `exact`) and
// `symlinks` (`name target` lines made in the repo; `$OUTSIDE` is a directory outside it
// holding secret.txt, which must stay untouched).

const FIXTURES = fileURLToPath(new URL('../../fixtures/edit', import.meta.url));
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const repos: string[] = [];
afterAll(() => repos.forEach(removeDir));

const asText = (files: Map<string, Buffer>): Record<string, string> => Object.fromEntries([...files].map(([name, bytes]) => [name, bytes.toString('latin1')]));

describe('edit fixtures', () => {
  test('there are at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  test.each(cases)('%s', async (name) => {
    const dir = path.join(FIXTURES, name);
    const repo = tempRepo(path.join(dir, 'before'));
    repos.push(repo);
    const outside = mkdtempSync(path.join(tmpdir(), 'oryon-edit-outside-'));
    repos.push(outside);
    writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
    const linksFile = path.join(dir, 'symlinks');
    if (existsSync(linksFile)) {
      for (const line of readFileSync(linksFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')) {
        const [name, target] = line.trim().split(/\s+/) as [string, string];
        symlinkSync(target.replace('$OUTSIDE', outside), path.join(repo, name));
      }
    }
    const before = snapshot(repo);
    const outsideBefore = snapshot(outside);
    const reply = readFileSync(path.join(dir, 'reply.md'), 'utf8');
    const refusedFile = path.join(dir, 'refused');

    const result = await applyEditText(repo, reply);

    if (existsSync(refusedFile)) {
      const reason = readFileSync(refusedFile, 'utf8').trim();
      expect(result.ok).toBe(false);
      expect(result.feedback).toContain(reason);
      expect(asText(snapshot(repo))).toEqual(asText(before));
    } else {
      expect(result.feedback).toBe('');
      expect(result.ok).toBe(true);
      expect(asText(snapshot(repo))).toEqual(asText(snapshot(path.join(dir, 'after'))));
    }
    const toleranceFile = path.join(dir, 'tolerance');
    if (existsSync(toleranceFile)) {
      const expected = readFileSync(toleranceFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '');
      expect(result.blocks.map((b) => b.tolerance ?? 'exact')).toEqual(expected);
    }
    expect(snapshot(outside)).toEqual(outsideBefore);
  });
});
