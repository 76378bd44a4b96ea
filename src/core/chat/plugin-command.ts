// A plugin's slash command as a chat turn: the text it returns is the command's output.
// One that throws, returns something other than text, or is cancelled ends with a
// message naming the plugin and the command, and the session goes on.
import type { LoadedPlugin, PluginCommand } from '../plugins/types.js';
import type { PluginSlash } from './commands.js';
import type { ChatEvent } from './events.js';

/** The commands the loaded plugins add, as the data parsing, help and completion take. */
export function pluginSlashes(plugins: readonly LoadedPlugin[]): PluginSlash[] {
  return plugins.flatMap((plugin) => plugin.commands.map(({ name, description }) => ({ name, description, plugin: plugin.name })));
}

export function findPluginCommand(
  plugins: readonly LoadedPlugin[],
  pluginName: string,
  name: string,
): { plugin: LoadedPlugin; command: PluginCommand } | undefined {
  const plugin = plugins.find((candidate) => candidate.name === pluginName);
  const command = plugin?.commands.find((candidate) => candidate.name === name);
  return plugin && command ? { plugin, command } : undefined;
}

export async function* runPluginCommand(
  plugin: LoadedPlugin,
  command: PluginCommand,
  arg: string,
  repoRoot: string,
  signal?: AbortSignal,
): AsyncGenerator<ChatEvent> {
  const id = `/${command.name} of plugin ${plugin.name}`;
  try {
    const result = await untilAborted(
      Promise.resolve().then(() => command.run(arg, { repoRoot, ...(signal ? { signal } : {}) })),
      signal,
    );
    if (typeof result !== 'string') throw new Error(`returned ${result === null ? 'null' : typeof result}, expected text`);
    yield { type: 'info', message: result.trimEnd() || `${id}: no output` };
    yield { type: 'turn-end', kind: 'command', cancelled: false };
  } catch (error) {
    if (signal?.aborted) {
      yield { type: 'info', message: 'cancelled' };
      yield { type: 'turn-end', kind: 'command', cancelled: true };
      return;
    }
    yield {
      type: 'error',
      message: `plugin command ${id} failed: ${(error as Error)?.message ?? String(error)}`,
      hint: `the plugin is loaded from ${plugin.source}; fix it there or remove it from plugins: in the config`,
    };
    yield { type: 'turn-end', kind: 'command', cancelled: false };
  }
}

/** Esc or Ctrl-C ends the turn even when the plugin ignores the signal. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new DOMException('cancelled', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DOMException('cancelled', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
