import { indexChecksum } from '../git/index-checksum.js';
import type { Policy } from '../policy/schema.js';
import type { Database } from '../store/db.js';
import { indexablePaths } from './repo-files.js';

// Bumped when what makes a path indexable changes in code (repo-files.ts), so a list
// filtered by older rules is never reused.
const RULES_VERSION = 1;

/**
 * indexablePaths, remembered per repo under the git index's checksum and the policy's
 * deny globs: `git ls-files --cached` is a function of the index alone, so while neither
 * changes (the usual case after editing a file), the list is read back instead of
 * spawning git and checking every path against the policy again (~40 ms of a one-file
 * re-index; perf/memory.perf.ts). Any index it cannot identify asks git every time, and
 * so does a `fresh` (full) re-index.
 */
export async function trackedIndexablePaths(
  db: Database,
  repo: string,
  repoRoot: string,
  policy: Policy,
  { fresh = false, signal }: { fresh?: boolean | undefined; signal?: AbortSignal | undefined } = {},
): Promise<string[]> {
  const checksum = indexChecksum(repoRoot);
  if (checksum === undefined) return indexablePaths(repoRoot, policy, signal);
  const key = JSON.stringify([RULES_VERSION, checksum, policy.paths.deny]);
  const row = db.prepare('SELECT key, paths FROM mem_tracked WHERE repo = ?').get(repo) as { key: string; paths: string } | undefined;
  if (!fresh && row?.key === key) return row.paths === '' ? [] : row.paths.split('\0');
  // The key was read before listing: if the index changes meanwhile, the next run's key differs.
  const paths = await indexablePaths(repoRoot, policy, signal);
  db.prepare('INSERT INTO mem_tracked (repo, key, paths) VALUES (?, ?, ?) ON CONFLICT (repo) DO UPDATE SET key = excluded.key, paths = excluded.paths').run(
    repo,
    key,
    paths.join('\0'),
  );
  return paths;
}
