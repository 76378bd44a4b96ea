import { describe, expect, it, vi } from 'vitest';
import { ProgressReporter } from '../../../src/cli/progress.js';
import { escapeControl, forTerminal } from '../../../src/core/terminal/escape.js';

const OSC52 = '\u001b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u0007';
const TITLE = '\u001b]0;pwned\u0007';
const FORGE = 'tests failed\r\u001b[2K\u001b[1Agates: passed';

describe('escapeControl', () => {
  it('shows C0, DEL and C1 controls as text: clipboard, title, cursor and bare CR cannot act', () => {
    const escaped = escapeControl(`${OSC52}${TITLE}${FORGE}\u009b2J\u007f\u0000`);
    expect(escaped).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(escaped).toBe('\\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\x07\\x1b]0;pwned\\x07tests failed\\x0d\\x1b[2K\\x1b[1Agates: passed\\x9b2J\\x7f\\x00');
  });

  it('keeps newlines, tabs, CRLF line ends and printable Unicode', () => {
    const text = 'a\tb\r\nc\nnaïve → ✓ 日本';
    expect(escapeControl(text)).toBe(text);
  });

  it('escapes on a terminal only; pipes get the text as it is', () => {
    expect(forTerminal(OSC52, true)).toBe(escapeControl(OSC52));
    expect(forTerminal(OSC52, false)).toBe(OSC52);
    expect(forTerminal(OSC52, undefined)).toBe(OSC52);
  });
});

describe('fix progress shows untrusted text without obeying it', () => {
  it('escapes the plan, file names and gate feedback', () => {
    vi.stubEnv('NO_COLOR', '1');
    const chunks: string[] = [];
    const stream = { isTTY: false, write: (text: string) => chunks.push(text) > 0 } as unknown as NodeJS.WriteStream;
    const reporter = new ProgressReporter({ stream });
    reporter.handle({ type: 'plan', plan: { summary: `fix ${TITLE}`, steps: [], files: [`a${OSC52}.py`], verify: '', confidence: 0.5 } });
    reporter.handle({ type: 'gates', passed: false, feedback: FORGE });
    reporter.handle({ type: 'edit-failed', iteration: 1, reflection: 1, feedback: `bad\u001b[31m` });
    const text = chunks.join('');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('\\x1b]0;pwned');
    expect(text).toContain('gates: blocked: tests failed\\x0d');
  });
});
