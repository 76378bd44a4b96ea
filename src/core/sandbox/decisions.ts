import type { Decision } from '../policy/decide.js';
import type { SandboxResult } from './types.js';

// What the policy did to a command while it ran, as decisions for the run journal: a
// kill (timeout, process limit, write budget), output cut at the cap, setuid files stripped,
// and what isolation was missing (no bubblewrap, no cgroup, no seccomp filter).
// The allow/deny decision before the run is decideCommand's; these come after it.

export function runDecisions(
  result: SandboxResult,
  limits: { maxOutputBytes: number; isolationGap?: string | undefined; gaps?: ReadonlyArray<{ rule: string; reason: string }> },
): Decision[] {
  const subject = result.argv.join(' ');
  const decisions: Decision[] = [];
  if (result.killedBy && result.killedBy.rule !== 'interrupted') {
    decisions.push({ allowed: false, kind: 'limit', subject, rule: result.killedBy.rule, reason: result.killedBy.reason });
  }
  if (result.outputTruncated) {
    decisions.push({
      allowed: false,
      kind: 'limit',
      subject,
      rule: 'limits.max_output_bytes',
      reason: `output over ${limits.maxOutputBytes} bytes; only its first and last bytes were kept`,
    });
  }
  for (const file of result.setIdStripped ?? []) {
    const mode = file.mode.toString(8).padStart(4, '0');
    decisions.push({
      allowed: false,
      kind: 'path',
      subject: file.path,
      rule: 'sandbox.setid',
      reason: file.stripped
        ? `the command left a setuid/setgid file (mode ${mode}); the bits were removed`
        : `the command left a setuid/setgid file (mode ${mode}) hard-linked from outside the worktree; it was left alone`,
    });
  }
  for (const dir of result.nestedGitRemoved ?? []) {
    decisions.push({
      allowed: false,
      kind: 'path',
      subject: dir,
      rule: 'sandbox.nested-git',
      reason: 'the command created a nested git repository, whose config could run commands at your next git status there; it was removed',
    });
  }
  if (result.isolation === 'bwrap') {
    for (const gap of limits.gaps ?? []) decisions.push({ allowed: true, kind: 'command', subject, rule: gap.rule, reason: gap.reason });
  }
  if (result.isolation === 'none') {
    decisions.push({
      allowed: true,
      kind: 'command',
      subject,
      rule: 'sandbox.isolation',
      reason: `best-effort: ran without bubblewrap${limits.isolationGap ? ` (${limits.isolationGap})` : ''}; the file system, network and secrets were not isolated`,
    });
  }
  return decisions;
}
