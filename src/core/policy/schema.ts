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

export const Policy = z.strictObject({
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
  network: z.boolean({ error: 'expected true or false' }),
});
export type Policy = z.infer<typeof Policy>;

export const PolicyLayer = deepPartial(Policy);
