import { decidePath, normalizeRepoPath } from '../policy/decide.js';
import type { Policy } from '../policy/schema.js';
import { ToolError } from './types.js';

/**
 * The repo-relative form of a path the model named, or a ToolError naming the rule that
 * refuses it (outside the repo, hidden by paths.deny). `.` and `` mean the root.
 */
export function readablePath(policy: Policy, raw: string, options: { root?: boolean } = {}): string {
  const trimmed = raw.trim().replace(/^\.\/+/, '');
  if (options.root && (trimmed === '' || trimmed === '.' || trimmed === './')) return '';
  const normalized = normalizeRepoPath(trimmed.replace(/\/+$/, ''));
  if (normalized === undefined) {
    const decision = decidePath(policy, raw, 'read');
    throw new ToolError(`refused by policy rule ${decision.rule}: ${decision.reason}`, decision);
  }
  // .git is git's, not the project's: its config and hooks are not the model's to read.
  if (normalized === '.git' || normalized.startsWith('.git/')) {
    throw new ToolError(`refused: ${normalized} is inside .git (use git_log and git_show)`, {
      allowed: false,
      kind: 'path',
      subject: normalized,
      rule: 'paths.git-dir',
      reason: `${normalized} is inside .git`,
    });
  }
  const decision = decidePath(policy, normalized, 'read');
  if (!decision.allowed) throw new ToolError(`refused by policy rule ${decision.rule}: ${decision.reason}`, decision);
  return normalized;
}

/** Text cut to `max` characters, saying so. */
export function capText(text: string, max: number, hint = ''): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (cut at ${max} characters${hint ? `; ${hint}` : ''})`;
}
