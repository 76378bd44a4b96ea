import { picomatch } from '../../fs/glob.js';
import type { SecretsAllow } from '../../policy/schema.js';
import { sha256 } from './placeholder.js';

// The repository's allowlist (`secrets.allow` in .oryon/policy.yaml): each entry names a
// path glob, a rule id and/or the sha256 of a value; a finding is allowed when it meets
// every condition its entry gives. Allowed findings are still listed, as suppressed, with
// the entry's reason, so the gate's output says what was let through and why.

export interface AllowCheck {
  (finding: { path: string; ruleId: string; token: string }): string | undefined;
}

export function allowChecker(entries: readonly SecretsAllow[]): AllowCheck | undefined {
  if (entries.length === 0) return undefined;
  const compiled = entries.map((entry) => ({
    entry,
    path: entry.path ? picomatch(entry.path, { dot: true }) : undefined,
    rule: entry.rule?.replace(/^secrets\//, ''),
    sha256: entry.sha256?.toLowerCase(),
  }));
  return ({ path, ruleId, token }) => {
    let digest: string | undefined;
    for (const { entry, path: pathMatches, rule, sha256: wanted } of compiled) {
      if (pathMatches && !pathMatches(path)) continue;
      if (rule !== undefined && rule !== ruleId) continue;
      if (wanted !== undefined && wanted !== (digest ??= sha256(token))) continue;
      const what = [entry.path && `path ${entry.path}`, entry.rule && `rule ${entry.rule}`, entry.sha256 && `sha256 ${entry.sha256.slice(0, 12)}…`]
        .filter(Boolean)
        .join(', ');
      return `secrets.allow (${what})${entry.reason ? `: ${entry.reason}` : ''}`;
    }
    return undefined;
  };
}
