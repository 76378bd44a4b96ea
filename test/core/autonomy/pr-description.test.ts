import { describe, expect, it } from 'vitest';
import { prDescription, prTitle, type PrFacts } from '../../../src/core/autonomy/pr-description.js';
import { manualCommand } from '../../../src/core/autonomy/pr-tool.js';
import { changedLines } from '../../../src/core/autonomy/sovereign.js';

const facts: PrFacts = {
  runId: '20261204-1',
  issue: 'fib(0) returns 1\nit should be 0',
  plan: { summary: 'Start the sequence at 0', steps: ['change the seed', 'run the tests'], files: ['fib.py'], verify: 'pytest', confidence: 0.92 },
  branch: 'oryon/fib',
  commit: 'abc123',
  base: 'main',
  diffstat: ' fib.py | 2 +-\n 1 file changed',
  files: ['fib.py'],
  tests: { command: 'python3 -m pytest -q', passed: true },
  gates: { ran: true, findings: [{ gate: 'lint', rule: 'E501', severity: 'low', file: 'fib.py', line: 3, message: 'line | too long', blocking: false }] },
  memory: { chunks: [{ path: 'fib.py', startLine: 1, endLine: 6 }], lessons: [{ runId: 'r0', issue: 'an older fix' }] },
  model: 'qwen2.5-coder:7b',
  tokens: { prompt: 1000, completion: 80 },
  mode: 'autopilot',
};

describe('PR description', () => {
  it('holds the issue, plan, change, tests, gates, memory, model, tokens and run id', () => {
    const text = prDescription(facts);
    expect(text).toContain('> fib(0) returns 1\n> it should be 0');
    expect(text).toContain('1. change the seed');
    expect(text).toContain('Confidence: 0.92');
    expect(text).toContain(' fib.py | 2 +-');
    expect(text).toContain('`python3 -m pytest -q`: passed');
    expect(text).toContain('| lint | E501 | low | fib.py:3 | line \\| too long |');
    expect(text).toContain('- `fib.py` lines 1-6');
    expect(text).toContain('- lesson from run r0: an older fix');
    expect(text).toContain('tokens 1000 in / 80 out');
    expect(text).toContain('`20261204-1`');
    expect(prTitle(facts)).toBe('Start the sequence at 0');
  });

  it('the manual command is shell-quoted and reads the description from the journal', () => {
    expect(manualCommand({ repoRoot: '/r', base: 'main', branch: 'oryon/fib', title: "Don't break", body: '' }, 'r1')).toBe(
      `oryon runs export r1 --format pr | gh pr create --head oryon/fib --base main --title 'Don'\\''t break' --body-file -`,
    );
  });

  it('counts changed lines without the file headers', () => {
    expect(changedLines('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n')).toBe(2);
  });
});
