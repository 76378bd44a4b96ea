import { describe, expect, it } from 'vitest';
import { memoryIndexOptions } from '../../src/cli/fast-paths.js';

describe('memoryIndexOptions', () => {
  it('reads the flags commander would for `memory index`', () => {
    expect(memoryIndexOptions(['memory', 'index'])).toEqual({});
    expect(memoryIndexOptions(['memory', 'index', '--full', '--json', '--debug'])).toEqual({ full: true, json: true, debug: true });
    expect(memoryIndexOptions(['memory', 'index', '--repo', '/tmp/a b'])).toEqual({ repo: '/tmp/a b' });
    expect(memoryIndexOptions(['memory', 'index', '--repo=/tmp/x', '--json'])).toEqual({ repo: '/tmp/x', json: true });
    // Commander takes the next word as the value, whatever it looks like.
    expect(memoryIndexOptions(['memory', 'index', '--repo', '--json'])).toEqual({ repo: '--json' });
  });

  it('leaves anything else to the full CLI', () => {
    for (const args of [
      ['memory', 'search', 'x'],
      ['memory'],
      ['index'],
      ['memory', 'index', '--model', 'm'],
      ['memory', 'index', '--mode', 'advisor'],
      ['memory', 'index', '--repo'],
      ['memory', 'index', '--repo='],
      ['memory', 'index', '--help'],
      ['memory', 'index', 'extra'],
      ['memory', 'index', '--log-format', 'json'],
    ]) {
      expect(memoryIndexOptions(args), args.join(' ')).toBeUndefined();
    }
  });
});
