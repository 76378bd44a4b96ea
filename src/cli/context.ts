import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { MODES, type Mode } from '../config/schema.js';
import { BadInputError } from '../core/errors.js';
import { withHooksPathDenied } from '../core/git/hooks-path.js';
import { gitTopLevel } from '../core/git/top-level.js';

/** Options every command accepts (SPEC "Common options"). */
export interface CommonOptions {
  repo?: string;
  json?: boolean;
  model?: string;
  mode?: string;
  debug?: boolean;
}

/** The git top-level of --repo or the cwd; exit 2 when it is not a repo. */
export function resolveRepo(options: CommonOptions): string {
  return gitTopLevel(options.repo ?? process.cwd());
}

/** Like resolveRepo, but outside a repo returns undefined instead of failing. */
export function findRepo(options: CommonOptions): string | undefined {
  try {
    return resolveRepo(options);
  } catch {
    if (options.repo) throw new BadInputError(`not a git repository: ${path.resolve(options.repo)}`);
    return undefined;
  }
}

export function parseMode(value: string | undefined): Mode | undefined {
  if (value === undefined) return undefined;
  if (!(MODES as readonly string[]).includes(value)) {
    throw new BadInputError(`--mode: expected one of ${MODES.join(', ')}, got "${value}"`);
  }
  return value as Mode;
}

export function loadForRepo(options: CommonOptions, repoRoot: string | undefined): LoadedConfig {
  const loaded = loadConfig({ repoRoot, flags: { model: options.model, mode: parseMode(options.mode) } });
  if (repoRoot) loaded.policy = withHooksPathDenied(loaded.policy, repoRoot);
  return loaded;
}
