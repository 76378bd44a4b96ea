import { describe, expect, it, vi } from 'vitest';
import type { FixEvent } from '../../src/core/agent/events.js';
import { ProgressReporter } from '../../src/cli/progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, write: (text: string) => chunks.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join('') };
}

const plan = { summary: 'Start fib at 0', steps: ['a'], files: ['fib.py'], verify: 'tests', confidence: 0.8 };

describe('ProgressReporter', () => {
  it('prints one plain line per event that matters when stderr is not a TTY', () => {
    vi.stubEnv('NO_COLOR', '1');
    const { stream, text } = sink(false);
    const reporter = new ProgressReporter({ stream });
    const events: FixEvent[] = [
      { type: 'model-start', purpose: 'plan', iteration: 0, promptTokens: 10 },
      { type: 'model-text', text: '{"summary"' },
      { type: 'model-done', purpose: 'plan', promptTokens: 10, completionTokens: 2, ms: 5 },
      { type: 'plan', plan },
      { type: 'iteration', iteration: 2, max: 4 },
      { type: 'edit', iteration: 2, files: ['a.py', 'b.py'], ok: true },
      { type: 'edit-failed', iteration: 2, reflection: 1, feedback: 'block 1: SEARCH not found\nmore' },
      { type: 'test-start', command: ['npm', 'test'] },
      { type: 'test', passed: false, failed: 3, exitCode: 1, timedOut: false, durationMs: 10 },
      { type: 'commit', branch: 'oryon/x', commit: '0123456789abcdef' },
    ];
    for (const event of events) reporter.handle(event);
    reporter.close();
    expect(text().split('\n')).toEqual([
      'plan: Start fib at 0 (confidence 0.80; files: fib.py)',
      'iteration 2/4',
      'edit: 2 files (a.py, b.py)',
      'edit: not applied (attempt 1): block 1: SEARCH not found',
      'test: running npm test',
      'test: 3 failed',
      'commit: 0123456789 on oryon/x',
      '',
    ]);
    expect(text()).not.toContain('\r');
  });

  it('spins while the model works on a TTY and clears the line before printing', () => {
    vi.useFakeTimers();
    try {
      const { stream, text } = sink(true);
      const reporter = new ProgressReporter({ stream });
      reporter.handle({ type: 'model-start', purpose: 'edit', iteration: 1, promptTokens: 10 });
      reporter.handle({ type: 'model-text', text: 'abcd' });
      vi.advanceTimersByTime(250);
      expect(text()).toContain('edit: waiting for the model (4 chars)');
      reporter.handle({ type: 'model-done', purpose: 'edit', promptTokens: 1, completionTokens: 1, ms: 1 });
      reporter.handle({ type: 'edit', iteration: 1, files: ['a.py'], ok: true });
      expect(text().endsWith('\r\u001b[2Kedit: 1 file (a.py)\n') || text().endsWith('edit: 1 file (a.py)\n')).toBe(true);
      const before = text().length;
      vi.advanceTimersByTime(500);
      expect(text().length).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });
});
