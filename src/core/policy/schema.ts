import { z } from 'zod';
import { Mode } from '../../config/schema.js';
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

const PolicyShape = z.strictObject({
  /** The highest autonomy mode any run may use. */
  max_mode: Mode,
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
  auto_merge: z.strictObject({
    min_confidence: fraction(),
    required_gates: z.array(GateName),
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
