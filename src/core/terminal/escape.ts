// Output of sandboxed commands, the model's text and anything read back from the journal
// is untrusted. Copied raw to a terminal, its control sequences act: OSC 52 writes the
// clipboard, OSC 0 retitles the window, cursor movement and a bare CR overwrite lines so
// the text can forge oryon's own ("gates: passed"). Every C0 and C1 control character
// except newline and tab (and the CR of a CRLF) is shown as a visible escape instead.

// C0 (0x00-0x1f) minus \t and \n, DEL, C1 (0x80-0x9f); a CR only when not before \n.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with control characters made visible (`\x1b]52;c;…` prints as text). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, visible);
}

/** For a stream: escaped on a terminal, the bytes as they are otherwise (pipes, files). */
export function forTerminal(text: string, isTTY: boolean | undefined): string {
  return isTTY ? escapeControl(text) : text;
}
