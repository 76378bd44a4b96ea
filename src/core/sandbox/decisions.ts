import type { Decision } from '../policy/decide.js';
import type { SandboxResult } from './types.js';

// What the policy did to a command while it ran, as decisions for the run journal: a
// kill (timeout, process limit), output cut at the cap, and running without isolation.
// The allow/deny decision before the run is decideCommand's; these come after it.

export function runDecisions(result: SandboxResult, limits: { maxOutputBytes: number; isolationGap?: string | undefined }): Decision[] {
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
