import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { ExitCode } from '../errors.js';
import type { ChangeSet } from './changes.js';
import { atLeast, type RawFinding } from './finding.js';
import { AST_GREP_EXTENSIONS, runAstGrep } from './ast-grep.js';

// The security gate: the configured engines over the checked files, merged. The index
// has no files on disk, so for --staged the blobs are written to a private temp dir
// first: the scan sees exactly what will be committed.

export interface SecurityResult {
  findings: RawFinding[];
  /** Engines that ran, and why the others did not. */
  engines: string[];
  skipped: string[];
  /** Said to the user once per run: the repo's Semgrep rules could not run. */
  notices: string[];
}

/** One finding per file, line and rule family; the more severe copy wins. */
export function mergeFindings(findings: readonly RawFinding[]): RawFinding[] {
  const byKey = new Map<string, RawFinding>();
  for (const finding of findings) {
    const key = `${finding.file}\0${finding.line}\0${finding.rule}`;
    const existing = byKey.get(key);
    if (!existing || (atLeast(finding.severity, existing.severity) && finding.severity !== existing.severity)) byKey.set(key, finding);
  }
  return [...byKey.values()];
}

/**
 * The files under scan where the engines can read them. Synchronous on purpose: an await
 * here hands the thread to the secrets gate, whose rules then load before ast-grep is
 * even started (~10 ms later on every commit); a commit's files are small and few.
 */
function materialise(changes: ChangeSet, files: string[]): { root: string; cleanup: () => void } {
  if (changes.contentRoot) return { root: changes.contentRoot, cleanup: () => {} };
  const root = mkdtempSync(path.join(os.tmpdir(), 'oryon-gate-'));
  try {
    const contents = new Map(changes.files.map((file) => [file.path, file.content]));
    for (const file of files) {
      const target = path.join(root, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, contents.get(file) ?? '');
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface RepoRules {
  /** The user's repository root, where the rule files are read. */
  root: string;
  /** Repo-relative rule files (findRepoSemgrepRules). */
  files: string[];
}

export async function runSecurity(options: {
  changes: ChangeSet;
  engines: Config['security']['engines'];
  signal?: AbortSignal;
  /** For tests: where to look for semgrep. */
  env?: NodeJS.ProcessEnv;
  /** The repo's own Semgrep rules, which run whenever semgrep does. */
  repoRules?: RepoRules;
  /** Why semgrep does not run at this point (gates.semgrep); undefined when it may. */
  semgrepOff?: string;
}): Promise<SecurityResult> {
  const skipped: string[] = [];
  const notices: string[] = [];
  const files = options.changes.files.filter((file) => file.content !== undefined).map((file) => file.path);
  const scannable = files.filter((file) => AST_GREP_EXTENSIONS.has(path.extname(file).toLowerCase()));
  const useAstGrep = options.engines.includes('ast-grep');
  const repoRules = options.repoRules?.files.length ? options.repoRules : undefined;
  const wantsSemgrep = options.engines.includes('semgrep') || repoRules !== undefined;
  let semgrep: string | undefined;
  if (wantsSemgrep && options.semgrepOff !== undefined) {
    skipped.push(`semgrep: ${options.semgrepOff}`);
  } else if (wantsSemgrep) {
    // Loaded only when asked for: most runs never need it.
    const { findSemgrep, SEMGREP_INSTALL_HINT } = await import('./semgrep.js');
    semgrep = findSemgrep(options.env);
    if (!semgrep) skipped.push('semgrep: not on PATH');
    if (!semgrep && repoRules) {
      notices.push(
        `the repo has Semgrep rules (${repoRules.files.join(', ')}) but semgrep is not on PATH, so they did not run; install it: ${SEMGREP_INSTALL_HINT}`,
      );
    }
  }
  // The repo's rules may be about any file (YAML, Dockerfiles…); oryon's own only about code.
  const repoTargets = semgrep && repoRules ? files : [];
  const ownSemgrep = semgrep !== undefined && options.engines.includes('semgrep') && scannable.length > 0;
  const astGrep = useAstGrep && scannable.length > 0;
  if (!astGrep && !ownSemgrep && repoTargets.length === 0) {
    return { findings: [], engines: [], skipped: options.engines.length === 0 && !repoRules ? ['no engine configured'] : skipped, notices };
  }
  const { root, cleanup } = materialise(options.changes, [...new Set([...scannable, ...repoTargets])]);
  try {
    const runs: Array<{ engine: string; result: Promise<RawFinding[]> }> = [];
    if (astGrep) runs.push({ engine: 'ast-grep', result: runAstGrep({ cwd: root, files: scannable, signal: options.signal }) });
    if (ownSemgrep) {
      const { runSemgrep } = await import('./semgrep.js');
      runs.push({ engine: 'semgrep', result: runSemgrep({ executable: semgrep!, cwd: root, files: scannable, signal: options.signal }) });
    }
    if (repoTargets.length > 0) {
      const [{ runSemgrep }, { describeRuleErrors, repoRuleId }] = await Promise.all([import('./semgrep.js'), import('./repo-semgrep.js')]);
      const { root: repoRoot, files: rules } = repoRules!;
      runs.push({
        engine: 'semgrep (repo rules)',
        result: runSemgrep({
          executable: semgrep!,
          cwd: root,
          files: repoTargets,
          configs: rules.map((rule) => path.join(repoRoot, rule)),
          ruleId: repoRuleId,
          describeErrors: (errors) => describeRuleErrors(errors, repoRoot, rules),
          errorExit: ExitCode.badInput,
          signal: options.signal,
        }),
      });
    }
    const settled = await Promise.allSettled(runs.map((run) => run.result));
    const findings: RawFinding[] = [];
    const engines: string[] = [];
    settled.forEach((outcome, index) => {
      const engine = runs[index]!.engine;
      if (outcome.status === 'fulfilled') {
        engines.push(engine);
        findings.push(...outcome.value);
      } else if (engine === 'semgrep' && useAstGrep && !options.signal?.aborted) {
        // The optional second engine failing (a newer semgrep refusing a rule, say) must
        // not take the gate down: ast-grep's answer stands, and the report says why.
        skipped.push((outcome.reason as Error).message.replace(/^security gate: /, ''));
      } else {
        // The repo's own rules failing is the repo's error to fix: the gate fails, naming the file.
        throw outcome.reason;
      }
    });
    const merged = mergeFindings(findings);
    if (merged.length === 0) return { findings: merged, engines, skipped, notices };
    // Loaded only for findings: it judges credentials with the secrets rules, which a clean
    // commit's early start (cli/gate-early.ts) would otherwise load before ast-grep runs.
    const { refineFindings } = await import('./security/refine.js');
    const contents = new Map(options.changes.files.map((file) => [file.path, file.content]));
    return { findings: refineFindings(merged, (file) => contents.get(file)), engines, skipped, notices };
  } finally {
    cleanup();
  }
}
