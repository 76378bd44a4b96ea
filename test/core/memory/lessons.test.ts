import { afterEach, describe, expect, it } from 'vitest';
import { embedOffline } from '../../../src/core/memory/offline-embedder.js';
import type { Embedder } from '../../../src/core/model/types.js';
import { memoryFixture, type MemoryFixture } from './fixture.js';

let fixture: MemoryFixture | undefined;
afterEach(() => fixture?.db.close());

const LESSONS = [
  {
    runId: 'r1',
    issue: 'slugify keeps trailing dashes for titles ending in punctuation',
    planSummary: 'trim dashes at both ends',
    files: ['src/text/slug.ts'],
    diffSummary: "replace(/^-|-$/g, '')",
  },
  { runId: 'r2', issue: 'fibonacci(0) should return 0 not 1', planSummary: 'start the loop at a=0', files: ['src/math/fib.py'], diffSummary: 'a, b = 0, 1' },
  {
    runId: 'r3',
    issue: 'server does not answer the health check',
    planSummary: 'register /healthz',
    files: ['src/net/server.go'],
    diffSummary: 'mux.HandleFunc("/healthz"...)',
  },
];

describe('lessons', () => {
  it('retrieves the past fix most like a new issue', async () => {
    fixture = memoryFixture();
    for (const lesson of LESSONS) await fixture.memory.addLesson(lesson);
    const [top] = await fixture.memory.similarLessons('slug has a dash at the end of the title', 2);
    expect(top).toMatchObject({ runId: 'r1', files: ['src/text/slug.ts'], planSummary: 'trim dashes at both ends' });
    expect(top!.score).toBeGreaterThan(0);
    expect((await fixture.memory.similarLessons('healthz endpoint missing', 1))[0]!.runId).toBe('r3');
    expect(await fixture.memory.similarLessons('anything', 0)).toEqual([]);
  });

  it('keeps one lesson per run (a retried run replaces it) and none for other repos', async () => {
    fixture = memoryFixture();
    await fixture.memory.addLesson(LESSONS[0]!);
    await fixture.memory.addLesson({ ...LESSONS[0]!, planSummary: 'second attempt' });
    const hits = await fixture.memory.similarLessons('slugify dashes', 5);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.planSummary).toBe('second attempt');
    const empty = memoryFixture();
    try {
      expect(await empty.memory.similarLessons('slugify dashes')).toEqual([]);
    } finally {
      empty.db.close();
    }
  });

  it('re-embeds lessons once with a new embedder, and records it', async () => {
    fixture = memoryFixture();
    for (const lesson of LESSONS) await fixture.memory.addLesson(lesson);
    const embedded: string[] = [];
    // Another model: the offline features cut to 200 dimensions.
    const other: Embedder = {
      id: 'test:other',
      embed: async (texts) => {
        embedded.push(...texts);
        return texts.map((text) => Array.from(embedOffline(text).subarray(0, 200)));
      },
    };
    const switched = fixture.reopen(other);
    expect((await switched.similarLessons('healthz endpoint missing', 1))[0]!.runId).toBe('r3');
    // Three lessons, then the query.
    expect(embedded).toHaveLength(4);
    const owners = fixture.db
      .prepare('SELECT DISTINCT e.name, e.dim, length(l.vector) AS bytes FROM mem_lessons l JOIN mem_embedders e ON e.id = l.embedder_id')
      .all();
    expect(owners).toEqual([{ name: 'test:other', dim: 200, bytes: 800 }]);
    await switched.similarLessons('slug dash', 1);
    // Up to date now: only the query is embedded.
    expect(embedded).toHaveLength(5);
  });
});
