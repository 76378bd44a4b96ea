import path from 'node:path';

// Programs that start another program named in their arguments (`env -S "curl …"`,
// `timeout 5 curl …`). The command decision looks through them at the program they
// start, or the allowlist is only as strong as its weakest wrapper. Parsing follows
// GNU coreutils/util-linux/findutils: an option we do not know is taken to have no
// value, so a mis-parse names an option value as "the program", which the allowlist
// then refuses (it fails closed, never open).
//
// Left out on purpose: `sudo`/`doas` (no privilege inside the sandbox), `find -exec`,
// `parallel`, `watch` and interpreters (`python -c`): those are programs in their own
// right and must be allowed by name before they can run anything.

interface WrapperSpec {
  /** Short options that take a value (attached `-n5` or the next word `-n 5`). */
  shortValue: string;
  /** Long options that take a value (`--name=V` or `--name V`). */
  longValue: readonly string[];
  /** Words that follow the options before the program (timeout's DURATION). */
  positionals: number;
  /** `-5` is an option (nice's old adjustment form). */
  numericOption?: boolean;
  /** `NAME=value` words before the program set the environment (env). */
  assignments?: boolean;
  /** The short option whose value is split into words that take its place (env's -S). */
  splitShort?: string;
}

const SPECS: Record<string, WrapperSpec> = {
  env: { shortValue: 'uCSa', longValue: ['unset', 'chdir', 'split-string', 'argv0'], positionals: 0, assignments: true, splitShort: 'S' },
  nice: { shortValue: 'n', longValue: ['adjustment'], positionals: 0, numericOption: true },
  nohup: { shortValue: '', longValue: [], positionals: 0 },
  setsid: { shortValue: '', longValue: [], positionals: 0 },
  stdbuf: { shortValue: 'ioe', longValue: ['input', 'output', 'error'], positionals: 0 },
  timeout: { shortValue: 'sk', longValue: ['signal', 'kill-after'], positionals: 1 },
  ionice: { shortValue: 'cn', longValue: ['class', 'classdata'], positionals: 0 },
  time: { shortValue: 'fo', longValue: ['format', 'output'], positionals: 0 },
  xargs: {
    shortValue: 'adEILnPs',
    longValue: ['arg-file', 'delimiter', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
    positionals: 0,
  },
};

export const WRAPPERS: ReadonlySet<string> = new Set(Object.keys(SPECS));

/**
 * Shell-like word splitting with '…', "…" and backslash escapes, as `env -S` does
 * (also its `\_` for a space); `${VAR}` is kept as written, so a program hidden in a
 * variable is named `${VAR}` and refused.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) word += unescape(text[++i]!);
      else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      if (next === '_') {
        if (inWord) words.push(word);
        word = '';
        inWord = false;
      } else {
        word += unescape(next);
        inWord = true;
      }
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function unescape(char: string): string {
  return ({ _: ' ', t: '\t', n: '\n' } as Record<string, string>)[char] ?? char;
}

/**
 * The command line a wrapper chain would run: `env -i A=1 -S "curl -s x"` → `curl -s x`,
 * `nice -n5 timeout 3 python3 t.py` → `python3 t.py`. Returns argv itself when argv[0]
 * is no wrapper; an empty array when the wrapper runs nothing (`env` prints).
 */
export function unwrapCommand(argv: readonly string[]): string[] {
  let words = [...argv];
  while (words.length > 0) {
    const spec = SPECS[path.basename(words[0]!)];
    if (!spec) return words;
    words = afterOptions(spec, words.slice(1));
  }
  return words;
}

function afterOptions(spec: WrapperSpec, args: string[]): string[] {
  const words = [...args];
  let index = 0;
  let positionals = spec.positionals;
  while (index < words.length) {
    const word = words[index]!;
    if (word === '--') {
      index++;
      break;
    }
    if (word.startsWith('--')) {
      const [name, attached] = splitLong(word.slice(2));
      const takesValue = spec.longValue.includes(name);
      const value = attached ?? (takesValue ? words[index + 1] : undefined);
      index += takesValue && attached === undefined ? 2 : 1;
      if (name === 'split-string' && value !== undefined) {
        // The split words take the place of the option, and env goes on parsing them.
        words.splice(index, 0, ...splitWords(value));
      }
      continue;
    }
    if (word === '-') {
      index++; // env's old spelling of -i
      continue;
    }
    if (word.startsWith('-') && word.length > 1 && !(spec.numericOption && /^-\d+$/.test(word))) {
      index = shortCluster(spec, words, index);
      continue;
    }
    if (spec.numericOption && /^-\d+$/.test(word)) {
      index++;
      continue;
    }
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      index++;
      continue;
    }
    if (positionals > 0) {
      positionals--;
      index++;
      continue;
    }
    break;
  }
  return words.slice(index);
}

function splitLong(option: string): [string, string | undefined] {
  const eq = option.indexOf('=');
  return eq < 0 ? [option, undefined] : [option.slice(0, eq), option.slice(eq + 1)];
}

/** `-iS "curl x"`, `-Scurl`, `-n5`: returns the index after the cluster (and its value). */
function shortCluster(spec: WrapperSpec, words: string[], index: number): number {
  const cluster = words[index]!;
  for (let c = 1; c < cluster.length; c++) {
    const letter = cluster[c]!;
    if (!spec.shortValue.includes(letter)) continue;
    const attached = cluster.slice(c + 1);
    const value = attached !== '' ? attached : words[index + 1];
    const next = attached !== '' ? index + 1 : index + 2;
    if (letter === spec.splitShort && value !== undefined) words.splice(next, 0, ...splitWords(value));
    return next;
  }
  return index + 1;
}
