// The chat's first frame, drawn before ink, React and the session load (a few hundred ms
// on a small machine): the prompt is ready for typing as soon as the process starts.
// Keys typed meanwhile are echoed here and handed to ink unchanged, so nothing typed
// early is lost or reordered. Deliberately dependency-free: it must cost nothing to load.

const ESC = '\u001b[';

export interface EarlyScreen {
  /** Erases the early frame and puts the keys typed so far back on stdin, for ink to read. */
  handOver(): void;
}

interface Terminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  color: boolean;
}

export function drawEarlyScreen({ stdin, stdout, color }: Terminal): EarlyScreen {
  const paint = (code: string, text: string): string => (color ? `${ESC}${code}m${text}${ESC}0m` : text);
  let state: EarlyInput = { line: '' };
  const frame = (): string => `\r${ESC}2K${paint('36', '› ')}${visible(state.line)}${paint('7', ' ')}\n\r${ESC}2K${paint('90', 'oryon chat · starting…')}`;

  // 'readable', not 'data': ink reads stdin the same way, and pausing a flowing TTY
  // stream would leave it stopped with nothing to restart it.
  const onReadable = (): void => {
    let chunk: Buffer | string | null;
    while ((chunk = stdin.read() as Buffer | string | null) !== null) state = early(state, chunk.toString());
    if (state.interrupted) {
      // Ctrl-C before the session exists: nothing has started, so nothing to clean.
      stdout.write(`\n${ESC}?25h`);
      stdin.setRawMode(false);
      process.exit(130);
    }
    stdout.write(`${ESC}1A${frame()}`);
  };

  stdin.setRawMode(true);
  stdin.on('readable', onReadable);
  stdout.write(`${ESC}?25l${frame()}`);

  let handed = false;
  return {
    handOver() {
      if (handed) return;
      handed = true;
      stdin.off('readable', onReadable);
      // Back to the first of the two lines, both cleared: ink's first frame draws there.
      stdout.write(`\r${ESC}2K${ESC}1A\r${ESC}2K`);
      const replay = state.sent !== undefined ? `${state.sent}\r` : state.line;
      if (replay) stdin.unshift(Buffer.from(replay));
    },
  };
}

export interface EarlyInput {
  /** The draft on the prompt, edits applied. */
  line: string;
  /** The first message sent with Enter; ink sends it once the session is up. */
  sent?: string;
  interrupted?: boolean;
}

/**
 * The keys typed before ink is up, as ink would apply them: printable text, Backspace,
 * Enter (the first non-empty line is the message to send; ink runs one turn at a time),
 * Ctrl-C. Other control keys and escape sequences (arrows) have nothing to act on yet.
 */
export function early(state: EarlyInput, input: string): EarlyInput {
  let { line, sent } = state;
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (char === '\u0003') return { line, ...(sent !== undefined ? { sent } : {}), interrupted: true };
    if (char === '\u001b') {
      const match = /^\u001b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?/s.exec(input.slice(i));
      i += (match?.[0].length ?? 1) - 1;
    } else if (char === '\u007f' || char === '\b') line = [...line].slice(0, -1).join('');
    else if (char === '\r' || char === '\n') {
      if (sent === undefined && line.trim()) sent = line;
      line = '';
    } else if (char >= ' ' && sent === undefined) line += char;
  }
  return { line, ...(sent !== undefined ? { sent } : {}) };
}

/** The tail of the typed text that fits on one line, with no control characters. */
function visible(text: string): string {
  const columns = Math.max(10, (process.stdout.columns ?? 80) - 4);
  const chars = [...text];
  return chars.length > columns ? chars.slice(-columns).join('') : text;
}
