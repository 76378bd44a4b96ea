import type { Config } from '../../config/schema.js';
import { InterruptedError } from '../errors.js';
import type { Decision } from '../policy/decide.js';
import type { GateName, Policy } from '../policy/schema.js';
import type { SandboxRunner } from '../sandbox/types.js';
import { collectChanges, type ChangeSet, type CheckedFile, type EarlyStagedDiff, type GateTarget } from './changes.js';
import { atLeast, compareFindings, GATE_NAMES, type Finding, type RawFinding } from './finding.js';
import { decisionToFinding, runPolicyGate } from './policy-gate.js';
import { findRepoSemgrepRules } from './repo-semgrep.js';
import { runSecurity, type SecurityResult } from './security.js';
import { reasonlessSuppressions, suppressionFor } from './suppress.js';
import type { LoadedPlugin } from '../plugins/types.js';

// One entry point for every gate except tests (the fix loop runs those): collect the
// change, run the gates, decide what blocks. Secrets and policy run in-process; security
// is one ast-grep process; lint (optional) goes through the sandbox and is loaded lazily.

export type { GateTarget } from './changes.js';

export interface GateStatus {
  ran: boolean;
  ms: number;
  skipped?: string;
}

export interface GateReport {
  findings: Finding[];
  blocking: Finding[];
  passed: boolean;
  gates: Record<GateName, GateStatus>;
  /** Files that were checked (repo-relative). */
  files: string[];
  /** Policy denials behind the policy findings, for the journal. */
  decisions: Decision[];
  /** Plugin gates that ran (`plugin/gate`), with their time and why one failed. */
  plugins?: Record<string, { ms: number; failed?: string }>;
  /** To tell the user once per run (the repo's Semgrep rules could not run). */
  notices: string[];
}

export interface RunGatesOptions {
  repoRoot: string;
  target: GateTarget;
  config: Config;
  policy: Policy;
  /** Run the lint gate (the CLI passes config.lint.in_gate; the fix loop passes true). */
  lint?: boolean;
  signal?: AbortSignal;
  /** Where PATH targets are resolved from (default: process.cwd()). */
  cwd?: string;
  /** The sandbox for lint; created from the policy and config when omitted. */
  runner?: SandboxRunner;
  /** Loaded plugins whose gates run too (their findings count under the policy gate). */
  plugins?: readonly LoadedPlugin[];
  /** For tests: the environment semgrep is looked up in (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The staged diff, already started by the pre-commit fast path (used for `staged` in the same repo). */
  earlyStagedDiff?: EarlyStagedDiff;
}

/** Whether the change touched any line of `line..endLine` (a multi-line match counts when any of its lines changed). */
function touchesChange(file: CheckedFile | undefined, line: number, endLine = line): boolean {
  if (!file) return false;
  return file.wholeFile || file.added.some((added) => added.line >= line && added.line <= endLine);
}

// Lint and security findings are judged on what the change touched: a finding that was
// already in an untouched line is reported, but does not make this commit (or the
// agent) answer for old code. Secrets and forbidden patterns only ever see added lines.
const CHANGE_SCOPED: ReadonlySet<GateName> = new Set(['lint', 'security']);

const IRREGULAR_RULE = 'policy/paths.regular-file';

