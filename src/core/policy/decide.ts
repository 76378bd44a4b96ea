import path from 'node:path';
import { globRegex } from '../fs/glob.js';
import { MODES } from '../../config/modes.js';
import type { Mode } from '../../config/schema.js';
import type { Policy } from './schema.js';
import { splitWords, unwrapCommand, WRAPPERS } from './wrappers.js';

// Policy is data plus these pure functions: (request, policy) → allow | deny, always
// naming the rule that decided, so every decision can be journaled and explained.

export type DecisionKind = 'path' | 'command' | 'mode' | 'limit' | 'pattern' | 'approval' | 'tool' | 'git' | 'merge' | 'undo';

export interface Decision {
  allowed: boolean;
  kind: DecisionKind;
  /** What was decided on: a path, a command line, a mode. */
  subject: string;
  /** The rule that decided, e.g. `paths.deny: .env*` or `commands.allow`. */
  rule: string;
  reason: string;
}

/** Files the agent can never change, whatever the policy says. */
export const PROTECTED_PATHS = ['.oryon/policy.yaml', '.oryon/config.yaml'] as const;

// A glob equal to the subject matches as well, as picomatch's own matcher does.
function globMatches(glob: string, subject: string): boolean {
  return subject === glob || globRegex(glob).test(subject);
}

