import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../src/config/cache-key.js';

describe('cacheKey', () => {
  it('is 16 hex digits, stable, and tells near paths apart', () => {
    expect(cacheKey('/home/me/repo')).toMatch(/^[0-9a-f]{16}$/);
    expect(cacheKey('/home/me/repo')).toBe(cacheKey('/home/me/repo'));
    expect(cacheKey('/home/me/repo')).not.toBe(cacheKey('/home/me/repp'));
    expect(cacheKey('/home/me/répo')).not.toBe(cacheKey('/home/me/repo'));
    // FNV-1a 64 of the empty string is its offset basis.
    expect(cacheKey('')).toBe('cbf29ce484222325');
  });
});
