import { describe, expect, it } from 'vitest';
import { complete, helpText, mentions, parseInput, type PluginSlash } from '../../../src/core/chat/commands.js';

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

  describe('with plugin commands (passed as data)', () => {
    const plugins: PluginSlash[] = [
      { name: 'console-logs', description: 'list console.log in changed lines', plugin: 'no-console-log' },
      { name: 'todo', description: 'list TODOs', plugin: 'notes' },
    ];

    it('parses a plugin command with its arguments; built-ins and unknown names are as before', () => {
      expect(parseInput('/console-logs src  lib', plugins)).toEqual({
        kind: 'plugin-command',
        name: 'console-logs',
        plugin: 'no-console-log',
        arg: 'src  lib',
      });
      expect(parseInput('/todo', plugins)).toEqual({ kind: 'plugin-command', name: 'todo', plugin: 'notes', arg: '' });
      expect(parseInput('/help', plugins)).toEqual({ kind: 'command', name: '/help', arg: '' });
      expect(parseInput('/nope', plugins)).toEqual({ kind: 'unknown-command', name: '/nope' });
      // Without the plugins, the same line is an unknown command.
      expect(parseInput('/todo')).toEqual({ kind: 'unknown-command', name: '/todo' });
    });

    it('completes plugin commands after the built-ins', () => {
      expect(complete('/co', [], plugins)).toEqual(['/console-logs']);
      expect(complete('/', [], plugins).slice(-2)).toEqual(['/console-logs', '/todo']);
      expect(complete('/', [], plugins)[0]).toBe('/help');
    });

    it('lists them in /help, marked with the plugin', () => {
      const help = helpText(plugins).split('\n');
      expect(help).toContainEqual(expect.stringMatching(/^ {2}\/console-logs +list console\.log in changed lines \(plugin no-console-log\)$/));
      expect(help).toContainEqual(expect.stringMatching(/^ {2}\/todo +list TODOs \(plugin notes\)$/));
      expect(helpText()).not.toContain('plugin');
    });
  });
});
