import type { Config } from '../../config/schema.js';
import type { GatesSeam } from '../agent/options.js';
import type { Policy } from '../policy/schema.js';
import type { SandboxRunner } from '../sandbox/types.js';
import type { LoadedPlugin } from '../plugins/types.js';
import { formatFindingsForModel, runGates } from './run-gates.js';

// The gates as the fix loop's seam: after the tests pass, the agent's change (worktree
// against its base, narrowed to the files it touched) goes through secrets, security,
// policy and lint. The loop journals the findings and the policy decisions, and sends
// `feedback` to the model.
// Lint runs when the policy requires it, in the same sandbox as the tests.

export function createFixGates(options: {
  config: Config;
  policy: Policy;
  repoRoot: string;
  sandbox?: SandboxRunner;
  plugins?: readonly LoadedPlugin[];
}): GatesSeam {
  return async ({ worktree, base, changedFiles, signal, sandbox }) => {
    const runner = sandbox ?? options.sandbox;
    const report = await runGates({
      repoRoot: options.repoRoot,
      target: { kind: 'worktree-diff', worktree, base, paths: changedFiles },
      config: options.config,
      policy: options.policy,
      lint: options.policy.gates.required.includes('lint'),
      ...(runner ? { runner } : {}),
      ...(options.plugins ? { plugins: options.plugins } : {}),
      ...(signal ? { signal } : {}),
    });
    return { passed: report.passed, findings: report.findings, feedback: formatFindingsForModel(report), decisions: report.decisions, notices: report.notices };
  };
}
