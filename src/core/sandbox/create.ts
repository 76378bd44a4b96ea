import { existsSync, realpathSync, statSync } from 'node:fs';
import { oryonHome } from '../../config/paths.js';
import type { Config } from '../../config/schema.js';
import { BadInputError, PolicyDeniedError } from '../errors.js';
import { configValue } from '../git/config.js';
import { decideCommand, type Decision } from '../policy/decide.js';
import type { Policy } from '../policy/schema.js';
import { bwrapArgs, hideable, PRIVATE_TMP, PRIVATE_VAR_TMP, socketHides, visibleInSandbox, type BwrapPlan } from './bwrap.js';
import { BUBBLEWRAP_INSTALL_HINT, detectBubblewrapSync, needsUserNamespace, type BubblewrapStatus } from './detect.js';
import { scrubEnv } from './env.js';
import { gitDirsFor } from './git-dirs.js';
import { dropEnv, dropPrefix, guardRun, hardenedPlan, prepareHardening, SECCOMP_FD, TASK_SLACK } from './hardening.js';
import { runDecisions } from './decisions.js';
import { limitsFromPolicy, wrapWithLimits } from './limits.js';
import { runProcess } from './process.js';
import { homeView } from './home.js';
import { checkSharedMounts, makeMountPoints } from './shared-mounts.js';
import { envFileRoots, findEnvFiles, homeDirs, homeSecretMasks, type Mask } from './secrets.js';
import { removeCovers, resolveHooksPath, treeGuards } from './tree-guards.js';
import { createTreeScanner, type TreeScan } from './tree-masks.js';
import type { SandboxRequest, SandboxResult, SandboxRunner } from './types.js';

export interface SandboxRunnerOptions {
  policy: Policy;
  config: Config;
  /** The environment to scrub and to find bwrap and the homes in (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Told every decision, so the caller can journal it: the command allowed or refused,
   * then what the limits did while it ran (a kill, output cut) and missing isolation.
   */
  onDecision?: (decision: Decision) => void;
}

/** bwrap writes `{"child-pid": N}` here; the process watchdog needs the namespace's init. */
const INFO_FD = 3;

/**
 * The one way oryon runs a command it did not write itself (tests, lint, the model's
 * requests, `oryon sandbox`). Without usable bubblewrap, `sandbox.isolation: required`
 * refuses here, at creation, so a run fails before it does any work.
 */
