import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RepoMemory } from '../../../src/core/memory/index.js';
import { createOfflineEmbedder } from '../../../src/core/memory/offline-embedder.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { FIXTURE_FILES, memoryFixture, type MemoryFixture } from './fixture.js';

let fixture: MemoryFixture | undefined;
afterEach(() => fixture?.db.close());

/** Whether the marker is anywhere in the database file or its WAL, in any letter case. */
function onDisk(f: MemoryFixture, marker: string): boolean {
  const needle = Buffer.from(marker.toLowerCase());
  return [f.dbFile, `${f.dbFile}-wal`].some(
    (file) => existsSync(file) && Buffer.from(readFileSync(file).toString('latin1').toLowerCase(), 'latin1').includes(needle),
  );
}

/** Whether these exact bytes are anywhere in the database file or its WAL. */
function bytesOnDisk(f: MemoryFixture, bytes: Buffer): boolean {
  return [f.dbFile, `${f.dbFile}-wal`].some((file) => existsSync(file) && readFileSync(file).includes(bytes));
}

/** Every term the chunk text index still holds. */
function ftsTerms(f: MemoryFixture): string[] {
  f.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'mem_chunks_fts', 'row')");
  return f.db.prepare('SELECT term FROM temp.vocab').pluck().all() as string[];
}

function addRun(f: MemoryFixture, id: string, issue: string): void {
  f.db
    .prepare("INSERT INTO runs (id, repo, issue, mode, model, status, started_at) VALUES (?, ?, ?, 'operator', 'm', 'succeeded', ?)")
    .run(id, f.memory.repo, issue, Date.now());
  f.db.prepare("INSERT INTO steps (run_id, seq, kind, prompt, outcome, started_at) VALUES (?, 1, 'plan', ?, 'ok', ?)").run(id, issue, Date.now());
}

describe('RepoMemory.forget leaves no trace', () => {
  it('--path: the chunks, their text index entries and their vectors are gone from the file and the WAL', async () => {
    const marker = 'Qzxmarker7781';
    fixture = memoryFixture({ ...FIXTURE_FILES, 'secret/notes.md': `# Notes\n\nThe vault phrase is ${marker} and nobody may know it.\n` });
    await fixture.memory.index();
    fixture.db.pragma('wal_checkpoint(TRUNCATE)');
    // The check can see the marker at all: it is on disk before forgetting.
    expect(onDisk(fixture, marker)).toBe(true);
    expect(ftsTerms(fixture)).toContain(marker.toLowerCase());
    // The chunk's vectors too: the float32 one and the binary-quantized one in vec0.
    const id = fixture.db.prepare("SELECT id FROM mem_chunks WHERE path = 'secret/notes.md'").pluck().get() as number;
    const float = fixture.db.prepare('SELECT embedding FROM mem_vecf_1 WHERE id = ?').pluck().get(id) as Buffer;
    const coarse = fixture.db.prepare('SELECT coarse FROM mem_vec_1 WHERE rowid = ?').pluck().get(id) as Buffer;
    expect(float.length).toBe(384 * 4);
    expect(coarse.length).toBe(512 / 8);
    expect(bytesOnDisk(fixture, float)).toBe(true);
    expect(bytesOnDisk(fixture, coarse)).toBe(true);

    const removed = fixture.memory.forget({ pathGlob: 'secret/**' });
    expect(removed).toBe(1);
    fixture.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(onDisk(fixture, marker)).toBe(false);
    expect(bytesOnDisk(fixture, float)).toBe(false);
    expect(bytesOnDisk(fixture, coarse)).toBe(false);
    expect(ftsTerms(fixture)).not.toContain(marker.toLowerCase());
    expect((await fixture.memory.search(marker)).filter((c) => c.path.startsWith('secret/'))).toEqual([]);
    // Everything else is still there and searchable.
    expect((await fixture.memory.search('PrimeSieve', { k: 1 }))[0]!.path).toBe('src/math/fib.py');
  });

  it('--run: the run, its steps and the lesson it taught are gone for good', async () => {
    const marker = 'Runmarker4242';
    fixture = memoryFixture();
    addRun(fixture, 'run-1', `fix the ${marker} crash`);
    addRun(fixture, 'run-2', 'unrelated issue');
    await fixture.memory.addLesson({
      runId: 'run-1',
      issue: `fix the ${marker} crash`,
      planSummary: 'guard null',
      files: ['src/a.ts'],
      diffSummary: `+ if (!${marker}) return;`,
    });
    await fixture.memory.addLesson({ runId: 'run-2', issue: 'unrelated issue', planSummary: 'p', files: [], diffSummary: 'd' });
    fixture.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(onDisk(fixture, marker)).toBe(true);
    const vector = fixture.db.prepare("SELECT vector FROM mem_lessons WHERE run_id = 'run-1'").pluck().get() as Buffer;
    expect(bytesOnDisk(fixture, vector)).toBe(true);

    expect(fixture.memory.forget({ runId: 'run-1' })).toBe(2);
    fixture.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(onDisk(fixture, marker)).toBe(false);
    expect(bytesOnDisk(fixture, vector)).toBe(false);
    expect(fixture.db.prepare('SELECT count(*) FROM steps').pluck().get()).toBe(1);
    expect((await fixture.memory.similarLessons('crash')).map((l) => l.runId)).toEqual(['run-2']);
    // Forgotten already, or never there: refused with exit 2, not reported as done.
    expect(() => fixture!.memory.forget({ runId: 'run-1' })).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining('no run "run-1"') }),
    );
  });

  it("--all: this repo's chunks, lessons, runs and threads go; another repo's stay", async () => {
    const marker = 'Allmarker9090';
    fixture = memoryFixture({ ...FIXTURE_FILES, 'notes.md': `${marker}\n` });
    await fixture.memory.index();
    addRun(fixture, 'run-a', marker);
    fixture.db.prepare("INSERT INTO threads (id, repo, title, created_at, updated_at) VALUES ('t1', ?, ?, 1, 1)").run(fixture.memory.repo, marker);
    fixture.db.prepare("INSERT INTO messages (thread_id, seq, role, content, created_at) VALUES ('t1', 1, 'user', ?, 1)").run(marker);
    const otherRoot = makeRepo({ 'keep.md': 'keepme phrase\n' });
    const other = RepoMemory.open(fixture.db, otherRoot, createOfflineEmbedder(), fixture.policy);
    await other.index();

    expect(fixture.memory.forget({ all: true })).toBeGreaterThan(3);
    fixture.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(onDisk(fixture, marker)).toBe(false);
    expect(fixture.memory.stats()).toMatchObject({ files: 0, chunks: 0, vectors: 0 });
    for (const table of ['runs', 'threads', 'messages', 'steps']) {
      expect(fixture.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect(other.stats().files).toBe(1);
    expect((await other.search('keepme', { k: 1 }))[0]!.path).toBe('keep.md');
  });
});
