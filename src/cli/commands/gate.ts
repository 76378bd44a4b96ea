import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { escapeControl as safe } from '../../core/terminal/escape.js';
import { BadInputError } from '../../core/errors.js';
import type { Finding } from '../../core/gates/finding.js';
import { loadSettings } from '../../config/settings-cache.js';
import { gitTopLevel } from '../../core/git/top-level.js';
import type { EarlyStagedDiff } from '../../core/gates/changes.js';
import { runGates, type GateReport, type GateTarget, type StartedGates } from '../../core/gates/run-gates.js';
import type { LoadedConfig } from '../../config/load.js';
import { abortOnSignals, type Interrupt } from '../interrupt.js';
// Types only: context.ts loads the validating config loader (zod, yaml), which the gate
// reaches through its settings cache instead, to stay fast as a pre-commit hook.
import type { CommonOptions } from '../context.js';
import { out, printJson, progress, styleOut } from '../output.js';
import { rememberNothingStaged, stagedStateKey } from '../staged-state.js';
import { VERSION } from '../version.js';

interface GateOptions extends CommonOptions {
  staged?: boolean;
  all?: boolean;
  sarif?: string;
}

function targetOf(paths: string[], options: GateOptions): GateTarget {
  const chosen = [options.staged ? '--staged' : '', options.all ? '--all' : '', paths.length > 0 ? 'PATH' : ''].filter(Boolean);
  if (chosen.length === 0) {
    throw new BadInputError('oryon gate: nothing to check', { hint: 'pass --staged, --all or one or more paths' });
  }
  if (chosen.length > 1) throw new BadInputError(`oryon gate: choose one of --staged, --all or PATH (got ${chosen.join(' and ')})`);
  if (options.staged) return { kind: 'staged' };
  if (options.all) return { kind: 'all' };
  return { kind: 'paths', paths };
}

const severityStyle: Record<string, (text: string) => string> = {
  critical: styleOut.red,
  high: styleOut.red,
  medium: styleOut.yellow,
  low: styleOut.dim,
  info: styleOut.dim,
};

function printHuman(report: GateReport): void {
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  for (const [file, findings] of byFile) {
    // File names and messages come from the repo and its linters: shown, never obeyed.
    out(styleOut.bold(safe(file) || '(whole change)'));
    for (const finding of findings) {
      const where = safe(`${file || '-'}${finding.line > 0 ? `:${finding.line}` : ''}`);
      const message = safe(finding.message);
      const line = `  ${where}  ${finding.severity}  ${finding.rule}  ${message}`;
      if (finding.suppressed !== undefined) out(styleOut.dim(`${line}  [suppressed: ${safe(finding.suppressed)}]`));
      else if (!finding.blocking) out(styleOut.dim(`${line}  [not blocking]`));
      else out(`  ${where}  ${severityStyle[finding.severity]!(finding.severity)}  ${finding.rule}  ${message}`);
    }
  }
  const suppressed = report.findings.filter((finding) => finding.suppressed !== undefined).length;
  // Only surprises go to stderr: lint asked for but unable to run, a scanner that failed.
  const skipped = [
    ...(report.gates.lint.skipped && report.gates.lint.skipped !== 'lint.in_gate is false' ? [`lint: ${report.gates.lint.skipped}`] : []),
    ...(report.gates.security.skipped?.includes('failed') ? [`security: ${report.gates.security.skipped}`] : []),
  ];
  const counts = `${report.files.length} file${report.files.length === 1 ? '' : 's'}, ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${report.blocking.length} blocking, ${suppressed} suppressed)`;
  out(report.passed ? styleOut.green(`gate passed: ${counts}`) : styleOut.red(`gate failed: ${counts}`));
  if (skipped.length > 0) progress(`skipped: ${skipped.join('; ')}`);
}

export function gateCommand(paths: string[], _options: GateOptions, command: Command): Promise<number> {
  return runGate(paths, command.optsWithGlobals<GateOptions>());
}

/**
 * What the hook's direct path already started for `--staged` (gate-early.ts): the staged
 * diff and the staged-state key it read before starting it (so the key still names what
 * git saw); and, when the settings loaded, those settings and the gates themselves, begun
 * under an interrupt that this run then owns.
 */
export interface EarlyStagedGate {
  stagedDiff: EarlyStagedDiff;
  stagedKey: string | undefined;
  settings?: LoadedConfig;
  interrupt?: Interrupt;
  started?: Promise<StartedGates>;
}

/** `oryon gate` once its arguments are parsed: by commander, or by the hook's direct path (fast-paths.ts). */
export async function runGate(paths: string[], options: GateOptions, early?: EarlyStagedGate): Promise<number> {
  const target = targetOf(paths, options);
  const repoRoot = gitTopLevel(options.repo ?? process.cwd());
  const useEarly = target.kind === 'staged' && early?.stagedDiff.repoRoot === repoRoot;
  // Begun for another root (a path spelled differently): stopped, and done again here.
  if (!useEarly && early?.interrupt) {
    early.interrupt.abort();
    early.interrupt.dispose();
  }
  const { config, policy } =
    useEarly && early.settings ? early.settings : await loadSettings(repoRoot, { flags: { model: options.model, mode: options.mode } });
  // Ctrl-C stops the scanners and still removes the temp copy of the index (exit 130).
  const interrupt = useEarly && early.interrupt ? early.interrupt : abortOnSignals();
  // Read before git looks: if the index or HEAD changes meanwhile, the key no longer matches.
  const stagedKey = target.kind === 'staged' ? (useEarly ? early.stagedKey : stagedStateKey(repoRoot, process.env)) : undefined;
  let report: GateReport;
  try {
    // Plugins load only when the config lists some: an empty gate stays fast.
    const plugins = config.plugins.length ? await (await import('../../core/plugins/load.js')).loadPlugins(config.plugins, repoRoot) : undefined;
    report = await runGates(
      {
        repoRoot,
        target,
        config,
        policy,
        lint: config.lint.in_gate,
        signal: interrupt.signal,
        ...(plugins ? { plugins } : {}),
        ...(useEarly ? { earlyStagedDiff: early.stagedDiff } : {}),
      },
      useEarly ? early.started : undefined,
    );
  } finally {
    interrupt.dispose();
  }
  // Nothing to check in the index: the fast path may answer for exactly this index and
  // HEAD from now on (it prints what this run prints).
  if (
    stagedKey !== undefined &&
    report.passed &&
    report.files.length === 0 &&
    report.findings.length === 0 &&
    stagedStateKey(repoRoot, process.env) === stagedKey
  ) {
    rememberNothingStaged(repoRoot, stagedKey, process.env);
  }
  if (options.sarif) {
    const { toSarif } = await import('../../core/gates/sarif.js');
    const file = path.resolve(options.sarif);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(toSarif(report.findings, { toolVersion: VERSION, repoRoot }), null, 2)}\n`);
    } catch (error) {
      throw new BadInputError(`--sarif: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  // Said once, on stderr, whatever the output format: the repo's rules did not run.
  for (const notice of report.notices) progress(`note: ${safe(notice)}`);
  if (options.json) {
    const suppressed = report.findings.filter((finding) => finding.suppressed !== undefined).length;
    printJson({
      passed: report.passed,
      files: report.files,
      findings: report.findings,
      summary: { files: report.files.length, findings: report.findings.length, blocking: report.blocking.length, suppressed },
      gates: report.gates,
      ...(report.plugins ? { plugins: report.plugins } : {}),
      notices: report.notices,
    });
  } else {
    printHuman(report);
  }
  return report.passed ? 0 : 1;
}