/** Suppressions and the blocking decision. An agent cannot suppress with a comment it added itself. */
export function decide(raw: readonly RawFinding[], files: readonly CheckedFile[], policy: Policy, author: 'agent' | 'user'): Finding[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const linesOf = new Map<string, string[]>();
  return raw.map((finding): Finding => {
    const file = byPath.get(finding.file);
    let suppressed = finding.suppressed;
    if (suppressed === undefined && file?.content !== undefined && finding.line > 0) {
      let lines = linesOf.get(file.path);
      if (!lines) {
        lines = file.content.split('\n');
        if (author === 'agent') {
          // Blank out the agent's own added lines so its comments cannot silence a gate.
          const added = new Set(file.wholeFile ? lines.map((_, index) => index + 1) : file.added.map((entry) => entry.line));
          lines = lines.map((text, index) => (added.has(index + 1) ? '' : text));
        }
        linesOf.set(file.path, lines);
      }
      suppressed = suppressionFor(lines, finding.line, finding.rule);
    }
    const blocking =
      suppressed === undefined &&
      policy.gates.required.includes(finding.gate) &&
      atLeast(finding.severity, policy.gates.blocking_severity) &&
      (!CHANGE_SCOPED.has(finding.gate) || finding.line === 0 || touchesChange(file, finding.line, finding.endLine));
    return { ...finding, ...(suppressed !== undefined ? { suppressed } : {}), blocking };
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - start) };
}

async function lintRunner(options: RunGatesOptions): Promise<SandboxRunner> {
  if (options.runner) return options.runner;
  const { createSandboxRunner } = await import('../sandbox/create.js');
  return createSandboxRunner({ policy: options.policy, config: options.config });
}

/**
 * What the in-process gates need and wait on: the change, collected, and the security scan
 * (its own process) already running on it.
 */
export interface StartedGates {
  changes: ChangeSet;
  security: Promise<{ value: SecurityResult; ms: number }>;
}

/**
 * Collect the change and start the security scan. The pre-commit fast path calls this
 * before the rest of the gate (the command, the secrets rules) has loaded, so ast-grep
 * runs on the other core meanwhile; runGates calls it otherwise.
 */
export async function startGates(options: RunGatesOptions): Promise<StartedGates> {
  const changes: ChangeSet = await collectChanges(options.repoRoot, options.target, {
    cwd: options.cwd,
    signal: options.signal,
    ...(options.earlyStagedDiff ? { earlyStagedDiff: options.earlyStagedDiff } : {}),
  });
  const repoRules = { root: options.repoRoot, files: findRepoSemgrepRules(options.repoRoot) };
  const semgrepOff = semgrepOffHere(options.target, options.config.gates.semgrep);
  const security = timed(() =>
    runSecurity({
      changes,
      engines: options.config.security.engines,
      signal: options.signal,
      repoRules,
      ...(semgrepOff ? { semgrepOff } : {}),
      ...(options.env ? { env: options.env } : {}),
    }),
  );
  security.catch(() => {}); // awaited by runGates; this only stops an early rejection from going unhandled
  return { changes, security };
}

