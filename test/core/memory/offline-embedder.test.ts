import { describe, expect, it } from 'vitest';
import { createOfflineEmbedder, embedOffline, OFFLINE_DIM } from '../../../src/core/memory/offline-embedder.js';

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};

describe('offline embedder', () => {
  it('returns unit vectors of a fixed dimension, deterministically', async () => {
    const embedder = createOfflineEmbedder();
    const [one, two, empty] = await embedder.embed(['parse the config file', 'parse the config file', '']);
    expect(one).toHaveLength(OFFLINE_DIM);
    expect(cosine(one!, one!)).toBeCloseTo(1, 5);
    expect(two).toEqual(one);
    expect(cosine(empty!, empty!)).toBeCloseTo(1, 5);
    expect(embedder.id).toBe(`offline:v1-${OFFLINE_DIM}`);
  });

  it('puts related code and questions closer than unrelated ones', () => {
    const question = embedOffline('how is the configuration loaded');
    const related = embedOffline('export function loadConfiguration(file) { return parse(readFile(file)) }');
    const unrelated = embedOffline('def render_triangle(canvas, color): canvas.fill(color)');
    expect(cosine(question, related)).toBeGreaterThan(cosine(question, unrelated) + 0.1);
  });

  it('meets identifiers written in camelCase and snake_case', () => {
    const camel = embedOffline('parseEditBlocks');
    const snake = embedOffline('parse_edit_blocks');
    const other = embedOffline('renderTriangle');
    expect(cosine(camel, snake)).toBeGreaterThan(0.5);
    expect(cosine(camel, other)).toBeLessThan(0.3);
  });

  it('honours an aborted signal', async () => {
    await expect(createOfflineEmbedder().embed(['x'], AbortSignal.abort())).rejects.toThrow();
    await expect(createOfflineEmbedder().embed(['x'], AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
