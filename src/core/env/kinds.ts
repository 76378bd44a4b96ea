import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

// What counts as a project's installed environment: git-ignored folders that package
// managers fill and test runs read. Build output (dist/, target/) is not here: tests
// write it, so it must stay the worktree's own.

export type EnvKindId = 'node' | 'python' | 'ruby' | 'php' | 'elixir' | 'custom';

export interface EnvKind {
  id: Exclude<EnvKindId, 'custom'>;
  /** Whether the ignored folder `dir` (absolute) at `rel` (repo-relative, no trailing slash) is one of ours. */
  matches(rel: string, dir: string): boolean;
  /** Subfolders tools insist on writing (caches): a private tmpfs over each that exists. */
  caches: readonly string[];
}

const base = (rel: string): string => path.posix.basename(rel);

export const ENV_KINDS: readonly EnvKind[] = [
  { id: 'node', matches: (rel) => base(rel) === 'node_modules', caches: ['.cache', '.vite', '.vitest', '.astro', '.turbo'] },
  // Any virtualenv, whatever its name (.venv, venv, env, .tox/py311...): it has pyvenv.cfg.
  { id: 'python', matches: (_rel, dir) => existsSync(path.join(dir, 'pyvenv.cfg')), caches: [] },
  { id: 'ruby', matches: (rel) => rel === 'vendor/bundle' || rel.endsWith('/vendor/bundle') || base(rel) === '.bundle', caches: [] },
  { id: 'php', matches: (rel, dir) => base(rel) === 'vendor' && existsSync(path.join(dir, 'autoload.php')), caches: [] },
  { id: 'elixir', matches: (rel, dir) => base(rel) === 'deps' && existsSync(path.join(path.dirname(dir), 'mix.exs')), caches: [] },
];

/** Cache subfolders of a shared folder that exist (only existing ones can be covered: the share is read-only). */
export function existingCaches(kind: EnvKindId, dir: string): string[] {
  const caches = ENV_KINDS.find((k) => k.id === kind)?.caches ?? [];
  if (!caches.length) return [];
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    return [];
  }
  return caches.filter((cache) => names.has(cache));
}
