import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
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
}

/** One finding per file, line and rule family; the more severe copy wins. */
export function mergeFindings(findings: readonly RawFinding[]): RawFinding[] {
  const byKey = new Map<string, RawFinding>();
  for (const finding of findings) {
    const key = `${finding.file}\0${finding.line}\0${finding.rule}`;
    const existing = byKey.get(key);
    if (!existing || atLeast(finding.severity, existing.severity) && finding.severity !== existing.severity) byKey.set(key, finding);
  }
  return [...byKey.values()];
}

async function materialise(changes: ChangeSet, files: string[]): Promise<{ root: string; cleanup: () => Promise<void> }> {
  if (changes.contentRoot) return { root: changes.contentRoot, cleanup: async () => {} };
  const root = await mkdtemp(path.join(os.tmpdir(), 'oryon-gate-'));
  const contents = new Map(changes.files.map((file) => [file.path, file.content]));
  await Promise.all(
    files.map(async (file) => {
      const target = path.join(root, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, contents.get(file) ?? '');
    }),
  );
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function runSecurity(options: {
  changes: ChangeSet;
  engines: Config['security']['engines'];
  signal?: AbortSignal;
  /** For tests: where to look for semgrep. */
  env?: NodeJS.ProcessEnv;
}): Promise<SecurityResult> {
  const skipped: string[] = [];
  const files = options.changes.files.filter((file) => file.content !== undefined).map((file) => file.path);
  const scannable = files.filter((file) => AST_GREP_EXTENSIONS.has(path.extname(file).toLowerCase()));
  const useAstGrep = options.engines.includes('ast-grep');
  let semgrep: string | undefined;
  if (options.engines.includes('semgrep')) {
    // Loaded only when asked for: most runs never need it.
    const { findSemgrep } = await import('./semgrep.js');
    semgrep = findSemgrep(options.env);
    if (!semgrep) skipped.push('semgrep: not on PATH');
  }
  if (scannable.length === 0 || (!useAstGrep && !semgrep)) {
    return { findings: [], engines: [], skipped: options.engines.length === 0 ? ['no engine configured'] : skipped };
  }
  const { root, cleanup } = await materialise(options.changes, scannable);
  try {
    const runs: Array<{ engine: string; result: Promise<RawFinding[]> }> = [];
    if (useAstGrep) runs.push({ engine: 'ast-grep', result: runAstGrep({ cwd: root, files: scannable, signal: options.signal }) });
    if (semgrep) {
      const { runSemgrep } = await import('./semgrep.js');
      runs.push({ engine: 'semgrep', result: runSemgrep({ executable: semgrep, cwd: root, files: scannable, signal: options.signal }) });
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
        throw outcome.reason;
      }
    });
    return { findings: mergeFindings(findings), engines, skipped };
  } finally {
    await cleanup();
  }
}
