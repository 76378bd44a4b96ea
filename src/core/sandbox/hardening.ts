import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { PolicyDeniedError } from '../errors.js';
import type { Policy } from '../policy/schema.js';
import type { BwrapPlan } from './bwrap.js';
import { detectCgroups, type CgroupSupport, type SandboxCgroup } from './cgroup.js';
import { DROP_CAPABILITIES, dropCommand, sandboxPrivilege, type Privilege } from './privilege.js';
import { hostSeccompFilter } from './seccomp.js';
import { lendTree, overBudget, returnTree, stripSetIdBits, treeBytes, walkTree, writeBudgetSampler, type Loan, type StrippedFile } from './tree.js';
import type { SandboxResult } from './types.js';
import { listeningSocketPaths } from './unix-sockets.js';

// Issue 11's kernel-side hardening, decided once per runner and applied around each run:
// who the command runs as (privilege.ts), the seccomp filter, the cgroup, the sockets to
// cover, and the worktree lent and given back, with setuid bits stripped and a byte budget.

/** bwrap reads the seccomp program here (the info fd is 3). */
export const SECCOMP_FD = 4;

/**
 * Kernel task limits (RLIMIT_NPROC for the dropped uid, the cgroup's pids.max) sit this far
 * above max_processes: the watchdog ends the run at the limit and journals the rule, and the
 * kernel stops what grows faster than it samples. RLIMIT_NPROC exactly at the limit would
 * make fork() fail instead, leaving a crippled command running until the timeout.
 */
export const TASK_SLACK = 16;

export interface Hardening {
  privilege: Privilege;
  seccomp?: Buffer;
  cgroups: CgroupSupport;
  /** What is missing, each journaled with every run (best-effort only; `required` refuses instead). */
  gaps: Array<{ rule: string; reason: string }>;
}

/** Decide at runner creation; under `sandbox.isolation: required`, refuse what cannot be made safe. */
export function prepareHardening(options: { bwrap: string; config: Config; env: NodeJS.ProcessEnv; arch?: string }): Hardening {
  const { config, env } = options;
  const privilege = sandboxPrivilege({ bwrap: options.bwrap, uid: config.sandbox.uid, pathVariable: env.PATH });
  const seccomp = hostSeccompFilter(options.arch);
  const gaps: Hardening['gaps'] = [];
  if (privilege.mode === 'root') gaps.push({ rule: 'sandbox.uid', reason: `ran as root without capabilities: ${privilege.reason}` });
  if ('reason' in seccomp) gaps.push({ rule: 'sandbox.seccomp', reason: `ran without a seccomp filter: ${seccomp.reason}` });
  if (config.sandbox.isolation === 'required') {
    const refusal = gaps[0];
    if (refusal) {
      throw new PolicyDeniedError(
        `sandbox.isolation is required, but the sandbox cannot be made safe here (${refusal.rule}): ${refusal.reason}`,
        refusal.rule,
        {
          hint:
            refusal.rule === 'sandbox.uid'
              ? 'install util-linux (setpriv), run oryon as an unprivileged user, or set sandbox.isolation: best-effort in .oryon/config.yaml'
              : 'run on x86_64 or aarch64, or set sandbox.isolation: best-effort in .oryon/config.yaml',
        },
      );
    }
  }
  const cgroups = detectCgroups(env);
  if (cgroups.kind === 'none') gaps.push({ rule: 'limits.memory_mb', reason: `no cgroup: memory and process limits are per process only (${cgroups.reason})` });
  return { privilege, ...('filter' in seccomp ? { seccomp: seccomp.filter } : {}), cgroups, gaps };
}

