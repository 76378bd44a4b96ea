import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOfflineEmbedder, embedOffline } from '../../../src/core/memory/offline-embedder.js';
import type { Embedder } from '../../../src/core/model/types.js';
import { git, writeFile } from '../../helpers/git-repo.js';
import { FIXTURE_FILES, memoryFixture, type MemoryFixture } from './fixture.js';

/** The offline embedder, counting what it is asked to embed. */
function countingEmbedder(id = 'offline:v1-384'): Embedder & { texts: string[] } {
  const texts: string[] = [];
  return {
    id,
    texts,
    async embed(batch) {
      texts.push(...batch);
      return batch.map((text) => Array.from(embedOffline(text)));
    },
  };
}

let fixture: MemoryFixture | undefined;
afterEach(() => fixture?.db.close());

const paths = (f: MemoryFixture) => f.db.prepare('SELECT path FROM mem_files WHERE repo = ? ORDER BY path').pluck().all(f.memory.repo) as string[];
const chunkCount = (f: MemoryFixture, file: string) =>
  f.db.prepare('SELECT count(*) FROM mem_chunks WHERE repo = ? AND path = ?').pluck().get(f.memory.repo, file) as number;

describe('RepoMemory.index', () => {
  it('indexes tracked text files, respecting .gitignore and the policy deny list', async () => {
    fixture = memoryFixture({ ...FIXTURE_FILES, 'config/id_rsa.key': 'PRIVATE\n', 'img/logo.png': '\u0000PNG', 'data/blob.dat': 'a\u0000b\n' });
    writeFile(fixture.root, 'build/out.js', 'function ignored() {}\n');
    writeFile(fixture.root, 'untracked.ts', 'export const notYet = 1;\n');
    const stats = await fixture.memory.index();
    expect(paths(fixture)).toEqual(['.gitignore', 'docs/usage.md', 'src/config/load-settings.ts', 'src/math/fib.py', 'src/net/server.go', 'src/text/slug.ts']);
    expect(stats).toMatchObject({ files: 6, removed: 0, embedder: 'offline:v1-384' });
    expect(stats.embedded).toBe(stats.chunks);
    expect(fixture.memory.stats()).toMatchObject({ files: 6, chunks: stats.chunks, vectors: stats.chunks, embedder: 'offline:v1-384' });
    const all = fixture.db.prepare('SELECT group_concat(content) FROM mem_chunks').pluck().get() as string;
    expect(all).not.toContain('do-not-index-me');
    expect(all).not.toContain('PRIVATE');
  });

  it('does nothing on a second run when nothing changed', async () => {
    const embedder = countingEmbedder();
    fixture = memoryFixture(FIXTURE_FILES, embedder);
    await fixture.memory.index();
    const before = embedder.texts.length;
    const again = await fixture.memory.index();
    expect(again).toMatchObject({ files: 0, chunks: 0, embedded: 0, removed: 0 });
    expect(embedder.texts.length).toBe(before);
  });

  it('re-chunks an edited file and embeds only its changed chunks', async () => {
    const embedder = countingEmbedder();
    fixture = memoryFixture(FIXTURE_FILES, embedder);
    await fixture.memory.index();
    embedder.texts.length = 0;
    const file = path.join(fixture.root, 'src/text/slug.ts');
    writeFileSync(file, FIXTURE_FILES['src/text/slug.ts']!.replace('dashes between words', 'hyphens between words'));
    const stats = await fixture.memory.index();
    expect(stats.files).toBe(1);
    expect(stats.embedded).toBe(1);
    expect(embedder.texts).toHaveLength(1);
    expect(embedder.texts[0]).toContain('hyphens between words');
    const [top] = await fixture.memory.search('hyphens between words', { k: 1 });
    expect(top!.path).toBe('src/text/slug.ts');
  });

  it('notices an edit that keeps the size and the mtime (content hash, racy-clean rule)', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    const file = path.join(fixture.root, 'docs/usage.md');
    const original = FIXTURE_FILES['docs/usage.md']!;
    writeFileSync(file, original.replace('invoices', 'receipts'));
    const stamp = new Date(Date.now() - 60_000);
    utimesSync(file, stamp, stamp);
    // Pretend the last index ran long ago, so the stat fast path would apply.
    fixture.db.prepare('UPDATE mem_files SET indexed_at = 0').run();
    const stats = await fixture.memory.index();
    // Same size, new mtime: hashed and found changed.
    expect(stats.files).toBe(1);
    expect((await fixture.memory.search('receipts', { k: 1 }))[0]!.path).toBe('docs/usage.md');
  });

  it('adds new files and removes deleted ones with their chunks, text and vectors', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    writeFile(fixture.root, 'src/geo/area.ts', 'export function circleArea(radius: number) {\n  return Math.PI * radius * radius;\n}\n');
    git(fixture.root, 'add', 'src/geo/area.ts');
    git(fixture.root, 'rm', '-q', 'src/net/server.go');
    const stats = await fixture.memory.index();
    expect(stats).toMatchObject({ files: 1, removed: 1 });
    expect(paths(fixture)).toContain('src/geo/area.ts');
    expect(paths(fixture)).not.toContain('src/net/server.go');
    expect(chunkCount(fixture, 'src/net/server.go')).toBe(0);
    expect((await fixture.memory.search('circle area radius', { k: 1 }))[0]!.path).toBe('src/geo/area.ts');
    expect((await fixture.memory.search('StartServer healthz')).some((c) => c.path === 'src/net/server.go')).toBe(false);
    // Text index and vectors hold exactly the live chunks.
    const live = fixture.db.prepare('SELECT count(*) FROM mem_chunks').pluck().get() as number;
    const fts = fixture.db.prepare("SELECT count(*) FROM mem_chunks_fts WHERE mem_chunks_fts MATCH 'healthz'").pluck().get() as number;
    expect(fts).toBe(0);
    expect(fixture.db.prepare('SELECT count(*) FROM mem_vecf_1').pluck().get()).toBe(live);
  });

  it('handles a rename by moving chunks, without embedding anything again', async () => {
    const embedder = countingEmbedder();
    fixture = memoryFixture(FIXTURE_FILES, embedder);
    await fixture.memory.index();
    const chunksBefore = chunkCount(fixture, 'src/math/fib.py');
    embedder.texts.length = 0;
    mkdirSync(path.join(fixture.root, 'src/numbers'));
    git(fixture.root, 'mv', 'src/math/fib.py', 'src/numbers/sequences.py');
    const stats = await fixture.memory.index();
    expect(stats).toMatchObject({ files: 1, removed: 1, embedded: 0 });
    expect(embedder.texts).toEqual([]);
    expect(chunkCount(fixture, 'src/numbers/sequences.py')).toBe(chunksBefore);
    const [top] = await fixture.memory.search('PrimeSieve', { k: 1 });
    expect(top!.path).toBe('src/numbers/sequences.py');
    // The full-text index follows the new path too.
    const byPath = fixture.db.prepare("SELECT count(*) FROM mem_chunks_fts WHERE mem_chunks_fts MATCH 'path:sequence'").pluck().get();
    expect(byPath).toBe(chunksBefore);
  });

  it('drops a file that is deleted from disk but still tracked, and one the policy now denies', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    rmSync(path.join(fixture.root, 'docs/usage.md'));
    const denying = { ...fixture.policy, paths: { ...fixture.policy.paths, deny: [...fixture.policy.paths.deny, 'src/net/**'] } };
    const memory = (await import('../../../src/core/memory/index.js')).RepoMemory.open(fixture.db, fixture.root, createOfflineEmbedder(), denying);
    const stats = await memory.index();
    expect(stats.removed).toBe(2);
    expect(paths(fixture)).not.toContain('docs/usage.md');
    expect(paths(fixture)).not.toContain('src/net/server.go');
  });

  it('--full re-chunks and re-embeds everything', async () => {
    const embedder = countingEmbedder();
    fixture = memoryFixture(FIXTURE_FILES, embedder);
    const first = await fixture.memory.index();
    embedder.texts.length = 0;
    const full = await fixture.memory.index({ full: true });
    expect(full.files).toBe(first.files);
    expect(full.embedded).toBe(first.embedded);
    expect(fixture.memory.stats().chunks).toBe(first.chunks);
  });

  it('re-embeds every chunk when the embedder changes, and records which one made each vector', async () => {
    fixture = memoryFixture();
    const first = await fixture.memory.index();
    const other = countingEmbedder('test:other-embedder');
    const switched = fixture.reopen(other);
    const stats = await switched.index();
    expect(stats.files).toBe(0);
    expect(stats.embedded).toBe(first.chunks);
    expect(switched.stats()).toMatchObject({ embedder: 'test:other-embedder', vectors: first.chunks });
    const owners = fixture.db.prepare('SELECT DISTINCT e.name FROM mem_chunks c JOIN mem_embedders e ON e.id = c.embedder_id').pluck().all();
    expect(owners).toEqual(['test:other-embedder']);
    // The first embedder's vectors are gone, not orphaned.
    expect(fixture.db.prepare('SELECT count(*) FROM mem_vecf_1').pluck().get()).toBe(0);
    expect((await switched.search('PrimeSieve', { k: 1 }))[0]!.path).toBe('src/math/fib.py');
  });

  it('reports progress and stops when aborted', async () => {
    fixture = memoryFixture();
    const seen: number[] = [];
    await fixture.memory.index({ onProgress: (p) => seen.push(p.embedded) });
    expect(seen.at(-1)).toBe(fixture.memory.stats().vectors);
    const controller = new AbortController();
    controller.abort();
    await expect(fixture.reopen().index({ full: true, signal: controller.signal })).rejects.toThrow();
    await expect(fixture.reopen().index({ full: true, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

// A rename git does not know of yet: the old path is gone, the new one is untracked.
describe('RepoMemory.index with an untracked rename', () => {
  it('keeps indexing only tracked paths', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    renameSync(path.join(fixture.root, 'src/text/slug.ts'), path.join(fixture.root, 'src/text/slug-moved.ts'));
    const stats = await fixture.memory.index();
    expect(stats.removed).toBe(1);
    expect(paths(fixture)).not.toContain('src/text/slug-moved.ts');
  });
});
