import { afterEach, describe, expect, it } from 'vitest';
import { memoryFixture, type MemoryFixture } from './fixture.js';

let fixture: MemoryFixture | undefined;
afterEach(() => fixture?.db.close());

const LESSONS = [
  { runId: 'r1', issue: 'slugify keeps trailing dashes for titles ending in punctuation', planSummary: 'trim dashes at both ends', files: ['src/text/slug.ts'], diffSummary: "replace(/^-|-$/g, '')" },
  { runId: 'r2', issue: 'fibonacci(0) should return 0 not 1', planSummary: 'start the loop at a=0', files: ['src/math/fib.py'], diffSummary: 'a, b = 0, 1' },
  { runId: 'r3', issue: 'server does not answer the health check', planSummary: 'register /healthz', files: ['src/net/server.go'], diffSummary: 'mux.HandleFunc("/healthz"...)' },
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
});
