import { z } from 'zod';
import { Mode } from '../../config/schema.js';
import { TOOL_SETTINGS } from '../agent-tools/types.js';
import { deepPartial, fraction, nonEmptyString, positiveInt } from '../../config/zod-helpers.js';

export const GATES = ['tests', 'lint', 'security', 'secrets', 'policy'] as const;
export const GateName = z.enum(GATES, { error: `expected one of ${GATES.join(', ')}` });
export type GateName = z.infer<typeof GateName>;

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(', ')}` });
export type Severity = z.infer<typeof Severity>;

const regex = () =>
  z.string({ error: 'expected a regular expression' }).refine(
    (source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'expected a valid regular expression' },
  );

/**
 * `network: false` (the sandbox's network) or the long form
 * `network: { sandbox: false, install: deny }`, where `install: allow` lets oryon build a
 * private dependency environment (npm ci, pip install) with network for that step only.
 */
const NetworkSetting = z.union(
  [
    z.boolean(),
    z.strictObject({
      sandbox: z.boolean({ error: 'expected true or false' }).optional(),
      install: z.enum(['allow', 'deny'], { error: 'expected allow or deny' }).optional(),
    }),
  ],
  { error: 'expected true, false or { sandbox: true|false, install: allow|deny }' },
);

/**
 * One `secrets.allow` entry: a path glob, a rule id (`generic-secret` or
 * `secrets/generic-secret`) and/or the sha256 (hex) of a value; a finding is allowed when
 * it meets every condition the entry gives.
 */
export const SecretsAllow = z
  .strictObject({
    path: nonEmptyString().optional(),
    rule: nonEmptyString().optional(),
    sha256: z
      .string({ error: 'expected the sha256 of the value, 64 hex digits' })
      .regex(/^[0-9a-fA-F]{64}$/, { error: 'expected the sha256 of the value, 64 hex digits' })
      .optional(),
    /** Why this is allowed; shown with every finding it lets through. */
    reason: nonEmptyString().optional(),
  })
  .refine((entry) => entry.path !== undefined || entry.rule !== undefined || entry.sha256 !== undefined, {
    error: 'an allow entry needs at least one of path, rule, sha256',
  });
export type SecretsAllow = z.infer<typeof SecretsAllow>;
const allowDeny = () => z.enum(['allow', 'deny'], { error: 'expected allow or deny' });
const neverAsk = () => z.enum(['never', 'ask'], { error: 'expected never or ask' });

/** Actions a person may be asked to approve (`approvals.<action>: never | ask`). */
export const APPROVAL_ACTIONS = ['commit', 'merge', 'push', 'open_pr', 'new_dependency', 'command'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

const PolicyShape = z.strictObject({
  /** The highest autonomy mode any run may use. */
  max_mode: Mode,
  /** The most the model's tools may do: off, read (no run_command), all. Caps agent.tools. */
  max_tools: z.enum(TOOL_SETTINGS, { error: `expected one of ${TOOL_SETTINGS.join(', ')}` }),
  paths: z.strictObject({
    /** Globs the agent may change. */
    allow: z.array(nonEmptyString()),
    /** Globs the agent must never read or change. */
    deny: z.array(nonEmptyString()),
  }),
  commands: z.strictObject({
    /** Command patterns the sandbox may run: a program name, or a glob over the command line. */
    allow: z.array(nonEmptyString()),
  }),
  limits: z.strictObject({
    max_files_changed: positiveInt(),
    max_lines_changed: positiveInt(),
    max_iterations: positiveInt(),
    max_tokens_per_run: positiveInt(),
    /** Per-repo token budgets counted from the journal (UTC day, UTC month); null = none. */
    tokens_per_day: positiveInt().nullable(),
    tokens_per_month: positiveInt().nullable(),
    command_timeout_ms: positiveInt(),
    memory_mb: positiveInt(),
    max_processes: positiveInt(),
    cpu_seconds: positiveInt(),
    max_file_size_mb: positiveInt(),
    max_output_bytes: positiveInt(),
    /** Size of the sandbox's private /tmp (and /var/tmp), MiB. */
    tmp_mb: positiveInt(),
    /** Bytes a command may add to the worktree, MiB; more ends the run. */
    max_write_mb: positiveInt(),
  }),
  forbidden_patterns: z.array(
    z.strictObject({
      id: nonEmptyString(),
      pattern: regex(),
      message: nonEmptyString(),
    }),
  ),
  gates: z.strictObject({
    required: z.array(GateName),
    /** Findings at or above this severity block. */
    blocking_severity: Severity,
  }),
  secrets: z.strictObject({
    /** Findings of the secrets gate that are accepted (test fixtures, published samples). */
    allow: z.array(SecretsAllow),
  }),
  auto_merge: z.strictObject({
    min_confidence: fraction(),
    required_gates: z.array(GateName),
  }),
  /** Sovereign merges only at or above this confidence (plan and review). */
  thresholds: z.strictObject({
    auto_merge_confidence: fraction(),
  }),
  /** What autopilot and sovereign may publish: nothing leaves the machine unless allowed. */
  git: z.strictObject({
    push: allowDeny(),
    remote: nonEmptyString(),
    open_pr: allowDeny(),
  }),
  approvals: z.strictObject({
    commit: neverAsk(),
    merge: neverAsk(),
    push: neverAsk(),
    open_pr: neverAsk(),
    new_dependency: neverAsk(),
    command: neverAsk(),
  }),
  network: NetworkSetting,
});

/** The merged policy, with the network setting in one shape: `network` is the sandbox's, `installs` the install step's. */
export const Policy = PolicyShape.transform(({ network, ...rest }) => ({
  ...rest,
  network: typeof network === 'boolean' ? network : (network.sandbox ?? false),
  installs: typeof network === 'boolean' ? ('deny' as const) : (network.install ?? ('deny' as const)),
}));
export type Policy = z.infer<typeof Policy>;

export const PolicyLayer = deepPartial(PolicyShape);
