import { SEVERITIES, type Policy } from './schema.js';

// What a repo's own .oryon files loosen, as data: the repo (its author, or a sandboxed
// command that wrote .oryon/policy.yaml) must not get more than the defaults give it
// without the user's `oryon trust`. Pure functions over the merged settings before and
// after the repo's files, so each rule below is one comparison.
//
// Not loosening: a higher max_mode (the packaged default is already the highest), and
// anything that only narrows (fewer commands, more deny globs, smaller limits).

export interface Loosening {
  /** The settings key, e.g. `network`, `commands.allow`, `limits.memory_mb`. */
  key: string;
  /** What changed, briefly: `false → true`, `+ curl`, `- .git/**`. */
  detail: string;
}

/** Entries of `after` not in `before`; a `**` in before allows everything, so nothing is new. */
function added(before: readonly string[], after: readonly string[]): string[] {
  if (before.includes('**')) return [];
  return after.filter((entry) => !before.includes(entry));
}

function removed<T>(before: readonly T[], after: readonly T[]): T[] {
  return before.filter((entry) => !after.includes(entry));
}

// Earlier packaged patterns, each with the later defaults that narrowed it: a repo policy
// that copied the earlier one (lists are replaced, so adding a pattern means copying the
// defaults) keeps a pattern at least as strict, which is no loosening.
const EARLIER_DEFAULTS = new Map<string, string[]>([
  ['(~|\\$HOME|\\$\\{HOME\\}|/home/[^/\\s]+|/root)/\\.ssh\\b', ['^(?![ \\t]*(?:[*#]|//|/\\*)).*(~|\\$HOME|\\$\\{HOME\\}|/home/[^/\\s]+|/root)/\\.ssh\\b']],
  ['(~|\\$HOME|\\$\\{HOME\\})/\\.(aws|gnupg|netrc|docker)\\b', ['^(?![ \\t]*(?:[*#]|//|/\\*)).*(~|\\$HOME|\\$\\{HOME\\})/\\.(aws|gnupg|netrc|docker)\\b']],
]);

export function policyLoosening(base: Policy, effective: Policy): Loosening[] {
  const found: Loosening[] = [];
  if (effective.network && !base.network) found.push({ key: 'network', detail: 'false → true' });
  if (effective.installs === 'allow' && base.installs !== 'allow') found.push({ key: 'network.install', detail: 'deny → allow' });
  for (const entry of added(base.commands.allow, effective.commands.allow)) found.push({ key: 'commands.allow', detail: `+ ${entry}` });
  for (const entry of added(base.paths.allow, effective.paths.allow)) found.push({ key: 'paths.allow', detail: `+ ${entry}` });
  for (const entry of removed(base.paths.deny, effective.paths.deny)) found.push({ key: 'paths.deny', detail: `- ${entry}` });
  for (const [name, value] of Object.entries(effective.limits) as Array<[keyof Policy['limits'], number | null]>) {
    // null is "no limit": looser than any number, and nothing is looser than it.
    const before = base.limits[name];
    if (before !== null && (value === null || value > before)) found.push({ key: `limits.${name}`, detail: `${before} → ${value ?? 'none'}` });
  }
  // An allowlist silences the secrets gate on the user's own commits: a repo's file adding
  // entries needs trust like any other loosening.
  for (const entry of effective.secrets.allow.filter((entry) => !base.secrets.allow.some((known) => JSON.stringify(known) === JSON.stringify(entry)))) {
    found.push({ key: 'secrets.allow', detail: `+ ${[entry.path, entry.rule, entry.sha256?.slice(0, 12)].filter(Boolean).join(' ')}` });
  }
  for (const gate of removed(base.gates.required, effective.gates.required)) found.push({ key: 'gates.required', detail: `- ${gate}` });
  // Findings at or above blocking_severity block, so a higher threshold blocks less.
  if (SEVERITIES.indexOf(effective.gates.blocking_severity) > SEVERITIES.indexOf(base.gates.blocking_severity)) {
    found.push({ key: 'gates.blocking_severity', detail: `${base.gates.blocking_severity} → ${effective.gates.blocking_severity}` });
  }
  for (const gate of removed(base.auto_merge.required_gates, effective.auto_merge.required_gates))
    found.push({ key: 'auto_merge.required_gates', detail: `- ${gate}` });
  if (effective.auto_merge.min_confidence < base.auto_merge.min_confidence) {
    found.push({ key: 'auto_merge.min_confidence', detail: `${base.auto_merge.min_confidence} → ${effective.auto_merge.min_confidence}` });
  }
  if (effective.thresholds.auto_merge_confidence < base.thresholds.auto_merge_confidence) {
    found.push({ key: 'thresholds.auto_merge_confidence', detail: `${base.thresholds.auto_merge_confidence} → ${effective.thresholds.auto_merge_confidence}` });
  }
  if (effective.git.push === 'allow' && base.git.push !== 'allow') found.push({ key: 'git.push', detail: 'deny → allow' });
  if (effective.git.open_pr === 'allow' && base.git.open_pr !== 'allow') found.push({ key: 'git.open_pr', detail: 'deny → allow' });
  for (const [action, value] of Object.entries(effective.approvals) as Array<[keyof Policy['approvals'], string]>) {
    if (value === 'never' && base.approvals[action] === 'ask') found.push({ key: `approvals.${action}`, detail: 'ask → never' });
  }
  for (const pattern of base.forbidden_patterns) {
    const kept = effective.forbidden_patterns.find((entry) => entry.id === pattern.id);
    if (!kept) found.push({ key: 'forbidden_patterns', detail: `- ${pattern.id}` });
    else if (kept.pattern !== pattern.pattern && !EARLIER_DEFAULTS.get(kept.pattern)?.includes(pattern.pattern)) {
      found.push({ key: 'forbidden_patterns', detail: `~ ${pattern.id}` });
    }
  }
  return found;
}