/** Repo-relative POSIX form, or undefined when the path leaves the repo. */
export function normalizeRepoPath(relPath: string): string | undefined {
  if (relPath === '' || path.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) return undefined;
  const normalized = path.posix.normalize(relPath.replaceAll('\\', '/'));
  if (normalized === '..' || normalized.startsWith('../') || normalized === '.') return undefined;
  return normalized.replace(/^\.\//, '');
}

export function decidePath(policy: Policy, relPath: string, access: 'read' | 'write'): Decision {
  const subject = relPath;
  const normalized = normalizeRepoPath(relPath);
  if (normalized === undefined) {
    return { allowed: false, kind: 'path', subject, rule: 'paths.inside-repo', reason: `${relPath} is outside the repository` };
  }
  if (access === 'write' && (PROTECTED_PATHS as readonly string[]).includes(normalized)) {
    return {
      allowed: false,
      kind: 'path',
      subject,
      rule: 'paths.protected',
      reason: `${normalized} holds oryon's own settings; only the user may change it`,
    };
  }
  const denied = policy.paths.deny.find((glob) => globMatches(glob, normalized));
  if (denied) {
    return {
      allowed: false,
      kind: 'path',
      subject,
      rule: `paths.deny: ${denied}`,
      reason: `${normalized} matches the deny pattern "${denied}"`,
    };
  }
  if (access === 'read') {
    return { allowed: true, kind: 'path', subject, rule: 'paths.deny', reason: 'no deny pattern matches' };
  }
  const allowed = policy.paths.allow.find((glob) => globMatches(glob, normalized));
  if (!allowed) {
    return {
      allowed: false,
      kind: 'path',
      subject,
      rule: 'paths.allow',
      reason: `${normalized} matches no pattern in paths.allow`,
    };
  }
  return { allowed: true, kind: 'path', subject, rule: `paths.allow: ${allowed}`, reason: `matches "${allowed}"` };
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh']);
/** Shell builtins that cannot start another program (not eval, exec, trap, source). */
const INERT_BUILTINS = new Set(['cd', 'exit', 'export', 'unset', 'set', 'shift', 'return', 'read', 'wait', 'umask', 'ulimit', ':']);
const GLOB_CHARS = /[*?[\]{}]/;

function commandAllowed(policy: Policy, argv: readonly string[]): string | undefined {
  const program = path.basename(argv[0] ?? '');
  const line = [program, ...argv.slice(1)].join(' ');
  return policy.commands.allow.find((pattern) => (/\s/.test(pattern) || GLOB_CHARS.test(pattern) ? globMatches(pattern, line) : pattern === program));
}

/**
 * The programs a `sh -c SCRIPT` would start, found at command positions (start, and
 * after ; & | && || ( newline). Rough on purpose: it only has to stop an allowed shell
 * from being the way around the allowlist.
 */
export function scriptPrograms(script: string): string[] {
  const programs: string[] = [];
  // Descriptor duplications (2>&1, >&2) are not command separators. `&>` is left alone:
  // in dash it is `&` then `>`, and what follows runs.
  const unredirected = script.replace(/\d*[<>]&(\d+|-)/g, ' > ');
  for (const segment of unredirected.split(/\|\||&&|[;&|\n()`]|\$\(/)) {
    const words = splitWords(segment);
    // Skip variable assignments and common prefixes that take a command after them.
    let index = 0;
    // Keywords that a command follows (`if curl …`, `! curl`, `{ curl`) are skipped too,
    // so the command after them is still checked.
    while (
      index < words.length &&
      (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[index]!) ||
        ['exec', 'time', 'nohup', 'command', 'builtin', '{', '!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until'].includes(words[index]!))
    ) {
      index++;
    }
    const word = unwrapCommand(words.slice(index))[0];
    if (word && word !== '}' && !['fi', 'done', 'for', 'case', 'esac', 'in'].includes(word)) programs.push(word);
  }
  return programs;
}

export function decideCommand(policy: Policy, argv: readonly string[]): Decision {
  const subject = argv.join(' ');
  const program = path.basename(argv[0] ?? '');
  if (!program) {
    return { allowed: false, kind: 'command', subject, rule: 'commands.allow', reason: 'empty command' };
  }
  const pattern = commandAllowed(policy, argv);
  if (!pattern) {
    return {
      allowed: false,
      kind: 'command',
      subject,
      rule: 'commands.allow',
      reason: `"${program}" is not in commands.allow`,
    };
  }
  if (WRAPPERS.has(program)) {
    const wrapped = unwrapCommand(argv);
    // A wrapper with nothing after it (`env`) just prints; otherwise the wrapped program decides.
    if (wrapped.length > 0) {
      const inner = decideCommand(policy, wrapped);
      if (!inner.allowed) return { ...inner, subject, reason: `${inner.reason} (started through ${program})` };
    }
  }
  if (SHELLS.has(program)) {
    const scriptIndex = argv.indexOf('-c');
    const script = scriptIndex > 0 ? argv[scriptIndex + 1] : undefined;
    for (const inner of script === undefined ? [] : scriptPrograms(script)) {
      if (!commandAllowed(policy, [inner]) && !INERT_BUILTINS.has(inner)) {
        return {
          allowed: false,
          kind: 'command',
          subject,
          rule: 'commands.allow',
          reason: `"${path.basename(inner)}" (inside ${program} -c) is not in commands.allow`,
        };
      }
    }
  }
  return { allowed: true, kind: 'command', subject, rule: 'commands.allow', reason: `matches "${pattern}"` };
}

export function modeRank(mode: Mode): number {
  return MODES.indexOf(mode);
}

/** Caps the requested mode at max_mode; `allowed` is false when it had to be lowered. */
export function decideMode(policy: Policy, requested: Mode): Decision & { mode: Mode } {
  if (modeRank(requested) <= modeRank(policy.max_mode)) {
    return { allowed: true, kind: 'mode', subject: requested, rule: 'max_mode', reason: `${requested} is within max_mode ${policy.max_mode}`, mode: requested };
  }
  return {
    allowed: false,
    kind: 'mode',
    subject: requested,
    rule: 'max_mode',
    reason: `the policy caps autonomy at ${policy.max_mode}; ${requested} was requested`,
    mode: policy.max_mode,
  };
}

export interface ChangedFile {
  path: string;
  /** Added lines, in order, with their new-file line numbers when known. */
  added: Array<{ line: number; text: string }>;
  removedCount: number;
}

/** Paths, limits and forbidden patterns over a change. Returns every denial (empty = allowed). */
export function checkChange(policy: Policy, files: readonly ChangedFile[]): Decision[] {
  const denials: Decision[] = [];
  for (const file of files) {
    const decision = decidePath(policy, file.path, 'write');
    if (!decision.allowed) denials.push(decision);
  }
  if (files.length > policy.limits.max_files_changed) {
    denials.push({
      allowed: false,
      kind: 'limit',
      subject: `${files.length} files`,
      rule: 'limits.max_files_changed',
      reason: `${files.length} files changed; the limit is ${policy.limits.max_files_changed}`,
    });
  }
  const linesChanged = files.reduce((sum, file) => sum + file.added.length + file.removedCount, 0);
  if (linesChanged > policy.limits.max_lines_changed) {
    denials.push({
      allowed: false,
      kind: 'limit',
      subject: `${linesChanged} lines`,
      rule: 'limits.max_lines_changed',
      reason: `${linesChanged} lines changed; the limit is ${policy.limits.max_lines_changed}`,
    });
  }
  const patterns = policy.forbidden_patterns.map((entry) => ({ ...entry, regex: new RegExp(entry.pattern) }));
  for (const file of files) {
    for (const added of file.added) {
      for (const entry of patterns) {
        if (entry.regex.test(added.text)) {
          denials.push({
            allowed: false,
            kind: 'pattern',
            subject: `${file.path}:${added.line}`,
            rule: `forbidden_patterns: ${entry.id}`,
            reason: entry.message,
          });
        }
      }
    }
  }
  return denials;
}
