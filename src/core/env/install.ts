import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Ecosystem } from './dependencies.js';
import type { ProjectEnv } from './find.js';

// The project's own install command, run in the worktree to make a private, writable
// environment when a change touched dependencies. Caches go to the sandbox's private
// /tmp; nothing is written to the user's home or the user's installed packages.

export interface InstallStep {
  argv: string[];
  /** Where to run it, relative to the worktree. */
  dir: string;
}

/** The install steps for an ecosystem, or undefined when oryon does not know how to build it privately. */
export function installSteps(ecosystem: Ecosystem, worktree: string, projectEnv: ProjectEnv): InstallStep[] | undefined {
  const has = (file: string) => existsSync(path.join(worktree, file));
  switch (ecosystem) {
    case 'node': {
      if (has('pnpm-lock.yaml')) return [{ argv: ['pnpm', 'install', '--frozen-lockfile', '--prefer-offline', '--store-dir', '/tmp/pnpm-store'], dir: '.' }];
      if (has('yarn.lock')) return [{ argv: ['yarn', 'install', '--frozen-lockfile', '--prefer-offline', '--cache-folder', '/tmp/yarn-cache'], dir: '.' }];
      const ci = has('package-lock.json') || has('npm-shrinkwrap.json');
      return [{ argv: ['npm', ci ? 'ci' : 'install', '--prefer-offline', '--no-audit', '--no-fund', '--cache', '/tmp/npm-cache'], dir: '.' }];
    }
    case 'python': {
      const venv = projectEnv.venv ?? '.venv';
      const python = `${venv}/bin/python`;
      if (has('uv.lock')) return [{ argv: ['uv', 'sync', '--frozen', '--cache-dir', '/tmp/uv-cache'], dir: '.' }];
      const create: InstallStep = { argv: ['python3', '-m', 'venv', venv], dir: '.' };
      const requirements = ['requirements-dev.txt', 'requirements.txt'].find(has);
      if (requirements) return [create, { argv: [python, '-m', 'pip', 'install', '--no-cache-dir', '-r', requirements], dir: '.' }];
      if (has('pyproject.toml') || has('setup.py')) return [create, { argv: [python, '-m', 'pip', 'install', '--no-cache-dir', '-e', '.'], dir: '.' }];
      return undefined;
    }
    case 'ruby':
      return [{ argv: ['bundle', 'install', '--path', 'vendor/bundle'], dir: '.' }];
    case 'php':
      return [{ argv: ['composer', 'install', '--no-interaction'], dir: '.' }];
    default:
      return undefined;
  }
}

/** Which shared-environment kind an ecosystem's private install replaces. */
export function replacedKind(ecosystem: Ecosystem): 'node' | 'python' | 'ruby' | 'php' | 'elixir' | undefined {
  return ecosystem === 'go' || ecosystem === 'rust' ? undefined : ecosystem;
}
