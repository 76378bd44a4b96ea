import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BadInputError } from '../../core/errors.js';
import { Journal } from '../../core/journal/journal.js';
import type { RunRow, StepRow } from '../../core/journal/types.js';
import { databasePath, openDatabase } from '../../core/store/db.js';
import { findRepo, loadForRepo, type CommonOptions } from '../context.js';
import { out, printJson, styleOut } from '../output.js';
import { VERSION } from '../version.js';

function openJournal(flags: CommonOptions): { journal: Journal; repo: string | undefined; close: () => void } {
  const repo = findRepo(flags);
  const { home } = loadForRepo(flags, repo);
  const db = openDatabase(databasePath(home));
  return { journal: new Journal(db), repo, close: () => db.close() };
}

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function duration(run: RunRow): number | null {
  return run.finished_at ? run.finished_at - run.started_at : null;
}

function listDocument(run: RunRow): Record<string, unknown> {
  const summary = parseJson(run.summary_json) as { iterations?: number; tokens?: unknown } | null;
  return {
    run_id: run.id,
    status: run.status,
    mode: run.mode,
    model: run.model,
    issue: run.issue,
    repo: run.repo,
    branch: run.branch,
    commit: run.commit_sha,
    iterations: summary?.iterations ?? null,
    started_at: new Date(run.started_at).toISOString(),
    wall_ms: duration(run),
  };
}

/** `oryon runs list`: newest first; this repo's runs inside a repo, every run outside one. */
export async function runsListCommand(_options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions & { limit?: string }>();
  const limit = Number(flags.limit ?? '20');
  if (!Number.isInteger(limit) || limit < 1) throw new BadInputError(`--limit: expected a positive integer, got "${flags.limit}"`);
  const { journal, repo, close } = openJournal(flags);
  try {
    const runs = journal.listRuns({ repo, limit });
    if (flags.json) {
      printJson({ runs: runs.map(listDocument) });
      return 0;
    }
    if (runs.length === 0) {
      out(repo ? 'no runs yet in this repository' : 'no runs yet');
      return 0;
    }
    for (const run of runs) {
      const when = new Date(run.started_at).toISOString().replace('T', ' ').slice(0, 19);
      const issue = run.issue.split('\n')[0]!;
      out(`${run.id}  ${when}  ${statusText(run.status).padEnd(11)}  ${run.mode.padEnd(9)}  ${issue.length > 60 ? `${issue.slice(0, 57)}...` : issue}`);
    }
    return 0;
  } finally {
    close();
  }
}

function statusText(status: string): string {
  if (status === 'succeeded') return styleOut.green(status);
  if (status === 'running') return styleOut.yellow(status);
  return status === 'failed' || status === 'error' ? styleOut.red(status) : styleOut.yellow(status);
}

function stepDocument(step: StepRow): Record<string, unknown> {
  return {
    seq: step.seq,
    iteration: step.iteration,
    kind: step.kind,
    outcome: step.outcome,
    tokens_in: step.tokens_in,
    tokens_out: step.tokens_out,
    model_ms: step.model_ms,
    wall_ms: step.wall_ms,
    prompt: step.prompt,
    reply: step.reply,
    thinking: step.thinking,
    detail: parseJson(step.detail_json),
    started_at: new Date(step.started_at).toISOString(),
  };
}

function runDocument(journal: Journal, id: string) {
  const run = journal.findRun(id);
  const steps = journal.steps(run.id);
  const decisions = journal.decisions(run.id);
  const findings = journal.findings(run.id);
  const summary = parseJson(run.summary_json) as { diffstat?: string; tests?: { command: string | null; passed: boolean | null }; tokens?: { prompt: number; completion: number }; model_ms?: number; modelMs?: number } | null;
  const tests = steps.filter((step) => step.kind === 'test');
  const document = {
    run_id: run.id,
    status: run.status,
    mode: run.mode,
    model: run.model,
    issue: run.issue,
    repo: run.repo,
    base: run.base_ref,
    branch: run.branch,
    commit: run.commit_sha,
    error: run.error,
    started_at: new Date(run.started_at).toISOString(),
    finished_at: run.finished_at ? new Date(run.finished_at).toISOString() : null,
    wall_ms: duration(run),
    plan: parseJson(run.plan_json),
    tokens: { prompt: sum(steps, 'tokens_in'), completion: sum(steps, 'tokens_out') },
    model_ms: sum(steps, 'model_ms'),
    diffstat: summary?.diffstat ?? null,
    diff: run.diff,
    tests: tests.map((step) => ({ iteration: step.iteration, outcome: step.outcome, ...(parseJson(step.detail_json) as object), output: step.reply })),
    steps: steps.map(stepDocument),
    decisions: decisions.map((d) => ({ kind: d.kind, subject: d.subject, allowed: d.allowed === 1, rule: d.rule, reason: d.reason })),
    findings: findings.map((f) => ({ gate: f.gate, rule: f.rule, severity: f.severity, file: f.file, line: f.line, message: f.message, blocking: f.blocking === 1, suppressed: f.suppressed })),
  };
  return { run, steps, decisions, findings, tests, document };
}

