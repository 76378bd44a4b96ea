// Where output goes: results on stdout, progress and diagnostics on stderr.
// Colour only on a TTY and never when NO_COLOR is set.

const colorEnabled = (stream: NodeJS.WriteStream): boolean => Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';

function paint(code: number, stream: NodeJS.WriteStream) {
  return (text: string): string => (colorEnabled(stream) ? `\u001b[${code}m${text}\u001b[0m` : text);
}

export const styleOut = {
  green: paint(32, process.stdout),
  red: paint(31, process.stdout),
  yellow: paint(33, process.stdout),
  dim: paint(2, process.stdout),
  bold: paint(1, process.stdout),
};

export const styleErr = {
  green: paint(32, process.stderr),
  red: paint(31, process.stderr),
  yellow: paint(33, process.stderr),
  dim: paint(2, process.stderr),
  bold: paint(1, process.stderr),
};

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}