type Settings = Record<string, unknown>;

function at(settings: Settings, section: string, key: string): unknown {
  const value = settings[section];
  return value !== null && typeof value === 'object' ? (value as Settings)[key] : undefined;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : []);

/**
 * The config keys that weaken isolation or widen what the sandbox sees. Takes plain
 * settings objects, so a key another part of oryon adds (sandbox.home_allow) is judged
 * whether or not this build's schema knows it yet.
 */
export function configLoosening(base: Settings, effective: Settings): Loosening[] {
  const found: Loosening[] = [];
  const isolation = { before: at(base, 'sandbox', 'isolation'), after: at(effective, 'sandbox', 'isolation') };
  if (isolation.after === 'best-effort' && isolation.before !== 'best-effort') {
    found.push({ key: 'sandbox.isolation', detail: `${String(isolation.before)} → best-effort` });
  }
  for (const entry of added(strings(at(base, 'sandbox', 'home_allow')), strings(at(effective, 'sandbox', 'home_allow')))) {
    found.push({ key: 'sandbox.home_allow', detail: `+ ${entry}` });
  }
  for (const engine of removed(strings(at(base, 'security', 'engines')), strings(at(effective, 'security', 'engines')))) {
    found.push({ key: 'security.engines', detail: `- ${engine}` });
  }
  // An MCP server or a plugin is code the repo asks oryon to run; a new allow entry hands the model a tool.
  const servers = (settings: Settings): Settings => {
    const value = at(settings, 'mcp', 'servers');
    return value !== null && typeof value === 'object' ? (value as Settings) : {};
  };
  const [before, after] = [servers(base), servers(effective)];
  for (const [name, spec] of Object.entries(after)) {
    if (!(name in before)) found.push({ key: 'mcp.servers', detail: `+ ${name}` });
    else if (JSON.stringify(spec) !== JSON.stringify(before[name])) found.push({ key: 'mcp.servers', detail: `~ ${name}` });
  }
  for (const entry of added(strings(at(base, 'mcp', 'allow')), strings(at(effective, 'mcp', 'allow')))) found.push({ key: 'mcp.allow', detail: `+ ${entry}` });
  for (const entry of added(strings(base.plugins), strings(effective.plugins))) found.push({ key: 'plugins', detail: `+ ${entry}` });
  // The fix loop is where an agent's change is checked: a repo keeping Semgrep out of it loosens.
  const semgrepAt = at(effective, 'gates', 'semgrep');
  if (semgrepAt === 'hook' && at(base, 'gates', 'semgrep') !== 'hook') found.push({ key: 'gates.semgrep', detail: 'hook (not in the fix loop)' });
  // Less redaction sends more of the user's secrets and data to the model.
  const redact = { before: at(base, 'guardrails', 'redact'), after: at(effective, 'guardrails', 'redact') };
  if (REDACT_LEVELS.indexOf(String(redact.after)) < REDACT_LEVELS.indexOf(String(redact.before))) {
    found.push({ key: 'guardrails.redact', detail: `${String(redact.before)} → ${String(redact.after)}` });
  }
  for (const kind of removed(strings(at(base, 'guardrails', 'pii')), strings(at(effective, 'guardrails', 'pii')))) {
    found.push({ key: 'guardrails.pii', detail: `- ${kind}` });
  }
  // A new model endpoint is somewhere the user's code and prompts would be sent.
  const endpoints = (settings: Settings): string[] => {
    const fallback = at(settings, 'model', 'fallback');
    const urls = Array.isArray(fallback) ? fallback.map((entry) => String((entry as { base_url?: unknown }).base_url)) : [];
    const baseUrl = at(settings, 'model', 'base_url');
    return [...(typeof baseUrl === 'string' ? [baseUrl] : []), ...strings(at(settings, 'model', 'hosts')), ...urls];
  };
  for (const url of added(endpoints(base), endpoints(effective))) found.push({ key: 'model endpoints', detail: `+ ${url}` });
  return found;
}

const REDACT_LEVELS = ['off', 'secrets', 'secrets+pii'];

/** `network, commands.allow (+ curl, + wget)`: the keys in order, details grouped. */
export function describeLoosening(found: readonly Loosening[]): string {
  const byKey = new Map<string, string[]>();
  for (const entry of found) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry.detail]);
  return [...byKey].map(([key, details]) => `${key} (${details.join(', ')})`).join('; ');
}
