// The remembered list of indexable paths: reused only while the git index and the
// policy's deny globs are what it was listed under.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { indexChecksum } from '../../../src/core/git/index-checksum.js';
import { trackedIndexablePaths } from '../../../src/core/memory/tracked-paths.js';
import { openDatabase, type Database } from '../../../src/core/store/db.js';
import { git, makeRepo, tempDir } from '../../helpers/git-repo.js';

let db: Database | undefined;
afterEach(() => db?.close());

/** Marks the stored list, so a read that returns the mark did not ask git. */
const mark = (database: Database, repo: string): void => void database.prepare("UPDATE mem_tracked SET paths = 'remembered.ts' WHERE repo = ?").run(repo);

describe('tracked indexable paths', () => {
  it('reuses the list while the index is unchanged (editing a tracked file does not change it), and lists again after git add', async () => {
    const root = makeRepo({ 'src/a.ts': 'export const a = 1;\n', 'logo.png': 'png', 'Ünïcode/ß.py': 'x = 1\n' });
    db = openDatabase(path.join(tempDir(), 'oryon.db'));
    const policy = loadPolicy();
    expect((await trackedIndexablePaths(db, 'r', root, policy)).sort()).toEqual(['src/a.ts', 'Ünïcode/ß.py'].sort());
    mark(db, 'r');
    const before = indexChecksum(root);
    writeFileSync(path.join(root, 'src/a.ts'), 'export const a = 2;\n');
    expect(indexChecksum(root)).toBe(before);
    expect(await trackedIndexablePaths(db, 'r', root, policy)).toEqual(['remembered.ts']);

    writeFileSync(path.join(root, 'src/b.ts'), 'export const b = 1;\n');
    git(root, 'add', 'src/b.ts');
    expect(indexChecksum(root)).not.toBe(before);
    expect(await trackedIndexablePaths(db, 'r', root, policy)).toContain('src/b.ts');
  });

  it('lists again when the deny globs change, on a fresh (full) re-index, and per repo', async () => {
    const root = makeRepo({ 'src/a.ts': 'a\n', 'secrets/key.ts': 'k\n' });
    db = openDatabase(path.join(tempDir(), 'oryon.db'));
    const policy = loadPolicy();
    await trackedIndexablePaths(db, 'r', root, policy);
    mark(db, 'r');
    const stricter = { ...policy, paths: { ...policy.paths, deny: [...policy.paths.deny, 'secrets/**'] } };
    expect(await trackedIndexablePaths(db, 'r', root, stricter)).toEqual(['src/a.ts']);
    mark(db, 'r');
    expect(await trackedIndexablePaths(db, 'r', root, stricter, { fresh: true })).toEqual(['src/a.ts']);
    expect((await trackedIndexablePaths(db, 'other', root, policy)).sort()).toEqual(['secrets/key.ts', 'src/a.ts']);
  });

  it('cannot identify an index with a zero checksum (index.skipHash) or named by GIT_INDEX_FILE: git is asked every time', () => {
    const root = makeRepo({ 'src/a.ts': 'a\n' });
    expect(indexChecksum(root, {})).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect(indexChecksum(root, { GIT_INDEX_FILE: path.join(root, '.git', 'other-index') })).toBeUndefined();
    // What git 2.40+ writes with index.skipHash (this machine's git may predate it).
    const index = path.join(root, '.git', 'index');
    const bytes = readFileSync(index);
    bytes.fill(0, bytes.length - 20);
    writeFileSync(index, bytes);
    expect(indexChecksum(root, {})).toBeUndefined();
    expect(indexChecksum(tempDir(), {})).toBeUndefined();
  });
});
