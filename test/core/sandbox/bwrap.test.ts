import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bwrapArgs, hideable, visibleInSandbox, type BwrapPlan } from '../../../src/core/sandbox/bwrap.js';
import { tempDir } from '../../helpers/git-repo.js';

const plan: BwrapPlan = {
  cwd: '/home/dev/wt',
  readOnly: ['/home/dev/wt/.git'],
  hide: [
    { path: '/home/dev/.local/share/oryon', kind: 'dir' },
    { path: '/run', kind: 'dir' },
  ],
  masks: [
    { path: '/home/dev/.ssh', kind: 'dir' },
    { path: '/home/dev/.netrc', kind: 'file' },
    { path: '/tmp/elsewhere/.env', kind: 'file' },
  ],
  network: false,
  userNamespace: true,
  dropCapabilities: false,
  infoFd: 3,
  writable: true,
};

/** Index of the first `flag` whose next args are `values`. */
function at(args: string[], flag: string, ...values: string[]): number {
  return args.findIndex((arg, index) => arg === flag && values.every((value, offset) => args[index + 1 + offset] === value));
}

describe('bwrapArgs', () => {
  // /home/dev/wt/.git does not exist here, so it is skipped: existence is checked at build time.
  const args = bwrapArgs({ ...plan, readOnly: [] }, ['/bin/sh', '-c', 'true']);

  it('mounts the root read-only, then a private /tmp, fresh /dev and /proc', () => {
    expect(args.slice(0, 3)).toEqual(['--ro-bind', '/', '/']);
    expect(at(args, '--tmpfs', '/tmp')).toBeGreaterThan(0);
    expect(at(args, '--dev', '/dev')).toBeGreaterThan(0);
    expect(at(args, '--proc', '/proc')).toBeGreaterThan(0);
  });

  it('hides state and sockets before binding the worktree read-write, and masks secrets after it', () => {
    const hideState = at(args, '--tmpfs', '/home/dev/.local/share/oryon');
    const bind = at(args, '--bind', '/home/dev/wt', '/home/dev/wt');
    expect(hideState).toBeGreaterThan(0);
    expect(at(args, '--tmpfs', '/run')).toBeLessThan(bind);
    expect(hideState).toBeLessThan(bind);
    expect(at(args, '--tmpfs', '/home/dev/.ssh')).toBeGreaterThan(bind);
    expect(at(args, '--ro-bind', '/dev/null', '/home/dev/.netrc')).toBeGreaterThan(bind);
  });

  it('skips masks the private /tmp already hides', () => {
    expect(args).not.toContain('/tmp/elsewhere/.env');
  });

  it('isolates network, pids, ipc and uts; dies with its parent; starts a new session', () => {
    for (const flag of ['--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-user', '--die-with-parent', '--new-session']) {
      expect(args).toContain(flag);
    }
    expect(at(args, '--chdir', '/home/dev/wt')).toBeGreaterThan(0);
    expect(at(args, '--info-fd', '3')).toBeGreaterThan(0);
    expect(args.slice(-4)).toEqual(['--', '/bin/sh', '-c', 'true']);
  });

  it('keeps the network only when the policy allows it, and drops capabilities for root', () => {
    const open = bwrapArgs({ ...plan, network: true, userNamespace: false, dropCapabilities: true }, ['true']);
    expect(open).not.toContain('--unshare-net');
    expect(open).not.toContain('--unshare-user');
    expect(at(open, '--cap-drop', 'ALL')).toBeGreaterThan(0);
  });

  it('mounts the worktree read-only unless the plan says writable, and covers absent guarded dirs only then', () => {
    const readOnly = bwrapArgs({ ...plan, readOnly: [], writable: undefined, covers: ['/home/dev/wt/.oryon'] }, ['true']);
    expect(at(readOnly, '--ro-bind', '/home/dev/wt', '/home/dev/wt')).toBeGreaterThan(0);
    expect(at(readOnly, '--bind', '/home/dev/wt', '/home/dev/wt')).toBe(-1);
    expect(readOnly).not.toContain('/home/dev/wt/.oryon');
    const writable = bwrapArgs({ ...plan, readOnly: [], covers: ['/home/dev/wt/.oryon'] }, ['true']);
    const cover = at(writable, '--tmpfs', '/home/dev/wt/.oryon');
    expect(cover).toBeGreaterThan(at(writable, '--bind', '/home/dev/wt', '/home/dev/wt'));
    expect(writable[cover + 2]).toBe('--remount-ro');
    expect(writable[cover + 3]).toBe('/home/dev/wt/.oryon');
    expect(cover).toBeLessThan(at(writable, '--tmpfs', '/home/dev/.ssh'));
  });

  it('empties the home, binds toolchains back read-only, then hides state, then binds the worktree', () => {
    const toolchain = tempDir('oryon-toolchain-');
    const home = {
      tmpfs: ['/home/dev', '/tmp/other-home'],
      binds: [toolchain, '/home/dev/.missing'],
      links: [{ path: '/home/dev/.cargo', target: toolchain }],
    };
    const args = bwrapArgs({ ...plan, readOnly: [], home }, ['true']);
    const emptyHome = at(args, '--tmpfs', '/home/dev');
    expect(emptyHome).toBeGreaterThan(at(args, '--tmpfs', '/tmp'));
    // A home under the private /tmp is made empty there too (a checkout under /tmp); a missing bind is skipped.
    expect(at(args, '--tmpfs', '/tmp/other-home')).toBeGreaterThan(at(args, '--tmpfs', '/tmp'));
    expect(args).not.toContain('/home/dev/.missing');
    const bind = at(args, '--ro-bind', toolchain, toolchain);
    expect(bind).toBeGreaterThan(emptyHome);
    expect(at(args, '--symlink', toolchain, '/home/dev/.cargo')).toBeGreaterThan(bind);
    // The state dir is under the empty home and not bound back: nothing to hide.
    expect(args).not.toContain('/home/dev/.local/share/oryon');
    expect(at(args, '--bind', '/home/dev/wt', '/home/dev/wt')).toBeGreaterThan(bind);
    // Secrets under the empty home only need masks where a bind shows them.
    expect(args).not.toContain('/home/dev/.ssh');
    const secret = `${toolchain}/credentials.toml`;
    const masked = bwrapArgs({ ...plan, readOnly: [], home, masks: [{ path: secret, kind: 'file' }] }, ['true']);
    expect(at(masked, '--ro-bind', '/dev/null', secret)).toBeGreaterThan(at(masked, '--bind', '/home/dev/wt', '/home/dev/wt'));
  });

  it('mounts existing git metadata read-only after the read-write worktree', () => {
    const repo = tempDir('oryon-bwrap-');
    const withGit = bwrapArgs({ ...plan, cwd: repo, readOnly: [repo] }, ['true']);
    expect(at(withGit, '--ro-bind', repo, repo)).toBeGreaterThan(at(withGit, '--bind', repo, repo));
  });
});

