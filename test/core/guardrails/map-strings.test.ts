import { describe, expect, it } from 'vitest';
import { mapStrings } from '../../../src/core/guardrails/map-strings.js';

describe('mapStrings', () => {
  it('maps every string at any depth and leaves other values, keys and the input alone', () => {
    const input = { path: 'a', args: ['b', 1, null, { deep: 'c', ok: true }], n: 2 };
    expect(mapStrings(input, (text) => text.toUpperCase())).toEqual({ path: 'A', args: ['B', 1, null, { deep: 'C', ok: true }], n: 2 });
    expect(input.path).toBe('a');
    expect(mapStrings('x"y', (text) => `<${text}>`)).toBe('<x"y>');
  });
});
