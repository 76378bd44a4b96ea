import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SandboxRequest, SandboxRunner, SharedMount } from '../sandbox/types.js';
import type { ProjectEnv } from './find.js';
import { existingCaches, type EnvKindId } from './kinds.js';

// How a found environment appears inside the sandbox for a worktree: each folder at the
// same relative path, read-only; the virtualenv first on PATH with VIRTUAL_ENV set, and
// node_modules/.bin on PATH as `npm test` would put it.

export interface SandboxShare {
  shared: SharedMount[];
  pathPrepend: string[];
  env: Record<string, string>;
}

export function shareFor(projectEnv: ProjectEnv, cwd: string, without: ReadonlySet<EnvKindId> = new Set()): SandboxShare {
  const dirs = projectEnv.dirs.filter((dir) => !without.has(dir.kind));
  // Sharing a tree with itself (`oryon sandbox` in the user's checkout) still makes it read-only.
  const shared = dirs.map((dir): SharedMount => {
    const target = path.join(cwd, dir.path);
    return { source: dir.source, target, tmpfs: existingCaches(dir.kind, dir.source).map((cache) => path.join(target, cache)) };
  });
  const pathPrepend: string[] = [];
  const env: Record<string, string> = {};
  const venv = dirs.find((dir) => dir.path === projectEnv.venv);
  if (venv) {
    const venvRoot = path.join(cwd, venv.path);
    pathPrepend.push(path.join(venvRoot, 'bin'));
    env.VIRTUAL_ENV = venvRoot;
  }
  const rootModules = dirs.find((dir) => dir.kind === 'node' && dir.path === 'node_modules');
  if (rootModules && existsSync(path.join(rootModules.source, '.bin'))) pathPrepend.push(path.join(cwd, 'node_modules', '.bin'));
  return { shared, pathPrepend, env };
}

/**
 * The sandbox as the run's commands see it: every command in the worktree gets the shared
 * environment. `without` drops ecosystems whose shared copy went stale (the change touched
 * their dependencies and the run built a private one).
 */
export class EnvSandbox implements SandboxRunner {
  readonly isolation: SandboxRunner['isolation'];
  private readonly without = new Set<EnvKindId>();
  /** Computed once (it lists cache folders) and again only when an ecosystem stops being shared. */
  private current: SandboxShare | undefined;

  constructor(
    private readonly inner: SandboxRunner,
    private readonly projectEnv: ProjectEnv,
    private readonly worktree: string,
  ) {
    this.isolation = inner.isolation;
  }

  /** Stop sharing an ecosystem's folders (its private copy now lives in the worktree). */
  stopSharing(kind: EnvKindId): void {
    this.without.add(kind);
    this.current = undefined;
  }

  share(): SandboxShare {
    return (this.current ??= shareFor(this.projectEnv, this.worktree, this.without));
  }

  run(request: SandboxRequest): ReturnType<SandboxRunner['run']> {
    if (path.resolve(request.cwd) !== this.worktree) return this.inner.run(request);
    const share = this.share();
    return this.inner.run({
      ...request,
      shared: [...share.shared, ...(request.shared ?? [])],
      pathPrepend: [...share.pathPrepend, ...(request.pathPrepend ?? [])],
      env: { ...share.env, ...request.env },
    });
  }
}
