import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BadInputError } from '../../core/errors.js';
import { Journal } from '../../core/journal/journal.js';
import { evidencePack, prDescriptionOf } from '../../core/journal/evidence.js';
import { evidenceHtml } from '../../core/journal/evidence-html.js';
import { evidenceMarkdown } from '../../core/journal/evidence-md.js';
import { runStory, runSummary, type RunStory } from '../../core/journal/run-story.js';
import { parseSince, runStats, type RunStats } from '../../core/journal/run-stats.js';
import { databasePath, openDatabase } from '../../core/store/db.js';
import { findRepo, loadForRepo, type CommonOptions } from '../context.js';
import { out, printJson, styleOut } from '../output.js';
import { VERSION } from '../version.js';
import { forTerminal } from '../../core/terminal/escape.js';

function openJournal(flags: CommonOptions): { journal: Journal; repo: string | undefined; close: () => void } {
  const repo = findRepo(flags);
  const { home } = loadForRepo(flags, repo);
  const db = openDatabase(databasePath(home));
  return { journal: new Journal(db), repo, close: () => db.close() };
}

/** `oryon runs stats [--since 7d] [--json]`: outcomes, latencies, tokens, fallbacks and budgets. */
export async function runsStatsCommand(_options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions & { since?: string }>();
  const window = parseSince(flags.since ?? '7d');
  if (window === undefined) throw new BadInputError(`--since: expected a duration such as 7d, 24h or 2w, got "${flags.since}"`);
  const repo = findRepo(flags);
  const { home, policy } = loadForRepo(flags, repo);
  const db = openDatabase(databasePath(home));
  try {
    const stats = runStats(db, { repo, since: Date.now() - window, limits: policy.limits });
    if (flags.json) printJson(stats);
    else printStats(stats);
    return 0;
  } finally {
    db.close();
  }
}

