import { describe, expect, it } from 'vitest';
import { excerpt } from '../../../src/core/agent/excerpt.js';
import { estimateTokens } from '../../../src/core/model/token-budget.js';

const big = Array.from({ length: 500 }, (_, i) => (i === 300 ? 'def parse_header(raw):' : `value_${i} = compute(${i})`)).join('\n') + '\n';

describe('excerpt', () => {
  it('shows windows around the lines that mention the issue, and marks the gaps', () => {
    const part = excerpt(big, ['parse_header'], 400)!;
    expect(part.ranges).toEqual([[289, 313]]);
    expect(part.text).toContain('def parse_header(raw):');
    expect(part.text.startsWith('⋮ (lines 1-288 not shown)\n')).toBe(true);
    expect(part.text.trimEnd().endsWith('⋮ (lines 314-500 not shown)')).toBe(true);
    expect(estimateTokens(part.text)).toBeLessThanOrEqual(400 + 40);
  });

  it('starts at the top when nothing matches, and gives up when not even one window fits', () => {
    expect(excerpt(big, ['nothing-like-this'], 400)!.ranges).toEqual([[1, 13]]);
    expect(excerpt(big, ['parse_header'], 10)).toBeUndefined();
  });

  it('merges overlapping windows', () => {
    const text = Array.from({ length: 100 }, (_, i) => (i === 40 || i === 50 ? 'target()' : `x${i}`)).join('\n');
    expect(excerpt(text, ['target'], 1000)!.ranges).toEqual([[29, 63]]);
  });
});
