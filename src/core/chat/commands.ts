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

export type ParsedInput =
  | { kind: 'empty' }
  | { kind: 'command'; name: SlashName; arg: string }
  | { kind: 'unknown-command'; name: string }
  | { kind: 'message'; text: string; mentioned: string[] };

export function parseInput(raw: string): ParsedInput {
  const text = raw.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith('/')) {
    const [name = '', ...rest] = text.split(/\s+/);
    const command = SLASH_COMMANDS.find((candidate) => candidate.name === name);
    if (!command) return { kind: 'unknown-command', name };
    return { kind: 'command', name: command.name, arg: rest.join(' ').trim() };
  }
  return { kind: 'message', text, mentioned: mentions(text) };
}

/** `@path` words in a message (a trailing punctuation mark is not part of the path). */
export function mentions(text: string): string[] {
  return [...new Set([...text.matchAll(/(?:^|\s)@([\w./@-]+[\w/])/g)].map((match) => match[1]!))];
}

export function helpText(): string {
  const width = Math.max(...SLASH_COMMANDS.map((c) => `${c.name} ${c.args}`.length));
  const lines = SLASH_COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.trimEnd().padEnd(width)}  ${c.help}`);
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
export function complete(line: string, files: readonly string[]): string[] {
  if (/^\/\S*$/.test(line)) return SLASH_COMMANDS.filter((c) => c.name.startsWith(line)).map((c) => (c.args ? `${c.name} ` : c.name));
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