describe('bwrapArgs for a dropped uid (sandbox.uid) with an empty home', () => {
  it('makes the folders between a home tmpfs and a bound toolchain 0755 first (bwrap would make them 0700)', () => {
    // Any existing folder outside /tmp stands for ~/.local/bin; two levels up is the "home".
    const toolchain = import.meta.dirname;
    const home = path.dirname(path.dirname(toolchain));
    const args = bwrapArgs({ ...plan, readOnly: [], home: { tmpfs: [home], binds: [toolchain], links: [] } }, ['true']);
    const parent = at(args, '--perms', '0755', '--dir', path.dirname(toolchain));
    expect(at(args, '--tmpfs', home)).toBeGreaterThan(0);
    expect(parent).toBeGreaterThan(at(args, '--tmpfs', home));
    expect(parent).toBeLessThan(at(args, '--ro-bind', toolchain, toolchain));
  });

  it('makes the folders between the empty home and a worktree inside it 0755 (~/src/repo)', () => {
    const args = bwrapArgs(
      { ...plan, cwd: '/home/dev/src/repo', readOnly: [], keepCapabilities: ['CAP_SETUID'], home: { tmpfs: ['/home/dev'], binds: [], links: [] } },
      ['true'],
    );
    const parent = at(args, '--perms', '0755', '--dir', '/home/dev/src');
    expect(parent).toBeGreaterThan(at(args, '--tmpfs', '/home/dev'));
    expect(parent).toBeLessThan(at(args, '--bind', '/home/dev/src/repo', '/home/dev/src/repo'));
  });

  it("makes reachable folders after the hides, so ORYON_HOME's tmpfs does not wipe them", () => {
    const args = bwrapArgs(
      {
        ...plan,
        cwd: '/srv/state/worktrees/k/wt',
        readOnly: [],
        keepCapabilities: ['CAP_SETUID'],
        hide: [{ path: '/srv/state', kind: 'dir' }],
        reachable: ['/srv/state', '/srv/state/worktrees'],
      },
      ['true'],
    );
    const hide = at(args, '--tmpfs', '/srv/state');
    const passable = at(args, '--perms', '0755', '--dir', '/srv/state/worktrees');
    expect(hide).toBeGreaterThan(0);
    expect(passable).toBeGreaterThan(hide);
    // The hide is the cover: not a second tmpfs over what was made.
    expect(args.filter((arg, index) => arg === '/srv/state' && args[index - 1] === '--tmpfs')).toHaveLength(1);
    expect(passable).toBeLessThan(at(args, '--bind', '/srv/state/worktrees/k/wt', '/srv/state/worktrees/k/wt'));
  });
});

