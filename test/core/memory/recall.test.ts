import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lessonFromFix, memoryRecall, summarizeDiff } from '../../../src/core/memory/index.js';
import type { Embedder } from '../../../src/core/model/types.js';
import { memoryFixture, type MemoryFixture } from './fixture.js';

let fixture: MemoryFixture | undefined;
afterEach(() => fixture?.db.close());

const DIFF = `diff --git a/src/text/slug.ts b/src/text/slug.ts
--- a/src/text/slug.ts
+++ b/src/text/slug.ts
@@ -1,3 +1,3 @@
 export function slugify(title: string): string {
-  return title.toLowerCase();
+  return title.toLowerCase().replace(/^-|-$/g, '');
 }
`;

describe('memoryRecall (the fix loop seam)', () => {
  it('re-indexes what changed, then returns the best chunks, their files and similar lessons', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    await fixture.memory.addLesson(
      lessonFromFix('slugs keep a trailing dash', { runId: 'run-7', plan: { summary: 'trim dashes' }, filesChanged: ['src/text/slug.ts'], diff: DIFF }),
    );
    writeFileSync(
      path.join(fixture.root, 'src/net/server.go'),
      'package net\n\n// ReadinessProbe answers the readiness check.\nfunc ReadinessProbe() bool { return true }\n',
    );
    const recall = await memoryRecall(fixture.memory, { retrieve_chunks: 3, retrieve_lessons: 2 })('the readiness probe and the slug dash');
    expect(recall.error).toBeUndefined();
    expect(recall.chunks.length).toBeLessThanOrEqual(3);
    expect(recall.files).toContain('src/net/server.go');
    expect(recall.chunks.find((c) => c.path === 'src/net/server.go')).toMatchObject({ startLine: 1, endLine: 4 });
    expect(recall.lessons).toEqual([{ runId: 'run-7', issue: 'slugs keep a trailing dash', score: expect.any(Number) }]);
    expect(recall.notes).toContain('slugs keep a trailing dash → trim dashes (files: src/text/slug.ts)');
    expect(recall.notes).toContain("+  return title.toLowerCase().replace(/^-|-$/g, '');");
  });

  it('respects zero limits', async () => {
    fixture = memoryFixture();
    const recall = await memoryRecall(fixture.memory, { retrieve_chunks: 0, retrieve_lessons: 0 })('anything');
    expect(recall).toEqual({ files: [], notes: '', chunks: [], lessons: [] });
  });

  it('degrades to an empty recall that says why when the embedder fails, but passes an abort on', async () => {
    const broken: Embedder = { id: 'broken', embed: async () => Promise.reject(new Error('embedding server went away')) };
    fixture = memoryFixture(undefined, broken);
    const recall = await memoryRecall(fixture.memory, { retrieve_chunks: 3, retrieve_lessons: 1 })('slug');
    expect(recall).toMatchObject({ files: [], chunks: [], error: 'embedding server went away' });
    const controller = new AbortController();
    controller.abort();
    await expect(memoryRecall(fixture.reopen(), { retrieve_chunks: 3, retrieve_lessons: 1 })('slug', controller.signal)).rejects.toThrow();
    await expect(memoryRecall(fixture.reopen(), { retrieve_chunks: 3, retrieve_lessons: 1 })('slug', controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('summarizeDiff', () => {
  it('keeps file names and changed lines only, capped', () => {
    expect(summarizeDiff(DIFF)).toBe("# src/text/slug.ts\n-  return title.toLowerCase();\n+  return title.toLowerCase().replace(/^-|-$/g, '');");
    expect(summarizeDiff(DIFF, 20)).toHaveLength(20);
  });
});
