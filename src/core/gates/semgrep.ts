import path from 'node:path';
import type { Severity } from '../policy/schema.js';
import { ExitCode, InterruptedError, OryonError } from '../errors.js';
import { argumentBatches, RULES_DIR } from './ast-grep.js';
import { isSeverity, type RawFinding } from './finding.js';
import { findOnPath } from '../tools/on-path.js';

// The optional second engine: Semgrep, only when it is on PATH, only with the local
// rules (never the registry), with metrics and the version check off so it stays offline.

export const SEMGREP_RULES = path.join(RULES_DIR, 'semgrep');

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

function toSeverity(result: SemgrepResult): Severity {
  const declared = result.extra.metadata?.severity;
  if (isSeverity(declared)) return declared;
  const level = (result.extra.severity ?? '').toUpperCase();
  return level === 'ERROR' ? 'high' : level === 'WARNING' ? 'medium' : 'low';
}

/** Semgrep's `--json` document into findings. Rule ids lose the config-path prefix semgrep adds. */
export function parseSemgrepJson(stdout: string): RawFinding[] {
  const document = JSON.parse(stdout) as { results?: SemgrepResult[] };
  return (document.results ?? []).map((result) => ({
    gate: 'security' as const,
    rule: `security/${result.check_id.split('.').at(-1) ?? result.check_id}`,
    severity: toSeverity(result),
    file: result.path.split(path.sep).join('/').replace(/^\.\//, ''),
    line: result.start.line,
    ...(result.end && result.end.line > result.start.line ? { endLine: result.end.line } : {}),
    message: result.extra.message?.trim() || result.check_id,
  }));
}

export async function runSemgrep(options: { executable: string; cwd: string; files: string[]; config?: string; signal?: AbortSignal | undefined }): Promise<RawFinding[]> {
  const findings: RawFinding[] = [];
  for (const batch of argumentBatches(options.files)) findings.push(...(await semgrepBatch({ ...options, files: batch })));
  return findings;
}

async function semgrepBatch(options: { executable: string; cwd: string; files: string[]; config?: string | undefined; signal?: AbortSignal | undefined }): Promise<RawFinding[]> {
  const args = [
    'scan',
    '--config',
    options.config ?? SEMGREP_RULES,
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
  // Semgrep exits 1 when it found something with --error; other non-zero codes are failures.
  if (result.failed && result.exitCode !== 1) {
    const exit = result.exitCode ?? result.code ?? result.signal ?? 'unknown';
    throw new OryonError(`security gate: semgrep failed (exit ${String(exit)}): ${result.stderr.trim().split('\n').at(-1) ?? ''}`, ExitCode.notDone);
  }
  try {
    return parseSemgrepJson(result.stdout);
  } catch (parseError) {
    throw new OryonError(`security gate: unreadable semgrep output: ${(parseError as Error).message}`, ExitCode.notDone);
  }
}