describe('visibleInSandbox', () => {
  it('treats the private /tmp as empty except for binds', () => {
    expect(visibleInSandbox('/home/dev/.ssh', [])).toBe(true);
    expect(visibleInSandbox('/tmp/x/.ssh', [])).toBe(false);
    expect(visibleInSandbox('/tmp/x/.ssh', ['/tmp/x'])).toBe(true);
    expect(visibleInSandbox('/tmpfoo/.ssh', [])).toBe(true);
  });

  it('treats an emptied home like the private /tmp', () => {
    expect(visibleInSandbox('/home/dev/.ssh', [], ['/tmp', '/home/dev'])).toBe(false);
    expect(visibleInSandbox('/home/dev/.cargo/credentials', ['/home/dev/.cargo'], ['/tmp', '/home/dev'])).toBe(true);
  });
});

describe('hideable', () => {
  it('never hides the root or a directory holding a home', () => {
    const dir = tempDir('oryon-hide-');
    expect(hideable(dir, ['/home/dev'])).toBe(true);
    expect(hideable('/', [])).toBe(false);
    expect(hideable(dir, [`${dir}/home`])).toBe(false);
    expect(hideable(`${dir}/missing`, [])).toBe(false);
  });
});

describe('bwrapArgs hardening (issue 11)', () => {
  const hardened = bwrapArgs(
    {
      ...plan,
      readOnly: [],
      userNamespace: false,
      dropCapabilities: true,
      keepCapabilities: ['CAP_SETUID', 'CAP_SETGID'],
      seccompFd: 4,
      tmpSizeMb: 16,
      sockets: ['/home/dev/.agent.sock', '/tmp/hidden.sock'],
    },
    ['true'],
  );

  it('mounts /proc/sys and /proc/sysrq-trigger read-only after the worktree', () => {
    const bind = at(hardened, '--bind', '/home/dev/wt', '/home/dev/wt');
    expect(at(hardened, '--ro-bind', '/proc/sys', '/proc/sys')).toBeGreaterThan(bind);
    expect(at(hardened, '--ro-bind-try', '/proc/sysrq-trigger', '/proc/sysrq-trigger')).toBeGreaterThan(bind);
    // Also without the hardening fields: it is not optional.
    expect(at(bwrapArgs({ ...plan, readOnly: [] }, ['true']), '--ro-bind', '/proc/sys', '/proc/sys')).toBeGreaterThan(0);
  });

  it('gives /tmp and /var/tmp sized, sticky, world-writable tmpfs', () => {
    expect(at(hardened, '--perms', '1777', '--size', String(16 * 1024 * 1024), '--tmpfs', '/tmp')).toBeGreaterThan(0);
    expect(at(hardened, '--perms', '1777', '--size', String(16 * 1024 * 1024), '--tmpfs', '/var/tmp')).toBeGreaterThan(0);
    expect(visibleInSandbox('/var/tmp/ssh-x/agent', [])).toBe(false);
  });

  it('keeps only the drop capabilities, enters / (the prologue cds after the drop) and loads the seccomp program', () => {
    expect(at(hardened, '--cap-drop', 'ALL')).toBeLessThan(at(hardened, '--cap-add', 'CAP_SETUID'));
    expect(at(hardened, '--cap-add', 'CAP_SETGID')).toBeGreaterThan(0);
    expect(at(hardened, '--chdir', '/')).toBeGreaterThan(0);
    expect(at(hardened, '--seccomp', '4')).toBeGreaterThan(0);
    expect(hardened.slice(-2)).toEqual(['--', 'true']);
  });

  it('covers an untraversable host directory with a tmpfs and makes bwrap-made parents 0755, before the worktree', () => {
    const dropping = { ...plan, readOnly: [], keepCapabilities: ['CAP_SETUID'], hide: [{ path: '/var/lib/oryon', kind: 'dir' as const }] };
    const underHome = bwrapArgs({ ...dropping, cwd: '/home/dev/wt', reachable: ['/home', '/home/dev'] }, ['true']);
    const bind = at(underHome, '--bind', '/home/dev/wt', '/home/dev/wt');
    expect(at(underHome, '--tmpfs', '/home')).toBeLessThan(bind);
    expect(at(underHome, '--tmpfs', '/home/dev')).toBe(-1);
    expect(at(underHome, '--perms', '0755', '--dir', '/home/dev')).toBeGreaterThan(at(underHome, '--tmpfs', '/home'));
    expect(at(underHome, '--perms', '0755', '--dir', '/home/dev')).toBeLessThan(bind);
    // Under the private /tmp and under a hidden state directory: every parent bwrap makes.
    const underTmp = bwrapArgs({ ...dropping, cwd: '/tmp/a/b/wt' }, ['true']);
    expect(at(underTmp, '--perms', '0755', '--dir', '/tmp/a')).toBeGreaterThan(0);
    expect(at(underTmp, '--perms', '0755', '--dir', '/tmp/a/b')).toBeLessThan(at(underTmp, '--bind', '/tmp/a/b/wt', '/tmp/a/b/wt'));
    const underState = bwrapArgs({ ...dropping, cwd: '/var/lib/oryon/worktrees/r/run' }, ['true']);
    expect(at(underState, '--perms', '0755', '--dir', '/var/lib/oryon/worktrees/r')).toBeGreaterThan(at(underState, '--tmpfs', '/var/lib/oryon'));
    expect(at(underState, '--perms', '0755', '--dir', '/var/lib')).toBe(-1);
    // Not dropping (a user namespace): nothing of this.
    expect(bwrapArgs({ ...plan, cwd: '/tmp/a/b/wt', readOnly: [] }, ['true'])).not.toContain('--dir');
  });

  it('covers visible daemon sockets with /dev/null, and skips those the private /tmp hides', () => {
    expect(at(hardened, '--ro-bind', '/dev/null', '/home/dev/.agent.sock')).toBeGreaterThan(0);
    expect(hardened).not.toContain('/tmp/hidden.sock');
  });
});