function printStats(stats: RunStats): void {
  const rate = stats.success_rate === null ? 'n/a' : `${(stats.success_rate * 100).toFixed(0)}%`;
  out(`${styleOut.bold('runs since')} ${stats.since}${stats.repo ? ` in ${forTerminal(stats.repo, process.stdout.isTTY)}` : ''}`);
  const statuses = Object.entries(stats.runs.by_status)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  line(`${stats.runs.total} run(s)${statuses ? `: ${statuses}` : ''}; success rate ${rate} (target ≥ 90%)`);
  section('Step latency');
  for (const [kind, figures] of Object.entries(stats.step_latency_ms)) {
    line(`  ${kind.padEnd(6)} ${String(figures.count).padStart(4)} step(s)  p50 ${figures.p50 ?? '-'} ms  p95 ${figures.p95 ?? '-'} ms`);
  }
  section('Tokens per day');
  if (stats.tokens_per_day.length === 0) line('  none');
  for (const { day, tokens } of stats.tokens_per_day) line(`  ${day}  ${tokens}`);
  for (const budget of stats.budgets) {
    line(
      `  ${budget.rule}: ${budget.used} used${budget.limit === null ? ', no budget set' : ` of ${budget.limit} (${Math.round((budget.used / budget.limit) * 100)}%)`}`,
    );
  }
  section('Fallbacks');
  line(`  ${stats.fallbacks.steps} model step(s) answered after passing over an endpoint`);
  for (const [endpoint, n] of Object.entries(stats.fallbacks.skipped)) line(`  skipped ${n}×  ${endpoint}`);
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
      printJson({ runs: runs.map(runSummary) });
      return 0;
    }
    if (runs.length === 0) {
      out(repo ? 'no runs yet in this repository' : 'no runs yet');
      return 0;
    }
    for (const run of runs) {
      const when = new Date(run.started_at).toISOString().replace('T', ' ').slice(0, 19);
      const issue = run.issue.split('\n')[0]!;
      // Pad outside the colour codes, so columns line up with colour on too.
      const status = `${statusText(run.status)}${' '.repeat(Math.max(0, 11 - run.status.length))}`;
      out(`${run.id}  ${when}  ${status}  ${run.mode.padEnd(9)}  ${issue.length > 60 ? `${issue.slice(0, 57)}...` : issue}`);
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

/** `oryon runs show ID`: the whole story of a run. */
export async function runsShowCommand(id: string, _options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions>();
  const { journal, close } = openJournal(flags);
  try {
    const story = runStory(journal, id);
    if (flags.json) printJson(story);
    else printStory(story);
    return 0;
  } finally {
    close();
  }
}

const LISTED = 20;

/** Which endpoint answered a model step, what was passed over and why, and replies cut mid-stream. */
function printRoute(detail: unknown): void {
  const { routes = [], discarded = [] } = (detail ?? {}) as {
    routes?: Array<{ endpoint: string; skipped: Array<{ endpoint: string; reason: string; hint?: string }> }>;
    discarded?: string[];
  };
  for (const route of routes) {
    for (const skip of route.skipped) line(`      skipped ${skip.endpoint}: ${skip.reason}${skip.hint ? ` (${skip.hint})` : ''}`);
    line(`      answered by ${route.endpoint}`);
  }
  if (discarded.length) line(`      ${discarded.length} reply stream(s) cut mid-reply, retried from the start (partial text journaled, not applied)`);
}

/** A line of journal text (the issue, the model's plan, findings, reasons): shown on a terminal, never obeyed. */
function line(text = ''): void {
  out(forTerminal(text, process.stdout.isTTY));
}

function printStory(story: RunStory): void {
  out(`${styleOut.bold(`run ${story.run_id}`)}  ${statusText(story.status)}  ${story.mode}  model ${forTerminal(story.model, process.stdout.isTTY)}`);
  line(`issue: ${story.issue}`);
  line(`repo: ${story.repo}  base ${story.base?.slice(0, 10) ?? '?'}`);
  if (story.branch) line(`branch: ${story.branch}  commit ${story.commit?.slice(0, 10)}`);
  if (story.error) line(`reason: ${story.error}`);
  const took = story.wall_ms === null ? '?' : `${(story.wall_ms / 1000).toFixed(1)}s`;
  line(
    `started ${story.started_at}, took ${took}; ${story.iterations ?? 0} iteration(s); tokens ${story.tokens.prompt} in / ${story.tokens.completion} out; model ${(story.model_ms / 1000).toFixed(1)}s`,
  );
  if (story.context) {
    const { files = 0, hidden = 0, instructions = [], omitted = [], test } = story.context;
    line(
      `context: ${files} files (${hidden} hidden by the policy); instructions: ${instructions.join(', ') || 'none'}; test command: ${test?.join(' ') ?? 'none'}`,
    );
    if (omitted.length) line(`  left out for space: ${omitted.map((o) => `${o.path} (${o.reason})`).join('; ')}`);
  }
  if (story.environment) {
    const { shared, venv, skipped } = story.environment;
    out(
      `environment: ${shared.length ? `${shared.map((dir) => `${dir.path} (${dir.kind})`).join(', ')} shared read-only` : 'nothing shared'}${venv ? `; tests use ${venv}` : ''}`,
    );
    if (skipped.length) out(`  not shared: ${skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}`);
  }
  if (story.plan) {
    section('Plan');
    line(`${story.plan.summary ?? ''} (confidence ${story.plan.confidence ?? '?'})`);
    for (const [index, step] of (story.plan.steps ?? []).entries()) line(`  ${index + 1}. ${step}`);
    if (story.plan.files?.length) line(`  files: ${story.plan.files.join(', ')}`);
    if (story.plan.verify) line(`  verify: ${story.plan.verify}`);
  }
  if (story.memory) {
    section('Memory recall');
    if (story.memory.error) line(`  unavailable: ${story.memory.error}`);
    for (const chunk of story.memory.chunks ?? []) line(`  ${chunk.path}:${chunk.startLine}-${chunk.endLine}  score ${chunk.score.toFixed(3)}`);
    for (const lesson of story.memory.lessons ?? [])
      line(`  lesson from run ${lesson.runId}: ${lesson.issue.split('\n')[0]}  score ${lesson.score.toFixed(3)}`);
    if (!story.memory.error && !story.memory.chunks?.length && !story.memory.lessons?.length) line('  nothing recalled');
  }
  section('Steps');
  for (const step of story.steps) {
    const tokens = step.tokens_in || step.tokens_out ? `  ${step.tokens_in}/${step.tokens_out} tok` : '';
    const model = step.model_ms ? `  model ${step.model_ms}ms` : '';
    line(`  ${String(step.seq).padStart(2)}. [${step.iteration}] ${step.kind.padEnd(7)} ${step.outcome.padEnd(9)} ${step.wall_ms}ms${model}${tokens}`);
    printRoute(step.detail);
  }
  if (story.tool_calls.length) {
    section(`Tool calls (${story.tool_calls.length})`);
    for (const call of story.tool_calls.slice(0, LISTED)) {
      const how = call.ok ? (call.cached ? 'cached' : 'ok') : `error: ${call.error ?? ''}`;
      line(`  [${call.iteration}] ${call.purpose ?? ''} ${call.name} ${JSON.stringify(call.args)} → ${call.bytes} bytes, ${call.ms.toFixed(1)}ms, ${how}`);
    }
    more(story.tool_calls.length);
  }
  if (story.setup.length) {
    section('Setup and installs');
    for (const step of story.setup) {
      out(`  ${step.kind} ${step.outcome}: ${step.command ?? ''}`);
      for (const line of (step.output ?? '').trimEnd().split('\n').slice(-20)) if (line) out(`    ${line}`);
    }
  }
  if (story.tests.length) {
    section('Tests');
    for (const test of story.tests) {
      const failed = test.failed ? `, ${test.failed} failed` : '';
      const took = test.durationMs === undefined ? '' : `, ${(test.durationMs / 1000).toFixed(1)}s`;
      line(`  iteration ${test.iteration}: ${test.outcome} (${test.command?.join(' ') ?? ''}${failed}${took})`);
    }
  }
  if (story.diffstat) {
    section('Diffstat');
    line(story.diffstat);
  }
  if (story.findings.length) {
    section('Gate findings');
    for (const f of story.findings.slice(0, LISTED)) {
      const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '(change)';
      line(
        `  ${f.blocking ? 'BLOCK' : 'note '} ${where} [${f.gate}: ${f.rule}] ${f.severity}: ${f.message}${f.suppressed ? ` (suppressed: ${f.suppressed})` : ''}`,
      );
    }
    more(story.findings.length);
  }
  if (story.decisions.length) {
    // Refusals first: they are what changed the run's course.
    const denied = story.decisions.filter((d) => !d.allowed);
    const ordered = [...denied, ...story.decisions.filter((d) => d.allowed)];
    section(`Policy decisions (${denied.length} denied)`);
    for (const d of ordered.slice(0, LISTED)) line(`  ${d.allowed ? 'allow' : 'DENY '} ${d.kind} ${d.subject}: ${d.reason} [${d.rule}]`);
    more(ordered.length);
  }
}

function section(title: string): void {
  out();
  out(styleOut.bold(title));
}

function more(total: number): void {
  if (total > LISTED) out(`  ... and ${total - LISTED} more (runs show --json has them all)`);
}

/**
 * `oryon runs export ID [--format json|md|html|pr] [-o FILE]`: an evidence pack — the run,
 * its mode and model settings, every step's prompt and reply with tokens and latency, the
 * policy decisions and approvals, tests, findings, the diff and what was published, each
 * part with its sha256; secrets masked. `pr` prints the PR description autopilot wrote.
 */
export async function runsExportCommand(id: string, _options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions & { output?: string; format?: 'json' | 'md' | 'html' | 'pr' }>();
  const format = flags.format ?? 'json';
  const { journal, close } = openJournal(flags);
  try {
    let text: string;
    let runId: string;
    if (format === 'pr') {
      const pr = prDescriptionOf(journal, id);
      if (pr.text === undefined)
        throw new BadInputError(`run ${pr.runId} has no PR description`, {
          hint: 'autopilot and sovereign runs that commit write one (oryon fix --mode autopilot)',
        });
      ({ text, runId } = { text: pr.text, runId: pr.runId });
    } else {
      const pack = evidencePack(journal, id, VERSION);
      runId = pack.run.id;
      text = format === 'md' ? evidenceMarkdown(pack) : format === 'html' ? evidenceHtml(pack) : `${JSON.stringify(pack, null, 2)}\n`;
    }
    if (!flags.output || flags.output === '-') {
      process.stdout.write(text);
      return 0;
    }
    writeFileSync(flags.output, text, { mode: 0o600 });
    if (flags.json) printJson({ run_id: runId, format, file: path.resolve(flags.output) });
    else out(`wrote ${flags.output}`);
    return 0;
  } finally {
    close();
  }
}
