import { describe, expect, it } from 'vitest';
import { fixApprovalPort, parseYes } from '../../src/cli/fix-approval.js';
import { BadInputError } from '../../src/core/errors.js';

const request = {
  runId: 'r',
  action: 'merge' as const,
  subject: 'oryon/x into main',
  diffstat: '',
  diff: '',
  tests: { command: null, passed: null },
  gates: 'passed' as const,
};

describe('oryon fix --yes', () => {
  it('parses a comma list or all, and names an unknown action', () => {
    expect([...parseYes('push, merge')]).toEqual(['push', 'merge']);
    expect(parseYes('all').size).toBe(6);
    expect(parseYes(undefined).size).toBe(0);
    expect(() => parseYes('push,deploy')).toThrow(BadInputError);
    expect(() => parseYes('push,deploy')).toThrow('--yes: unknown action "deploy"');
  });

  it('answers yes for a listed action, and "unavailable" without a terminal for the others', async () => {
    expect(await fixApprovalPort(parseYes('merge'), false)(request)).toEqual({ answer: 'yes', via: '--yes' });
    expect(await fixApprovalPort(parseYes('push'), false)(request)).toMatchObject({ answer: 'unavailable', hint: expect.stringContaining('--yes merge') });
  });
});