/** Every gate but tests. `started` is startGates(options), when the caller began it earlier. */
export async function runGates(options: RunGatesOptions, started?: Promise<StartedGates>): Promise<GateReport> {
  const author = options.target.kind === 'worktree-diff' ? 'agent' : 'user';
  const gates = Object.fromEntries(GATE_NAMES.map((gate) => [gate, { ran: false, ms: 0 }])) as Record<GateName, GateStatus>;
  gates.tests.skipped = 'run by the fix loop';
  // ast-grep runs in its own process: it is started first, and the in-process gates run meanwhile.
  const { changes, security: securityRun } = await (started ?? startGates(options));
  const raw: RawFinding[] = [];

  const secrets = await timed(async () => {
    // The rule set (75 modules) loads only when there is text to scan.
    if (!changes.files.some((file) => file.content !== undefined)) return [];
    const { scanSecrets } = await import('./secrets.js');
    return [...scanSecrets(changes.files, { allow: options.policy.secrets.allow }), ...reasonlessSuppressions(changes.files)];
  });
  raw.push(...secrets.value);
  gates.secrets = { ran: true, ms: secrets.ms };

  const policy = await timed(async () => {
    const result = runPolicyGate(options.policy, changes.files, author);
    const irregular = changes.irregular ?? [];
    return {
      findings: [...irregular.map((decision) => ({ ...decisionToFinding(decision), severity: 'critical' as const })), ...result.findings],
      decisions: [...irregular, ...result.decisions],
    };
  });
  raw.push(...policy.value.findings);
  gates.policy = { ran: true, ms: policy.ms };

  // Plugin gates load only when plugins are configured.
  let plugins: GateReport['plugins'];
  if (options.plugins?.some((plugin) => plugin.gates.length)) {
    const { runPluginGates } = await import('../plugins/gates.js');
    const result = await runPluginGates(options.plugins, changes.files, options.repoRoot);
    raw.push(...result.findings);
    plugins = result.ran;
  }

  const security = await securityRun;
  if (options.signal?.aborted) throw new InterruptedError();
  raw.push(...security.value.findings);
  gates.security = {
    ran: security.value.engines.length > 0,
    ms: security.ms,
    ...(security.value.engines.length === 0
      ? { skipped: security.value.skipped[0] ?? 'no file a security rule understands' }
      : security.value.skipped.length > 0
        ? { skipped: security.value.skipped.join('; ') }
        : {}),
  };

  if (!options.lint) {
    gates.lint.skipped = 'lint.in_gate is false';
  } else if (changes.files.length === 0) {
    gates.lint.skipped = 'nothing to check';
  } else {
    const root = options.target.kind === 'worktree-diff' ? options.target.worktree : options.repoRoot;
    const lint = await timed(async () => {
      const { runLint } = await import('./lint.js');
      let runner: SandboxRunner;
      try {
        runner = await lintRunner(options);
      } catch (error) {
        return { findings: [], ran: [], skipped: [`sandbox unavailable: ${(error as Error).message}`] };
      }
      return runLint({
        root,
        files: changes.files,
        commands: options.config.lint.commands,
        runner,
        signal: options.signal,
        timeoutMs: options.policy.limits.command_timeout_ms,
      });
    });
    raw.push(...lint.value.findings);
    gates.lint = { ran: lint.value.ran.length > 0, ms: lint.ms, ...(lint.value.skipped.length > 0 ? { skipped: lint.value.skipped.join('; ') } : {}) };
  }

  // An irregular path blocks whatever gates.required says: it cannot be checked at all.
  const findings = decide(raw, changes.files, options.policy, author)
    .map((finding) => (finding.rule === IRREGULAR_RULE ? { ...finding, blocking: true } : finding))
    .sort(compareFindings);
  const blocking = findings.filter((finding) => finding.blocking);
  return {
    findings,
    blocking,
    passed: blocking.length === 0,
    gates,
    files: changes.files.map((file) => file.path),
    decisions: policy.value.decisions,
    notices: security.value.notices,
    ...(plugins ? { plugins } : {}),
  };
}

/**
 * Why Semgrep does not run for this target, per `gates.semgrep`; undefined when it does.
 * `--staged` is the pre-commit path; a worktree diff is the fix loop; `--all` and PATHs
 * were asked for by hand and always run it.
 */
export function semgrepOffHere(target: GateTarget, where: Config['gates']['semgrep']): string | undefined {
  if (target.kind === 'staged' && where === 'fix') return 'not run on the commit path (gates.semgrep: fix)';
  if (target.kind === 'worktree-diff' && where === 'hook') return 'not run in the fix loop (gates.semgrep: hook)';
  return undefined;
}

/** Blocking findings as short text for the model, like a test failure. */
export function formatFindingsForModel(report: GateReport, limit = 30): string {
  if (report.passed) return 'All gates passed.';
  const lines = [
    `The change is blocked by ${report.blocking.length} gate finding${report.blocking.length === 1 ? '' : 's'}. Fix each one; comments that suppress findings are ignored for your edits.`,
  ];
  for (const finding of report.blocking.slice(0, limit)) {
    const where = finding.file ? `${finding.file}${finding.line > 0 ? `:${finding.line}` : ''}` : '(whole change)';
    lines.push(`- ${where} [${finding.gate}: ${finding.rule}] ${finding.message}`);
  }
  if (report.blocking.length > limit) lines.push(`- … and ${report.blocking.length - limit} more`);
  return lines.join('\n');
}
