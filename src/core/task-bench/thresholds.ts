// bench/thresholds.yaml (or .oryon/bench.yaml): per-suite floors and ceilings for
// `oryon bench check`, the baseline margin, and the curriculum's minimum pass rate.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BadInputError } from '../errors.js';

const rate = () =>
  z
    .number({ error: 'expected a rate between 0 and 1' })
    .min(0, { error: 'expected a rate between 0 and 1' })
    .max(1, { error: 'expected a rate between 0 and 1' });
const positive = () => z.number({ error: 'expected a positive number' }).positive({ error: 'expected a positive number' });

export const SuiteThresholds = z.strictObject({
  min_pass_rate: rate().optional(),
  /** Median prompt + completion tokens per task. */
  max_tokens_per_task: positive().optional(),
  /** Median wall seconds per task. */
  max_seconds_per_task: positive().optional(),
});
export type SuiteThresholds = z.infer<typeof SuiteThresholds>;

export const ThresholdsFile = z.strictObject({
  suites: z.record(z.string(), SuiteThresholds).default({}),
  /** How far (absolute pass rate) the latest run may fall below the baseline. */
  baseline_margin: rate().default(0.05),
  curriculum: z.strictObject({ min_pass_rate: rate().default(0.5) }).default({ min_pass_rate: 0.5 }),
});
export type Thresholds = z.infer<typeof ThresholdsFile>;

export const THRESHOLD_FILES = ['bench/thresholds.yaml', '.oryon/bench.yaml'];

/** The first thresholds file found under root, parsed; defaults when there is none. */
export function loadThresholds(root: string, explicit?: string): { thresholds: Thresholds; file: string | null } {
  const candidates = explicit ? [path.resolve(root, explicit)] : THRESHOLD_FILES.map((file) => path.join(root, file));
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) {
    if (explicit) throw new BadInputError(`--thresholds ${explicit}: no such file`);
    return { thresholds: ThresholdsFile.parse({}), file: null };
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BadInputError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = ThresholdsFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new BadInputError(`${file}: ${first.path.join('.') || '(top level)'}: ${first.message}`);
  }
  return { thresholds: parsed.data, file };
}
