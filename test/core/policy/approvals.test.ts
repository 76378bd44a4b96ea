import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { approvalRule, decidePublish } from '../../../src/core/policy/approvals.js';
import { APPROVAL_ACTIONS, type Policy } from '../../../src/core/policy/schema.js';

const defaults: Policy = loadPolicy();

describe('approvals and publishing policy', () => {
  it('asks nothing and publishes nothing by default', () => {
    for (const action of APPROVAL_ACTIONS)
      expect(approvalRule(defaults, action, action)).toMatchObject({ ask: false, allowed: true, rule: `approvals.${action}` });
    expect(decidePublish(defaults, 'push', 'oryon/x to origin')).toMatchObject({
      allowed: false,
      kind: 'git',
      rule: 'git.push',
      reason: expect.stringContaining('deny'),
    });
    expect(decidePublish(defaults, 'open_pr', 'oryon/x')).toMatchObject({ allowed: false, rule: 'git.open_pr' });
    expect(defaults.git.remote).toBe('origin');
    expect(defaults.thresholds.auto_merge_confidence).toBe(0.9);
  });

  it('names the rule when a person must approve, and allows what the policy allows', () => {
    const policy: Policy = { ...defaults, approvals: { ...defaults.approvals, merge: 'ask' }, git: { ...defaults.git, push: 'allow' } };
    expect(approvalRule(policy, 'merge', 'oryon/x into main')).toMatchObject({
      ask: true,
      allowed: false,
      kind: 'approval',
      subject: 'oryon/x into main',
      rule: 'approvals.merge',
    });
    expect(decidePublish(policy, 'push', 'oryon/x to origin')).toMatchObject({ allowed: true, rule: 'git.push' });
  });
});