export function createSandboxRunner(options: SandboxRunnerOptions): SandboxRunner {
  const { policy, config } = options;
  const env = options.env ?? process.env;
  const status: BubblewrapStatus = detectBubblewrapSync(env.PATH);
  if (!status.usable && config.sandbox.isolation === 'required') {
    throw new PolicyDeniedError(`sandbox.isolation is required, but ${status.reason ?? 'bubblewrap is not usable'}`, 'sandbox.isolation', {
      hint: status.available
        ? 'enable unprivileged user namespaces, or set sandbox.isolation: best-effort in .oryon/config.yaml'
        : `${BUBBLEWRAP_INSTALL_HINT}, or set sandbox.isolation: best-effort in .oryon/config.yaml`,
    });
  }
  const isolation = status.usable ? 'bwrap' : 'none';
  // Unprivileged uid, seccomp, cgroup (issue 11): refuses here under `required` when unsafe.
  const hardening = status.usable ? prepareHardening({ bwrap: status.path!, config, env }) : undefined;
  const limits = limitsFromPolicy(policy);
  const scanTree = createTreeScanner(policy.paths.deny);
  // `.git/config` is read-only in the sandbox, so core.hooksPath cannot change between runs.
  const hooksPaths = new Map<string, Promise<string | undefined>>();
  const hooksPathOf = (cwd: string): Promise<string | undefined> => {
    let hooksPath = hooksPaths.get(cwd);
    if (!hooksPath) {
      hooksPath = configValue(cwd, 'core.hooksPath').then(
        (value) => (value?.trim() ? resolveHooksPath(value.trim(), cwd) : undefined),
        () => undefined,
      );
      hooksPaths.set(cwd, hooksPath);
    }
    return hooksPath;
  };
  type Plan = Omit<BwrapPlan, 'cwd' | 'infoFd' | 'writable' | 'covers'> & { repoRoot?: string | undefined };
  const plans = new Map<string, Plan>();
  let gapsTold = false;

  const planFor = (cwd: string, network: boolean): Plan => {
    const key = `${cwd}\0${network}`;
    let plan = plans.get(key);
    if (!plan) {
      const homes = homeDirs(env);
      const git = gitDirsFor(cwd);
      const state = oryonHome(env);
      const envFiles = findEnvFiles(envFileRoots(cwd, git.repoRoot, homes), [cwd]);
      const masks: Mask[] = [...homeSecretMasks(homes, env), ...envFiles.map((file) => ({ path: file, kind: 'file' as const }))];
      const hide: Mask[] = [...stateHide(state, homes), ...socketHides(network)];
      plan = {
        readOnly: git.readOnly,
        repoRoot: git.repoRoot,
        home: homeView(homes, env, config.sandbox.home_allow),
        hide,
        masks,
        network,
        userNamespace: needsUserNamespace(),
        dropCapabilities: !needsUserNamespace(),
      };
      plans.set(key, plan);
    }
    return plan;
  };

  return {
    isolation,
    prepare(dir) {
      if (isolation === 'none' || !hardening) return;
      try {
        void hooksPathOf(resolveDir(dir));
      } catch {
        // No such directory: the run itself will say so.
      }
    },
    async spawnCommand(request) {
      const decision = decideCommand(policy, request.argv);
      options.onDecision?.(decision);
      if (!decision.allowed) {
        throw new PolicyDeniedError(`command refused by ${decision.rule}: ${decision.reason}`, decision.rule, {
          hint: 'if it is safe, add it to commands.allow in .oryon/policy.yaml',
        });
      }
      const cwd = resolveDir(request.cwd);
      const scrubbed = scrubEnv(env, { ...(isolation === 'bwrap' ? { TMPDIR: '/tmp', XDG_CACHE_HOME: '/tmp/.cache' } : {}), ...request.env }).env;
      if (isolation === 'none' || !hardening) return { file: request.argv[0]!, args: request.argv.slice(1), env: scrubbed, cwd, isolation: 'none' };
      const base = planFor(cwd, policy.network);
      const tree = await treeView(cwd, { repoRoot: undefined, scanTree, hooksPathOf, writable: false });
      const plan: BwrapPlan = {
        ...base,
        cwd,
        writable: false,
        covers: [],
        masks: [...tree.masks, ...base.masks].filter((mask) => existsSync(mask.path)),
        tmpSizeMb: policy.limits.tmp_mb,
      };
      return { file: status.path!, args: bwrapArgs(plan, request.argv), env: scrubbed, cwd, isolation: 'bwrap' };
    },
    async run(request: SandboxRequest): Promise<SandboxResult> {
      const checked = decideCommand(policy, request.argv);
      // A person's approval (approvals.command) stands in for commands.allow, for that argv only.
      const decision =
        !checked.allowed && request.approvedBy
          ? { ...checked, allowed: true, rule: 'approvals.command', reason: `${checked.reason}; approved by ${request.approvedBy}` }
          : checked;
      options.onDecision?.(decision);
      if (!decision.allowed) {
        throw new PolicyDeniedError(`command refused by ${decision.rule}: ${decision.reason}`, decision.rule, {
          hint: 'if it is safe, add it to commands.allow in .oryon/policy.yaml',
        });
      }
      const cwd = resolveDir(request.cwd);
      const writable = request.writable === true;
      // The sandbox's /tmp is private and the home read-only: caches go where they can be written.
      // No Python bytecode cache: it is keyed on mtime seconds and size, so an edit of the same
      // size in the same second as the last test run would run stale code.
      const defaults: Record<string, string> = {
        PYTHONDONTWRITEBYTECODE: '1',
        ...(isolation === 'bwrap'
          ? { TMPDIR: '/tmp', XDG_CACHE_HOME: '/tmp/.cache', RUFF_CACHE_DIR: '/tmp/.cache/ruff', MYPY_CACHE_DIR: '/tmp/.cache/mypy' }
          : {}),
        // A read-only checkout has no room for pytest's cache; it would only warn.
        ...(isolation === 'bwrap' && !writable ? { PYTEST_ADDOPTS: '-p no:cacheprovider' } : {}),
        ...(hardening ? dropEnv(hardening) : {}),
      };
      const scrubbed = scrubEnv(env, { ...defaults, ...request.env }).env;
      if (request.pathPrepend?.length) scrubbed.PATH = [...request.pathPrepend, scrubbed.PATH].join(':');
      // An install step gets network only when the policy says installs may use it.
      const network = policy.network || (request.purpose === 'install' && policy.installs === 'allow');
      const shared = checkSharedMounts(cwd, request.shared ?? []);
      for (const refused of shared.refused) {
        options.onDecision?.({ allowed: false, kind: 'path', subject: refused.target, rule: 'env.share', reason: `not shared: ${refused.reason}` });
      }
      const drop = hardening ? dropPrefix(hardening, cwd) : undefined;
      // Under bubblewrap the kernel's task limit sits TASK_SLACK above the watchdog's (see hardening.ts).
      const command = hardening
        ? wrapWithLimits(request.argv, { ...limits, maxProcesses: limits.maxProcesses + TASK_SLACK }, { processes: true, ...(drop ? { drop } : {}) })
        : wrapWithLimits(request.argv, limits, { processes: false });
      const common = {
        argv: request.argv,
        cwd,
        env: scrubbed,
        // The policy's limits are ceilings: a caller may ask for less, never more.
        timeoutMs: Math.min(request.timeoutMs ?? Infinity, policy.limits.command_timeout_ms),
        maxOutputBytes: Math.min(request.maxOutputBytes ?? Infinity, policy.limits.max_output_bytes),
        maxProcesses: limits.maxProcesses,
        signal: request.signal,
        input: request.input,
      };
      let result: SandboxResult;
      if (isolation === 'none' || !hardening) {
        result = await runProcess({ ...common, file: command[0]!, args: command.slice(1), isolation: 'none' });
      } else {
        const base = planFor(cwd, network);
        // The main checkout of a linked worktree needs its secrets masked only if the sandbox can see it.
        const mainRepo =
          base.repoRoot && visibleInSandbox(base.repoRoot, base.home?.binds ?? [], [PRIVATE_TMP, PRIVATE_VAR_TMP, ...(base.home?.tmpfs ?? [])])
            ? base.repoRoot
            : undefined;
        const tree = await treeView(cwd, { repoRoot: mainRepo, scanTree, hooksPathOf, writable, signal: request.signal });
        // Tree masks first: a directory mask of the home's (a dotfiles repo's `.ssh`) then hides them all.
        // Each is checked now, not when planned: bwrap would create a missing one in the tree.
        const readOnly = [...base.readOnly, ...tree.readOnly];
        const plan: BwrapPlan = {
          ...base,
          cwd,
          infoFd: INFO_FD,
          writable,
          readOnly,
          covers: tree.covers,
          masks: [...tree.masks, ...base.masks].filter((mask) => existsSync(mask.path)),
          // Mount points for the shared environment are made (empty folders, after lstat checks) before bwrap runs: a read-only checkout has no room for bwrap to make them.
          shared: makeMountPoints(cwd, shared.mounts),
          ...hardenedPlan(hardening, policy, { cwd, readOnly, hide: base.hide, pathVariable: scrubbed.PATH }),
        };
        // Lent to the unprivileged uid (and swept for setuid files and the write budget) only when it may write.
        const guard = guardRun(hardening, policy, { cwd, skip: readOnly, writable });
        const argv = [...guard.prefix, status.path!, ...bwrapArgs(plan, command)];
        try {
          result = await runProcess({
            ...common,
            file: argv[0]!,
            args: argv.slice(1),
            isolation,
            infoFd: INFO_FD,
            dataFd: hardening.seccomp ? { fd: SECCOMP_FD, data: hardening.seccomp } : undefined,
            sampler: guard.sampler,
          });
        } catch (error) {
          await guard.abandon();
          throw error;
        } finally {
          removeCovers(tree.covers);
        }
        result = await guard.finish(result);
      }
      if (options.onDecision) {
        // What isolation is missing is told once per runner (one fix run, one journal).
        const gaps = gapsTold ? [] : (hardening?.gaps ?? []);
        gapsTold = true;
        for (const after of runDecisions(result, { maxOutputBytes: common.maxOutputBytes, isolationGap: status.reason, gaps })) options.onDecision(after);
      }
      return result;
    },
  };
}