/** The plan fields this module owns (see BwrapPlan's hardening block). */
export function hardenedPlan(
  hardening: Hardening,
  policy: Policy,
  paths: { cwd: string; readOnly: readonly string[]; hide: readonly { path: string }[]; pathVariable?: string | undefined },
): Pick<BwrapPlan, 'keepCapabilities' | 'seccompFd' | 'tmpSizeMb' | 'reachable' | 'sockets' | 'toolchains'> {
  const drop = hardening.privilege.mode === 'drop' ? hardening.privilege : undefined;
  const hidden = (target: string): boolean => paths.hide.some((hide) => target === hide.path || target.startsWith(`${hide.path}/`));
  const toolPaths = (paths.pathVariable ?? '').split(':').filter((entry) => entry.startsWith('/'));
  const reachable = drop ? unreachableAncestors([paths.cwd, ...paths.readOnly, ...toolPaths.map((entry) => `${entry}/x`)], drop) : [];
  return {
    ...(drop ? { keepCapabilities: DROP_CAPABILITIES, reachable, toolchains: toolchainsUnder(reachable, toolPaths, drop) } : {}),
    ...(hardening.seccomp ? { seccompFd: SECCOMP_FD } : {}),
    tmpSizeMb: policy.limits.tmp_mb,
    sockets: policy.network ? [] : listeningSocketPaths().filter((socket) => !hidden(socket)),
  };
}

/** The setpriv prefix for the prologue, when dropping. */
export function dropPrefix(hardening: Hardening, cwd: string): string[] | undefined {
  return hardening.privilege.mode === 'drop' ? dropCommand(hardening.privilege, cwd) : undefined;
}

/** Environment the dropped uid needs: git refuses a repository another uid owns (its metadata stays ours, read-only). */
export function dropEnv(hardening: Hardening): Record<string, string> {
  return hardening.privilege.mode === 'drop' ? { GIT_CONFIG_PARAMETERS: "'safe.directory'='*'" } : {};
}

const searchable = (dir: string, who: { uid: number; gid: number }): boolean => {
  try {
    const stats = statSync(dir);
    if (stats.uid === who.uid) return (stats.mode & 0o100) !== 0;
    if (stats.gid === who.gid) return (stats.mode & 0o010) !== 0;
    return (stats.mode & 0o001) !== 0;
  } catch {
    return true;
  }
};

/**
 * Every directory above `targets` that the unprivileged uid cannot search (a worktree under
 * /root, mode 0700; mkdtemp's 0700 parents), top down. bwrapArgs covers the first one on
 * the host's tree with an empty tmpfs (the uid could not read anything in there anyway) and
 * recreates the ones bwrap would otherwise make with the host's 0700 as 0755 directories.
 */
