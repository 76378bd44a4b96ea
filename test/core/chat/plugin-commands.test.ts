// Plugin slash commands in the chat session: run with the rest of the line and the repo,
// their text shown as the command's output; one that throws, returns no text or hangs
// until cancelled ends with a message naming it, and the session goes on.
import { describe, expect, it } from 'vitest';
import type { LoadedPlugin, PluginCommand } from '../../../src/core/plugins/types.js';
import { makeRepo } from '../../helpers/git-repo.js';
import { chatHarness, collect } from './fixture.js';

function plugin(name: string, commands: PluginCommand[]): LoadedPlugin {
  return { name, gates: [], tools: [], commands, source: `./plugins/${name}.mjs` };
}

function session(plugins: LoadedPlugin[]) {
  const repoRoot = makeRepo({ 'a.ts': 'export const a = 1;\n' });
  const { session: chat, threads } = chatHarness(repoRoot, [], { plugins });
  return { chat, repoRoot, threads };
}

describe('plugin slash commands in a chat session', () => {
  it('runs a command with the rest of the line and the repo root; its text is the output; help and Tab list it', async () => {
    const calls: Array<{ args: string; repoRoot: string }> = [];
    const { chat, repoRoot, threads } = session([
      plugin('notes', [
        {
          name: 'todo',
          description: 'list TODOs',
          run: async (args, context) => {
            calls.push({ args, repoRoot: context.repoRoot });
            return `2 TODOs under ${args}\n`;
          },
        },
      ]),
    ]);
    expect(await collect(chat.send('/todo src lib'))).toEqual([
      { type: 'info', message: '2 TODOs under src lib' },
      { type: 'turn-end', kind: 'command', cancelled: false },
    ]);
    expect(calls).toEqual([{ args: 'src lib', repoRoot }]);
    // Like the built-in commands, not a message of the thread.
    expect(threads.messages(chat.threadId)).toEqual([]);

    const help = await collect(chat.send('/help'));
    expect(help[0]).toMatchObject({ type: 'info', message: expect.stringMatching(/\/todo +list TODOs \(plugin notes\)/) });
    expect(await chat.completions('/to')).toEqual(['/todo']);
  });

  it('a command that throws or returns no text ends with an error naming the plugin and command; the session goes on', async () => {
    const { chat } = session([
      plugin('broken', [
        {
          name: 'boom',
          description: 'throws',
          run: () => {
            throw new Error('kaput');
          },
        },
        { name: 'nothing', description: 'returns no text', run: () => undefined as unknown as string },
      ]),
      plugin('fine', [{ name: 'ok', description: 'works', run: () => 'all good' }]),
    ]);
    const thrown = await collect(chat.send('/boom'));
    expect(thrown[0]).toEqual({
      type: 'error',
      message: 'plugin command /boom of plugin broken failed: kaput',
      hint: 'the plugin is loaded from ./plugins/broken.mjs; fix it there or remove it from plugins: in the config',
    });
    expect(thrown[1]).toEqual({ type: 'turn-end', kind: 'command', cancelled: false });
    expect((await collect(chat.send('/nothing')))[0]).toMatchObject({
      type: 'error',
      message: 'plugin command /nothing of plugin broken failed: returned undefined, expected text',
    });
    expect((await collect(chat.send('/ok')))[0]).toEqual({ type: 'info', message: 'all good' });
  });

  it('cancelling a command that hangs ends the turn cancelled, and the plugin sees the signal', async () => {
    let seen: AbortSignal | undefined;
    const { chat } = session([
      plugin('slow', [
        {
          name: 'wait',
          description: 'never answers',
          run: (_args, { signal }) => {
            seen = signal;
            return new Promise<string>(() => undefined);
          },
        },
      ]),
    ]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(await collect(chat.send('/wait', controller.signal))).toEqual([
      { type: 'info', message: 'cancelled' },
      { type: 'turn-end', kind: 'command', cancelled: true },
    ]);
    expect(seen?.aborted).toBe(true);
  });

  it('without plugins the name is an unknown command', async () => {
    const { chat } = session([]);
    expect((await collect(chat.send('/todo')))[0]).toMatchObject({ type: 'error', message: 'unknown command /todo' });
  });
});
