import { describe, expect, it } from 'vitest';
import { detectCgroups } from '../../../src/core/sandbox/cgroup.js';

const noSystemd = { PATH: '/nonexistent' };

describe('cgroup detection', () => {
  it('says why there is none when no hierarchy is mounted', () => {
    const support = detectCgroups(noSystemd, { cgroup: '0::/user.slice/x.scope\n', mountinfo: '22 1 0:20 / /proc rw - proc proc rw\n' });
    expect(support).toEqual({ kind: 'none', reason: expect.stringMatching(/no cgroup v2 hierarchy .*no systemd user manager/) });
  });

  it('says why a v2 cgroup that does not delegate cannot be used', () => {
    const support = detectCgroups(noSystemd, {
      cgroup: '0::/\n',
      mountinfo: `30 22 0:26 / /nonexistent-cgroup-root rw - cgroup2 cgroup2 rw\n`,
    });
    expect(support.kind).toBe('none');
  });

  it('finds what this machine offers, or a reason', () => {
    const support = detectCgroups();
    if (support.kind === 'none') expect(support.reason.length).toBeGreaterThan(10);
    else expect(['v1', 'v2', 'systemd-run']).toContain(support.kind);
  });
});
