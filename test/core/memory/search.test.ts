import { afterEach, describe, expect, it } from 'vitest';
import { reciprocalRankFusion, RRF_K } from '../../../src/core/memory/hybrid.js';
import { memoryFixture, type MemoryFixture } from './fixture.js';

let fixture: MemoryFixture | undefined;
afterEach(() => fixture?.db.close());

describe('reciprocal rank fusion', () => {
  it('sums 1/(k+rank) over the lists, so agreement beats a single first place', () => {
    const fused = reciprocalRankFusion([
      [1, 2, 3],
      [2, 4, 1],
    ]);
    expect(fused.map((hit) => hit.id)).toEqual([2, 1, 4, 3]);
    expect(fused[0]!.score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
  });

  it('honours list weights and handles empty lists', () => {
    expect(reciprocalRankFusion([[], []])).toEqual([]);
    const fused = reciprocalRankFusion([[1], [2]], [1, 3]);
    expect(fused[0]!.id).toBe(2);
  });
});

describe('hybrid search on a fixture repo', () => {
  it('finds the right chunk for natural-language queries', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    const cases: Array<[string, string, RegExp]> = [
      ['read the yaml settings file from disk', 'src/config/load-settings.ts', /function loadSettings/],
      ['turn a title into a url slug', 'src/text/slug.ts', /function slugify/],
      ['prime numbers sieve', 'src/math/fib.py', /class PrimeSieve/],
      ['http health check endpoint server', 'src/net/server.go', /func StartServer/],
      ['invoices csv importer negative amount', 'docs/usage.md', /importer/],
    ];
    for (const [query, file, content] of cases) {
      const [top] = await fixture.memory.search(query, { k: 3 });
      expect(top, query).toBeDefined();
      expect(`${top!.path}`, query).toBe(file);
      expect(top!.content, query).toMatch(content);
    }
  });

  it('finds a definition by its identifier, split identifiers included', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    const [byName] = await fixture.memory.search('SlugRegistry', { k: 3 });
    expect(byName!.path).toBe('src/text/slug.ts');
    expect(byName!.content).toMatch(/^export class SlugRegistry/);
    const [byParts] = await fixture.memory.search('load settings', { k: 3 });
    expect(byParts!.content).toContain('export function loadSettings');
    const [snake] = await fixture.memory.search('fibonacci', { k: 1 });
    expect(snake!.content).toMatch(/^def fibonacci\(n\):$/m);
    // The module docstring above joins the first function rather than standing alone.
    expect(snake).toMatchObject({ path: 'src/math/fib.py', language: 'python', startLine: 1, endLine: 9 });
  });

  it('both rankings count: vectors find a misspelt query no word of which is indexed', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    // No chunk holds these words, so BM25 has nothing; character trigrams still meet.
    const [misspelt] = await fixture.memory.search('fibonaci numbr', { k: 1 });
    expect(misspelt).toMatchObject({ path: 'src/math/fib.py' });
    expect(misspelt!.content).toContain('def fibonacci');
  });

  it('filters by path glob and by language', async () => {
    fixture = memoryFixture();
    await fixture.memory.index();
    const onlyPython = await fixture.memory.search('slug title url', { k: 5, language: 'python' });
    expect(onlyPython.length).toBeGreaterThan(0);
    expect(onlyPython.every((chunk) => chunk.language === 'python')).toBe(true);
    const onlyDocs = await fixture.memory.search('function', { k: 5, pathGlob: 'docs/**' });
    expect(onlyDocs.map((chunk) => chunk.path)).toContain('docs/usage.md');
    expect(onlyDocs.every((chunk) => chunk.path.startsWith('docs/'))).toBe(true);
    expect(await fixture.memory.search('slugify', { pathGlob: 'nothing/**' })).toEqual([]);
  });

  it('returns k results at most, best first, and nothing for an empty index', async () => {
    fixture = memoryFixture();
    expect(await fixture.memory.search('slugify')).toEqual([]);
    await fixture.memory.index();
    const results = await fixture.memory.search('number', { k: 2 });
    expect(results).toHaveLength(2);
    expect(results[0]!.score).toBeGreaterThanOrEqual(results[1]!.score);
  });
});