export function unreachableAncestors(targets: readonly string[], who: { uid: number; gid: number }): string[] {
  const result = new Set<string>();
  for (const target of targets) {
    let current = '/';
    for (const part of path.resolve(target).split('/').filter(Boolean).slice(0, -1)) {
      current = path.join(current, part);
      if (!searchable(current, who)) result.add(current);
    }
  }
  return [...result].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

/**
 * PATH entries inside a covered directory (a pyenv, cargo or nvm under root's 0700 home):
 * the top-level directory holding each, bound back read-only so the unprivileged uid can
 * run the toolchain (shims exec other files of the same tree). Only what it may search.
 */
export function toolchainsUnder(covers: readonly string[], toolPaths: readonly string[], who: { uid: number; gid: number }): string[] {
  const result = new Set<string>();
  for (const entry of toolPaths) {
    const cover = covers.find((dir) => entry.startsWith(`${dir}/`));
    if (!cover) continue;
    const top = path.join(cover, entry.slice(cover.length + 1).split('/')[0]!);
    if (searchable(top, who)) result.add(top);
  }
  return [...result];
}

/** One run's host-side state: the loan of the worktree and the cgroup. */
export interface RunGuard {
  prefix: string[];
  sampler: ReturnType<typeof writeBudgetSampler> | undefined;
  /** After the run: strip setuid bits, give the tree back, apply the budget and the OOM verdict. */
  finish(result: SandboxResult): Promise<SandboxResult>;
  /** When the run could not even start. */
  abandon(): Promise<void>;
}

export function guardRun(hardening: Hardening, policy: Policy, tree: { cwd: string; skip: readonly string[]; writable?: boolean }): RunGuard {
  const drop = hardening.privilege.mode === 'drop' ? hardening.privilege : undefined;
  // A read-only checkout needs no setuid sweep and no write budget: nothing can be written.
  // It is lent only when the unprivileged uid could not even enter it (a 0700 checkout).
  const writable = tree.writable ?? true;
  const lend = writable || (drop !== undefined && !enterableByOthers(tree.cwd));
  let loan: Loan | undefined;
  let baseBytes = 0;
  // Nested repositories before the run: one the command makes (`vendor/y/.git` with a
  // core.fsmonitor command) would run code at the user's next `git status` there.
  let nestedBefore = new Set<string>();
  if (lend && drop) {
    loan = lendTree(tree.cwd, tree.skip, drop);
    baseBytes = loan.bytes;
    nestedBefore = new Set(nestedGitDirs(tree.cwd, loan.owners.keys()));
  } else if (writable) {
    const entries = walkTree(tree.cwd, tree.skip);
    baseBytes = treeBytes(entries);
    nestedBefore = new Set(
      nestedGitDirs(
        tree.cwd,
        entries.map((entry) => entry.path),
      ),
    );
  }
  const maxBytes = policy.limits.max_write_mb * 1024 * 1024;
  let cgroup: SandboxCgroup | undefined;
  try {
    if (hardening.cgroups.kind !== 'none') {
      // bwrap, its init and the wrapper are not the command's; see TASK_SLACK.
      cgroup = hardening.cgroups.create({ memoryMb: policy.limits.memory_mb, maxTasks: policy.limits.max_processes + TASK_SLACK });
    }
  } catch (error) {
    if (loan) returnTree(loan);
    throw error;
  }
  const settle = async (): Promise<{ stripped: StrippedFile[]; written: number; planted: string[] }> => {
    if (!writable) {
      if (loan) returnTree(loan);
      await cgroup?.remove();
      return { stripped: [], written: 0, planted: [] };
    }
    let entries = walkTree(tree.cwd, tree.skip);
    const planted = nestedGitDirs(
      tree.cwd,
      entries.map((entry) => entry.path),
    ).filter((dir) => !nestedBefore.has(dir));
    for (const dir of planted) rmSync(dir, { recursive: true, force: true });
    if (planted.length) entries = entries.filter((entry) => !planted.some((dir) => entry.path === dir || entry.path.startsWith(`${dir}/`)));
    const stripped = stripSetIdBits(entries);
    if (loan) returnTree(loan, entries);
    await cgroup?.remove();
    return { stripped, written: treeBytes(entries) - baseBytes, planted };
  };
  return {
    prefix: cgroup?.prefix ?? [],
    sampler: writable ? writeBudgetSampler(tree.cwd, tree.skip, baseBytes, maxBytes) : undefined,
    async finish(result) {
      const oom = cgroup?.oomKilled() ?? false;
      const { stripped, written, planted } = await settle();
      let verdict: Partial<SandboxResult> = {};
      if (!result.killedBy && written > maxBytes) {
        // Found only after it exited: the run still fails, with the rule named.
        verdict = { killedBy: overBudget(written, maxBytes) };
      } else if (!result.killedBy && oom) {
        verdict = {
          killedBy: { rule: 'limits.memory_mb', reason: `the sandbox used more than ${policy.limits.memory_mb} MiB in all; the kernel killed a process` },
        };
      }
      // A rule that ended the run fails it, even when the command managed to exit 0 first.
      const killed = verdict.killedBy ?? result.killedBy;
      if (killed && (verdict.exitCode ?? result.exitCode) === 0) verdict.exitCode = 1;
      return {
        ...result,
        ...verdict,
        ...(stripped.length > 0 ? { setIdStripped: stripped } : {}),
        ...(planted.length > 0 ? { nestedGitRemoved: planted } : {}),
      };
    },
    async abandon() {
      await settle();
    },
  };
}

/** Whether a uid that owns nothing can enter and list the folder (its "other" bits). */
function enterableByOthers(dir: string): boolean {
  try {
    return (statSync(dir).mode & 0o005) === 0o005;
  } catch {
    return false;
  }
}

/** `.git` entries below the root (the root's own is not nested): walked paths, so none behind a link. */
function nestedGitDirs(root: string, paths: Iterable<string>): string[] {
  const found: string[] = [];
  for (const entry of paths) if (path.basename(entry) === '.git' && path.dirname(entry) !== root) found.push(entry);
  return found;
}
