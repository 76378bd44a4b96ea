// Slash commands and `@path` mentions: parsing and Tab completion, as plain data.

export const SLASH_COMMANDS = [
  { name: '/help', args: '', help: 'list the commands' },
  { name: '/ask', args: '<question>', help: 'answer a question about the code (writes nothing)' },
  { name: '/fix', args: '<request>', help: 'change the code: plan, edit, test, gates, then ask before committing' },
  { name: '/mode', args: '<advisor|operator|autopilot|sovereign>', help: "change the autonomy mode (capped by the policy's max_mode)" },
  { name: '/model', args: '<name>', help: 'switch the chat model' },
  { name: '/diff', args: '', help: 'the thread branch against where it started' },
  { name: '/undo', args: '', help: "drop the last change turn's commit from the thread branch" },
  { name: '/runs', args: '', help: "this thread's runs (oryon runs show ID tells each story)" },
  { name: '/clear', args: '', help: 'start a new thread' },
  { name: '/exit', args: '', help: 'end the session' },
] as const;

export type SlashName = (typeof SLASH_COMMANDS)[number]['name'];

/** A slash command a loaded plugin adds: `name` without the slash, as the plugin declares it. */
export interface PluginSlash {
  name: string;
  description: string;
  plugin: string;
}

export type ParsedInput =
  | { kind: 'empty' }
  | { kind: 'command'; name: SlashName; arg: string }
  | { kind: 'plugin-command'; name: string; plugin: string; arg: string }
  | { kind: 'unknown-command'; name: string }
  | { kind: 'message'; text: string; mentioned: string[] };

/** Built-ins win over a plugin's command of the same name (load refuses such a plugin anyway). */
export function parseInput(raw: string, plugins: readonly PluginSlash[] = []): ParsedInput {
  const text = raw.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith('/')) {
    const [name = '', ...rest] = text.split(/\s+/);
    const arg = rest.join(' ').trim();
    const command = SLASH_COMMANDS.find((candidate) => candidate.name === name);
    if (command) return { kind: 'command', name: command.name, arg };
    const added = plugins.find((candidate) => `/${candidate.name}` === name);
    // A plugin gets the rest of the line as typed (spacing and new lines kept).
    if (added) return { kind: 'plugin-command', name: added.name, plugin: added.plugin, arg: text.slice(name.length).trim() };
    return { kind: 'unknown-command', name };
  }
  return { kind: 'message', text, mentioned: mentions(text) };
}

/** Whether a plugin command's name is one of chat's own commands. */
export function isBuiltinCommand(name: string): boolean {
  return SLASH_COMMANDS.some((command) => command.name === `/${name}`);
}

/** `@path` words in a message (a trailing punctuation mark is not part of the path). */
export function mentions(text: string): string[] {
  return [...new Set([...text.matchAll(/(?:^|\s)@([\w./@-]+[\w/])/g)].map((match) => match[1]!))];
}

export function helpText(plugins: readonly PluginSlash[] = []): string {
  const rows = [
    ...SLASH_COMMANDS.map((c) => ({ usage: `${c.name} ${c.args}`.trimEnd(), help: c.help })),
    ...plugins.map((c) => ({ usage: `/${c.name}`, help: `${c.description} (plugin ${c.plugin})` })),
  ];
  const width = Math.max(...rows.map((row) => row.usage.length));
  const lines = rows.map((row) => `  ${row.usage.padEnd(width)}  ${row.help}`);
  return [
    'Type a question or a change request; the model decides which it is (or force it with /ask and /fix).',
    '@path adds a file to the context. Enter sends; Alt+Enter or a trailing \\ adds a line; Esc or Ctrl-C cancels a turn; Ctrl-D exits.',
    ...lines,
  ].join('\n');
}

/**
 * Tab completion for the word being typed at the end of `line`: slash commands at the
 * start of the line, then paths after `@`. Returns the candidates for the whole line.
 */
export function complete(line: string, files: readonly string[], plugins: readonly PluginSlash[] = []): string[] {
  if (/^\/\S*$/.test(line))
    return [
      ...SLASH_COMMANDS.filter((c) => c.name.startsWith(line)).map((c) => (c.args ? `${c.name} ` : c.name)),
      ...plugins.map((c) => `/${c.name}`).filter((name) => name.startsWith(line)),
    ];
  if (line.startsWith('/mode ')) {
    const typed = line.slice(6);
    return ['advisor', 'operator', 'autopilot', 'sovereign'].filter((mode) => mode.startsWith(typed)).map((mode) => `/mode ${mode}`);
  }
  const match = /(^|\s)@([\w./@-]*)$/.exec(line);
  if (!match) return [];
  const typed = match[2]!;
  const head = line.slice(0, line.length - typed.length);
  const candidates = new Set<string>();
  for (const file of files) {
    if (!file.startsWith(typed)) continue;
    // Complete one folder level at a time, as shells do.
    const slash = file.indexOf('/', typed.length);
    candidates.add(slash >= 0 ? file.slice(0, slash + 1) : file);
  }
  return [...candidates]
    .sort()
    .slice(0, 50)
    .map((candidate) => `${head}${candidate}`);
}