/**
 * What of the tree is masked or guarded for one run: secret files by `paths.deny` (also in
 * the main checkout of a linked worktree, when the sandbox can see it), and, when the tree
 * is writable, `.oryon/`, hook directories and nested `.git` (tree-guards.ts). The listing
 * is the runner's (listed once); whether each guard exists is checked now.
 */
async function treeView(
  cwd: string,
  options: {
    repoRoot: string | undefined;
    scanTree: (root: string, signal?: AbortSignal) => Promise<TreeScan>;
    hooksPathOf: (cwd: string) => Promise<string | undefined>;
    writable: boolean;
    signal?: AbortSignal | undefined;
  },
): Promise<{ masks: Mask[]; readOnly: string[]; covers: string[] }> {
  const { repoRoot, scanTree, hooksPathOf, writable, signal } = options;
  const [scan, main, hooksPath] = await Promise.all([
    scanTree(cwd, signal),
    repoRoot && repoRoot !== cwd && !cwd.startsWith(`${repoRoot}/`) ? scanTree(repoRoot, signal).catch(() => undefined) : undefined,
    writable ? hooksPathOf(cwd) : undefined,
  ]);
  const masks = [...scan.masks, ...(main?.masks ?? [])];
  if (!writable) return { masks, readOnly: [], covers: [] };
  const guards = treeGuards(cwd, { hooksPath, nestedGit: scan.nestedGit });
  return { masks, ...guards };
}

/** ORYON_HOME, resolved first: a link to the state directory must hide where it leads. */
function stateHide(state: string, homes: readonly string[]): Mask[] {
  let real: string;
  try {
    real = realpathSync(state);
  } catch {
    return [];
  }
  const realHomes = homes.map((home) => {
    try {
      return realpathSync(home);
    } catch {
      return home;
    }
  });
  return hideable(real, [...homes, ...realHomes]) ? [{ path: real, kind: 'dir' }] : [];
}

function resolveDir(dir: string): string {
  try {
    const real = realpathSync(dir);
    // A writable / would be no sandbox at all.
    if (real === '/') throw new BadInputError('refusing to run a sandbox with / as its writable directory');
    if (statSync(real).isDirectory()) return real;
  } catch (error) {
    if (error instanceof BadInputError) throw error;
  }
  throw new BadInputError(`sandbox working directory does not exist: ${dir}`);
}