/** `oryon runs show ID`: the whole story of a run. */
export async function runsShowCommand(id: string, _options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions>();
  const { journal, close } = openJournal(flags);
  try {
    const { run, steps, decisions, findings, tests, document } = runDocument(journal, id);
    if (flags.json) {
      printJson(document);
      return 0;
    }
    out(`${styleOut.bold(`run ${run.id}`)}  ${statusText(run.status)}  ${run.mode}  model ${run.model}`);
    out(`issue: ${run.issue}`);
    out(`repo: ${run.repo}  base ${run.base_ref?.slice(0, 10) ?? '?'}`);
    if (run.branch) out(`branch: ${run.branch}  commit ${run.commit_sha?.slice(0, 10)}`);
    if (run.error) out(`reason: ${run.error}`);
    out(`started ${document.started_at}, took ${document.wall_ms === null ? '?' : `${(document.wall_ms / 1000).toFixed(1)}s`}; tokens ${document.tokens.prompt} in / ${document.tokens.completion} out; model ${(document.model_ms / 1000).toFixed(1)}s`);
    const plan = document.plan as { summary?: string; steps?: string[]; files?: string[]; confidence?: number } | null;
    if (plan) {
      out();
      out(styleOut.bold('Plan'));
      out(`${plan.summary ?? ''} (confidence ${plan.confidence ?? '?'})`);
      for (const [index, step] of (plan.steps ?? []).entries()) out(`  ${index + 1}. ${step}`);
      if (plan.files?.length) out(`  files: ${plan.files.join(', ')}`);
    }
    out();
    out(styleOut.bold('Steps'));
    for (const step of steps) {
      const tokens = step.tokens_in || step.tokens_out ? `  ${step.tokens_in}/${step.tokens_out} tok` : '';
      const model = step.model_ms ? `  model ${step.model_ms}ms` : '';
      out(`  ${String(step.seq).padStart(2)}. [${step.iteration}] ${step.kind.padEnd(7)} ${step.outcome.padEnd(9)} ${step.wall_ms}ms${model}${tokens}`);
    }
    if (tests.length) {
      out();
      out(styleOut.bold('Tests'));
      for (const step of tests) out(`  iteration ${step.iteration}: ${step.outcome} (${step.prompt ?? ''})`);
    }
    if (document.diffstat) {
      out();
      out(styleOut.bold('Diffstat'));
      out(document.diffstat);
    }
    if (findings.length) {
      out();
      out(styleOut.bold('Gate findings'));
      for (const f of findings.slice(0, 30)) {
        const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '(change)';
        out(`  ${f.blocking ? 'BLOCK' : 'note '} ${where} [${f.gate}: ${f.rule}] ${f.severity}: ${f.message}`);
      }
      if (findings.length > 30) out(`  ... and ${findings.length - 30} more`);
    }
    const denied = decisions.filter((d) => d.allowed === 0);
    if (denied.length) {
      out();
      out(styleOut.bold('Policy decisions (denied)'));
      for (const d of denied.slice(0, 20)) out(`  ${d.kind} ${d.subject}: ${d.reason} [${d.rule}]`);
      if (denied.length > 20) out(`  ... and ${denied.length - 20} more`);
    }
    return 0;
  } finally {
    close();
  }
}

function sum(steps: StepRow[], key: 'tokens_in' | 'tokens_out' | 'model_ms'): number {
  return steps.reduce((total, step) => total + step[key], 0);
}

/**
 * `oryon runs export ID [-o FILE]`: an evidence pack — one JSON document with the run,
 * its plan, every step's full prompt and reply, the policy decisions, the gate findings
 * and the diff, enough to review or audit the run without oryon.
 */
export async function runsExportCommand(id: string, _options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions & { output?: string }>();
  const { journal, close } = openJournal(flags);
  try {
    const { document } = runDocument(journal, id);
    const pack = { format: 'oryon-evidence/1', exported_at: new Date().toISOString(), oryon_version: VERSION, ...document };
    const text = `${JSON.stringify(pack, null, 2)}\n`;
    if (!flags.output || flags.output === '-') {
      process.stdout.write(text);
      return 0;
    }
    writeFileSync(flags.output, text, { mode: 0o600 });
    if (flags.json) printJson({ run_id: document.run_id, file: path.resolve(flags.output) });
    else out(`wrote ${flags.output}`);
    return 0;
  } finally {
    close();
  }
}
