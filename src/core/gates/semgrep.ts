import path from 'node:path';
import type { Severity } from '../policy/schema.js';
import { ExitCode, InterruptedError, OryonError } from '../errors.js';
import { argumentBatches, RULES_DIR } from './ast-grep.js';
import { isSeverity, type RawFinding } from './finding.js';
import { findOnPath } from '../tools/on-path.js';

// The optional second engine: Semgrep, only when it is on PATH, only with local rule
// files (oryon's own, and the repo's .semgrep.yml / .semgrep/), never the registry, with
// metrics and the version check off so it stays offline and needs no login.

export const SEMGREP_RULES = path.join(RULES_DIR, 'semgrep');

/** Where to get semgrep; shown wherever it is missing. */
export const SEMGREP_INSTALL_HINT = 'pipx install semgrep (or: brew install semgrep)';

/** The semgrep executable on PATH, found without starting a process. */
export function findSemgrep(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return findOnPath('semgrep', env.PATH);
}

interface SemgrepResult {
  check_id: string;
  path: string;
  start: { line: number };
  end?: { line: number };
  extra: { message?: string; severity?: string; metadata?: { severity?: string } };
}

/** An entry of the `errors` array of Semgrep's `--json` output (its CliError). */
export interface SemgrepError {
  code?: number;
  level?: string;
  type?: unknown;
  rule_id?: string;
  message?: string;
  path?: string;
  spans?: Array<{ file?: string; start?: { line?: number }; config_path?: string[] }>;
}

export interface SemgrepDocument {
  results: SemgrepResult[];
  errors: SemgrepError[];
}

function toSeverity(result: SemgrepResult): Severity {
  const declared = result.extra.metadata?.severity;
  if (isSeverity(declared)) return declared;
  const level = (result.extra.severity ?? '').toUpperCase();
  return level === 'ERROR' ? 'high' : level === 'WARNING' ? 'medium' : 'low';
}

/** The rule id as written in the rule file: semgrep prefixes it with the config file's folders. */
export function bareRuleId(checkId: string): string {
  return checkId.split('.').at(-1) ?? checkId;
}

export function readSemgrepJson(stdout: string): SemgrepDocument {
  const document = JSON.parse(stdout) as { results?: SemgrepResult[]; errors?: SemgrepError[] };
  return { results: document.results ?? [], errors: document.errors ?? [] };
}

/** Semgrep's `--json` results into findings; `ruleId` names each (oryon's own rules: `security/<id>`). */
export function parseSemgrepJson(stdout: string, ruleId = (checkId: string) => `security/${bareRuleId(checkId)}`): RawFinding[] {
  return toFindings(readSemgrepJson(stdout).results, ruleId);
}

function toFindings(results: readonly SemgrepResult[], ruleId: (checkId: string) => string): RawFinding[] {
  return results.map((result) => ({
    gate: 'security' as const,
    rule: ruleId(result.check_id),
    severity: toSeverity(result),
    file: result.path.split(path.sep).join('/').replace(/^\.\//, ''),
    line: result.start.line,
    ...(result.end && result.end.line > result.start.line ? { endLine: result.end.line } : {}),
    message: result.extra.message?.trim() || result.check_id,
  }));
}

export interface SemgrepRun {
  executable: string;
  cwd: string;
  files: string[];
  /** Local rule files or folders; default: oryon's own rules. */
  configs?: string[];
  /** How a result's check_id becomes a rule id. */
  ruleId?: (checkId: string) => string;
  /** Turns Semgrep's fatal `errors` entries into the error thrown; default: the first one's message. */
  describeErrors?: (errors: readonly SemgrepError[]) => string;
  /** The exit code of that error: a rule file of the repo's that Semgrep rejects is bad input (2). */
  errorExit?: ExitCode;
  signal?: AbortSignal | undefined;
}

export async function runSemgrep(options: SemgrepRun): Promise<RawFinding[]> {
  const findings: RawFinding[] = [];
  for (const batch of argumentBatches(options.files)) findings.push(...(await semgrepBatch({ ...options, files: batch })));
  return findings;
}

/** Errors Semgrep reports at level error (rule and config problems); warnings are about single targets. */
const fatal = (errors: readonly SemgrepError[]): SemgrepError[] => errors.filter((error) => (error.level ?? 'error') === 'error');

async function semgrepBatch(options: SemgrepRun): Promise<RawFinding[]> {
  const configs = options.configs ?? [SEMGREP_RULES];
  const args = [
    'scan',
    ...configs.flatMap((config) => ['--config', config]),
    '--metrics=off',
    '--disable-version-check',
    '--json',
    '--quiet',
    '--',
    ...options.files,
  ];
  // Imported here, not at the top: the commit hook loads this module whenever semgrep is
  // configured, and only pays for execa when semgrep is really on PATH.
  const { execa } = await import('execa');
  const result = await execa(options.executable, args, {
    cwd: options.cwd,
    // Added to the inherited environment, which execa keeps by default.
    env: { SEMGREP_SEND_METRICS: 'off', SEMGREP_ENABLE_VERSION_CHECK: '0' },
    stdin: 'ignore',
    maxBuffer: 256 * 1024 * 1024,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    reject: false,
  });
  if (options.signal?.aborted || result.isCanceled) throw new InterruptedError();
  let document: SemgrepDocument | undefined;
  try {
    document = readSemgrepJson(result.stdout);
  } catch {
    document = undefined;
  }
  // With --json, Semgrep reports a rejected rule file in `errors` (and exits non-zero).
  const errors = fatal(document?.errors ?? []);
  if (errors.length > 0) {
    const describe = options.describeErrors ?? ((list: readonly SemgrepError[]) => `semgrep failed: ${oneLine(list[0]!.message ?? String(list[0]!.type))}`);
    throw new OryonError(`security gate: ${describe(errors)}`, options.errorExit ?? ExitCode.notDone, {
      hint: 'semgrep --validate --config FILE shows every problem in a rule file',
    });
  }
  // Semgrep exits 1 when it found something with --error; other non-zero codes are failures.
  if (result.failed && result.exitCode !== 1) {
    const exit = result.exitCode ?? result.code ?? result.signal ?? 'unknown';
    throw new OryonError(`security gate: semgrep failed (exit ${String(exit)}): ${result.stderr.trim().split('\n').at(-1) ?? ''}`, ExitCode.notDone);
  }
  if (!document) throw new OryonError(`security gate: unreadable semgrep output: ${oneLine(result.stdout.slice(0, 200)) || '(empty)'}`, ExitCode.notDone);
  return toFindings(document.results, options.ruleId ?? ((checkId) => `security/${bareRuleId(checkId)}`));
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
