import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { bareRuleId, oneLine, type SemgrepError } from './semgrep.js';

// The repo's own Semgrep rules: `.semgrep.yml`, `.semgrep.yaml`, or the rule files in
// `.semgrep/`, the places teams that use Semgrep already keep them. They are read from the
// user's repository (never the agent's worktree, where an edit could weaken them), and a
// symlink is never followed: only regular files count.

export const REPO_SEMGREP_PLACES = ['.semgrep.yml', '.semgrep.yaml', '.semgrep/'] as const;

/** Repo-relative rule files, sorted; [] when the repo has none. */
export function findRepoSemgrepRules(repoRoot: string): string[] {
  const found: string[] = [];
  for (const name of ['.semgrep.yml', '.semgrep.yaml']) if (kind(path.join(repoRoot, name)) === 'file') found.push(name);
  if (kind(path.join(repoRoot, '.semgrep')) === 'dir') walk(repoRoot, '.semgrep', found, 0);
  return found.sort();
}

function kind(abs: string): 'file' | 'dir' | undefined {
  try {
    const info = lstatSync(abs);
    return info.isFile() ? 'file' : info.isDirectory() ? 'dir' : undefined;
  } catch {
    return undefined;
  }
}

function walk(root: string, rel: string, found: string[], depth: number): void {
  if (depth > 8) return;
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory() && !entry.name.startsWith('.')) walk(root, child, found, depth + 1);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) found.push(child);
  }
}

/** The repo's rules are told apart from oryon's own by engine and rule id: `security/semgrep/<id>`. */
export function repoRuleId(checkId: string): string {
  return `security/semgrep/${bareRuleId(checkId)}`;
}

/**
 * A clear error out of Semgrep's `errors` array: which of the repo's rule files it rejected
 * (matched by path, span or message), the line when given, and Semgrep's own message.
 */
export function describeRuleErrors(errors: readonly SemgrepError[], repoRoot: string, rules: readonly string[]): string {
  const first = errors[0]!;
  const mentioned = [first.path, ...(first.spans ?? []).map((span) => span.file)].filter((p): p is string => typeof p === 'string');
  const named = rules.find((rule) => mentioned.some((p) => sameFile(p, rule, repoRoot)) || (first.message ?? '').includes(rule));
  const line = first.spans?.find((span) => span.start?.line !== undefined)?.start?.line;
  const where = named ? `${named}${line !== undefined ? `:${line}` : ''}` : rules.join(', ');
  const what = oneLine(first.message ?? (typeof first.type === 'string' ? first.type : JSON.stringify(first.type ?? 'error')));
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length === 2 ? '' : 's'})` : '';
  return `semgrep rejected the repo's rule file ${where}: ${what}${more}`;
}

function sameFile(reported: string, rule: string, repoRoot: string): boolean {
  const normal = reported.split(path.sep).join('/');
  return normal === rule || normal === `./${rule}` || path.resolve(repoRoot, reported) === path.join(repoRoot, rule);
}
