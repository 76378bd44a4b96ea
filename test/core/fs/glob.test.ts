import { describe, expect, it } from 'vitest';
import { compileGlobs, globRegex, picomatch, primeGlobs } from '../../../src/core/fs/glob.js';

describe('glob', () => {
  it('compiles a policy glob once, with dot: true', () => {
    const regex = globRegex('**/*.pem');
    expect(globRegex('**/*.pem')).toBe(regex);
    expect(regex.test('.ssh/key.pem')).toBe(true);
    expect(regex.test('src/app.py')).toBe(false);
  });

  it('round-trips compiled globs as data: primed expressions are used as they are', () => {
    const data = compileGlobs(['secrets/**', '.env*']);
    expect(Object.keys(data)).toEqual(['secrets/**', '.env*']);
    // A glob not compiled in this process takes the primed expression, whatever it says.
    primeGlobs({ 'primed-only/**': ['^primed$', ''] });
    expect(globRegex('primed-only/**').test('primed')).toBe(true);
    expect(globRegex('primed-only/**').test('primed-only/x')).toBe(false);
    // One compiled here already wins over a primed copy.
    primeGlobs({ 'secrets/**': ['^never$', ''] });
    expect(globRegex('secrets/**').test('secrets/a.txt')).toBe(true);
  });

  it('matches like picomatch itself', () => {
    expect(picomatch(['*.md', 'docs/**'], { dot: true })('docs/a/b.txt')).toBe(true);
    expect(picomatch('*.md')('src/a.md')).toBe(false);
  });
});
