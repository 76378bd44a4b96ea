// The project's installed environment for one run: found in the user's tree, shared
// read-only with the worktree's sandbox, extended by `test.setup`, and replaced by a
// private install when the change touches dependencies (only where the policy allows
// installs). Every step is journaled; nothing here writes outside the worktree.
import path from 'node:path';
import { NotDoneError, PolicyDeniedError } from '../errors.js';
import { dependencyChanges, type DependencyChange, type Ecosystem } from '../env/dependencies.js';
import { findProjectEnv, type ProjectEnv } from '../env/find.js';
import { installSteps, replacedKind } from '../env/install.js';
import { dependenciesApproved } from '../autonomy/dependency-approval.js';
import { nodeDependenciesInstalled } from '../env/installed.js';
import { EnvSandbox } from '../env/share.js';
import type { FixEvent } from './events.js';
import type { FixOptions } from './options.js';
import type { RunState } from './run-state.js';
import { splitCommandLine } from './test-detect.js';
import { outputTail } from './test-summary.js';

export interface RunEnvironment {
  projectEnv: ProjectEnv;
  sandbox: EnvSandbox;
  /** Ecosystems already rebuilt privately in this run. */
  installed: Set<Ecosystem>;
  setupDone: boolean;
}

export async function* prepareEnvironment(options: FixOptions, state: RunState, worktree: string): AsyncGenerator<FixEvent, RunEnvironment> {
  const started = Date.now();
  const projectEnv = await findProjectEnv(options.repoRoot, options.config.env, options.signal);
  const sandbox = new EnvSandbox(options.sandbox, projectEnv, worktree);
  const share = sandbox.share();
  options.journal.addStep(state.runId, {
    iteration: 0,
    kind: 'environment',
    wallMs: Date.now() - started,
    outcome: projectEnv.dirs.length ? 'shared' : 'none',
    detail: {
      shared: projectEnv.dirs.map((dir) => ({ path: dir.path, kind: dir.kind, source: dir.source })),
      venv: projectEnv.venv ?? null,
      venvHome: projectEnv.venvHome ?? null,
      skipped: projectEnv.skipped,
      path: share.pathPrepend.map((dir) => path.relative(worktree, dir)),
      isolation: options.sandbox.isolation,
      findMs: projectEnv.ms,
    },
    startedAt: started,
  });
  if (projectEnv.dirs.length) {
    yield { type: 'environment', shared: projectEnv.dirs.map((dir) => dir.path), venv: projectEnv.venv ?? null };
    if (options.sandbox.isolation === 'none') {
      yield {
        type: 'notice',
        message: 'best-effort sandbox: the installed environment cannot be shared read-only without bubblewrap; tests see the worktree only',
      };
    }
  }
  return { projectEnv, sandbox, installed: new Set(), setupDone: false };
}

/**
 * Before a test run: a change to dependencies needs a private install (or is refused by
 * network.install), then `test.setup` runs once. False when a step failed (the run is
 * then finished as failed with the reason).
 */
export async function* beforeTests(
  options: FixOptions,
  state: RunState,
  env: RunEnvironment,
  read: (file: string) => string | undefined,
  worktree: string,
): AsyncGenerator<FixEvent, boolean> {
  const changes = staleChanges(state, env, read);
  // A new dependency needs a person first (approvals.new_dependency: ask), before anything is installed.
  if (!(yield* dependenciesApproved(options, state, changes))) return false;
  const ecosystems = [...new Set(changes.map((change) => change.ecosystem))].filter((ecosystem) => !env.installed.has(ecosystem));
  for (const ecosystem of ecosystems) {
    const touched = changes.filter((change) => change.ecosystem === ecosystem).map((change) => change.what);
    const allowed = options.policy.installs === 'allow';
    const reason = allowed
      ? `the change touches ${touched.join(', ')}: building a private ${ecosystem} environment in the worktree`
      : `the change touches ${touched.join(', ')}; installing them needs network, which the policy denies`;
    options.journal.addDecision(state.runId, options.repoRoot, {
      kind: 'command',
      subject: `install ${ecosystem} dependencies`,
      allowed,
      rule: 'network.install',
      reason,
    });
    if (!allowed) {
      throw new PolicyDeniedError(`${reason} (rule network.install)`, 'network.install', {
        hint: 'allow it with `network: { install: allow }` in .oryon/policy.yaml, or add the dependency yourself first',
      });
    }
    const steps = installSteps(ecosystem, worktree, env.projectEnv);
    if (!steps)
      throw new NotDoneError(
        `the change touches ${touched.join(', ')}, and oryon cannot build a private ${ecosystem} environment; install the dependency yourself and run again`,
      );
    yield { type: 'notice', message: reason };
    const kind = replacedKind(ecosystem);
    if (kind) env.sandbox.stopSharing(kind);
    for (const step of steps) {
      const ok = await runStep(options, state, env, worktree, 'install', step.argv, 'install');
      if (!ok) {
        state.finish('failed', `installing the changed ${ecosystem} dependencies failed (${step.argv.join(' ')})`);
        return false;
      }
    }
    env.installed.add(ecosystem);
  }
  if (!env.setupDone) {
    env.setupDone = true;
    for (const line of options.config.test.setup) {
      yield { type: 'setup', command: line };
      const ok = await runStep(options, state, env, worktree, 'setup', splitCommandLine(line));
      if (!ok) {
        state.finish('failed', `test.setup failed: ${line}`);
        return false;
      }
    }
  }
  return true;
}

/** Dependency changes that make the shared environment stale (a package.json whose packages are all installed is not). */
function staleChanges(state: RunState, env: RunEnvironment, read: (file: string) => string | undefined): DependencyChange[] {
  const files = [...state.originals].map(([file, before]) => ({ path: file, before: before ?? '', after: read(file) ?? '' }));
  return dependencyChanges(files).filter(
    (change) =>
      !(
        change.ecosystem === 'node' &&
        change.file.endsWith('package.json') &&
        nodeDependenciesInstalled(env.projectEnv.root, change.file, read(change.file) ?? '')
      ),
  );
}

async function runStep(
  options: FixOptions,
  state: RunState,
  env: RunEnvironment,
  worktree: string,
  kind: 'setup' | 'install',
  argv: string[],
  purpose?: 'install',
): Promise<boolean> {
  const started = Date.now();
  const result = await env.sandbox.run({
    argv,
    cwd: worktree,
    // Set-up steps and installs write into the worktree (codegen, a private node_modules).
    writable: true,
    timeoutMs: Math.min(options.config.test.timeout_ms, options.policy.limits.command_timeout_ms),
    env: { CI: '1', NO_COLOR: '1' },
    ...(purpose ? { purpose } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const passed = result.exitCode === 0 && !result.timedOut && result.signal === null;
  const output = result.output.replaceAll(`${worktree}/`, '');
  options.journal.addStep(state.runId, {
    iteration: state.iterations,
    kind,
    prompt: argv.join(' '),
    reply: outputTail(output, options.config.test.feedback_bytes),
    wallMs: Date.now() - started,
    outcome: passed ? 'passed' : 'failed',
    detail: { command: argv, exitCode: result.exitCode, timedOut: result.timedOut, durationMs: result.durationMs },
    startedAt: started,
  });
  return passed;
}
