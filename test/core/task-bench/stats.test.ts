import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mcnemarExact, median, pairedTest, wilsonInterval } from '../../../src/core/task-bench/stats.js';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // 8/10 at 95%: 0.4902–0.9433 (Wilson 1927; e.g. Newcombe 1998, table I).
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 3);
    expect(high).toBeCloseTo(0.9433, 3);
    const zero = wilsonInterval(0, 10);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.2775, 3);
    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.7225, 3);
  });

  it('is the whole range with no trials, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });

  it('always holds the observed rate, inside [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, fraction) => {
        const k = Math.round(n * fraction);
        const { low, high } = wilsonInterval(k, n);
        return low >= 0 && high <= 1 && low <= k / n + 1e-12 && high >= k / n - 1e-12;
      }),
    );
  });
});

describe('mcnemarExact', () => {
  it('gives the exact binomial p-value on the discordant pairs', () => {
    // 0 vs 6 discordant: p = 2 * 0.5^6 = 0.03125.
    expect(mcnemarExact(0, 6).pValue).toBeCloseTo(0.03125, 10);
    expect(mcnemarExact(0, 6).significant).toBe(true);
    // 1 vs 5: 2 * (1 + 6) / 64 = 0.21875.
    expect(mcnemarExact(1, 5).pValue).toBeCloseTo(0.21875, 10);
    expect(mcnemarExact(5, 1).pValue).toBeCloseTo(0.21875, 10);
    expect(mcnemarExact(1, 5).significant).toBe(false);
    // 2 vs 12: sum_{i<=2} C(14,i) / 2^14 = (1 + 14 + 91) / 16384, doubled.
    expect(mcnemarExact(2, 12).pValue).toBeCloseTo((2 * 106) / 16384, 10);
  });

  it('is 1 when the configurations never disagree, and capped at 1', () => {
    expect(mcnemarExact(0, 0).pValue).toBe(1);
    expect(mcnemarExact(3, 3).pValue).toBe(1);
  });

  it('counts only the discordant pairs', () => {
    const result = pairedTest([
      [true, true],
      [false, false],
      [true, false],
      [false, true],
      [false, true],
    ]);
    expect(result.onlyA).toBe(1);
    expect(result.onlyB).toBe(2);
  });
});

describe('median', () => {
  it('handles odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
