import { describe, expect, it } from 'vitest';
import { complete, mentions, parseInput } from '../../../src/core/chat/commands.js';

describe('chat input', () => {
  it('parses slash commands, unknown ones, and messages with @path mentions', () => {
    expect(parseInput('/fix make it faster')).toEqual({ kind: 'command', name: '/fix', arg: 'make it faster' });
    expect(parseInput('/nope')).toEqual({ kind: 'unknown-command', name: '/nope' });
    expect(parseInput('  ')).toEqual({ kind: 'empty' });
    expect(parseInput('why does @src/cart.py fail, and @README.md?')).toEqual({
      kind: 'message',
      text: 'why does @src/cart.py fail, and @README.md?',
      mentioned: ['src/cart.py', 'README.md'],
    });
    expect(mentions('mail me@example.com')).toEqual([]);
  });

  it('completes commands, modes and paths one folder at a time', () => {
    const files = ['src/cart.py', 'src/checkout/pay.py', 'tests/test_cart.py'];
    expect(complete('/he', files)).toEqual(['/help']);
    expect(complete('/m', files)).toEqual(['/mode ', '/model ']);
    expect(complete('/mode s', files)).toEqual(['/mode sovereign']);
    expect(complete('look at @sr', files)).toEqual(['look at @src/']);
    expect(complete('look at @src/c', files)).toEqual(['look at @src/cart.py', 'look at @src/checkout/']);
    expect(complete('no mention', files)).toEqual([]);
  });
});
