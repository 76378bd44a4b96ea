import type { Command } from 'commander';
import { resultDocument, type FixResult } from '../../core/agent/events.js';
import { runFix } from '../../core/agent/loop.js';
import { renderPlan } from '../../core/agent/plan.js';
import { BadInputError, ExitCode, PolicyDeniedError } from '../../core/errors.js';
import { createFixGates } from '../../core/gates/fix-gates.js';
import { assertStateOutsideRepo } from '../../core/git/inside.js';
import { Journal } from '../../core/journal/journal.js';
import { newRunId } from '../../core/journal/run-id.js';
import { budgetUse, describeBudget, exhaustedBudget } from '../../core/journal/token-usage.js';
import { createEmbedder, lessonFromFix, memoryRecall, RepoMemory } from '../../core/memory/index.js';
import { createChatModel } from '../../core/model/providers/registry.js';
import { withRedactedEmbeddings } from '../../core/guardrails/redacting-embedder.js';
import { withRedaction } from '../../core/guardrails/redacting-model.js';
import { Redactor } from '../../core/guardrails/redactor.js';
import { createSandboxRunner } from '../../core/sandbox/create.js';
import { forTerminal } from '../../core/terminal/escape.js';
import { databasePath, openDatabase } from '../../core/store/db.js';
import { loadForRepo, resolveRepo, type CommonOptions } from '../context.js';
import { out, printJson, progress, styleOut } from '../output.js';
import { ProgressReporter } from '../progress.js';
import { fixApprovalPort, parseYes } from '../fix-approval.js';
import { openJsonLog, type LogFlags } from '../json-log-option.js';

interface FixFlags extends CommonOptions, LogFlags {
  base?: string;
  maxIterations?: string;
  testCommand?: string;
  editFormat?: 'auto' | 'diff' | 'whole';
  yes?: string;
}

function parseIterations(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new BadInputError(`--max-iterations: expected a positive integer, got "${value}"`);
  return n;
}

export async function fixCommand(issue: string, _options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<FixFlags>();
  if (!issue.trim()) throw new BadInputError('the issue is empty', { hint: 'oryon fix "describe the bug or feature in words"' });
  const maxIterations = parseIterations(flags.maxIterations);
  const yes = parseYes(flags.yes);
  const repoRoot = resolveRepo(flags);
  const { config, policy, home } = loadForRepo(flags, repoRoot);
  assertStateOutsideRepo(home, repoRoot);
  // One redactor for the run: the model, the journal and the applied edits share its placeholders.
  const redactor = new Redactor(config.guardrails.redact, config.guardrails.pii);
  const model = withRedaction(createChatModel(config.model), redactor);
  // Plugins (gates, tools) load only when configured; a bad one stops here with exit 2.
  const plugins = config.plugins.length ? await (await import('../../core/plugins/load.js')).loadPlugins(config.plugins, repoRoot) : undefined;
  const pluginTools = plugins ? (await import('../../core/plugins/tools.js')).pluginTools(plugins) : undefined;
  // Every sandbox decision (the command allowed, a kill at a limit, output cut) is the run's.
  // Created before the database so a missing sandbox refuses before anything is opened.
  const runId = newRunId();
  const sandbox = createSandboxRunner({ policy, config, onDecision: (decision) => journal.addDecision(runId, repoRoot, decision) });
  const db = openDatabase(databasePath(home));
  const journal = new Journal(db);
  if (redactor.active) journal.setRedactor((text) => redactor.redact(text));
  // A run that would start over the repo's token budget is refused before it spends anything.
  const spent = exhaustedBudget(budgetUse(db, repoRoot, policy.limits));
  if (spent) {
    db.close();
    throw new PolicyDeniedError(`refused by rule ${spent.rule}: ${describeBudget(spent)}`, spent.rule, {
      hint: 'wait for the next period, or raise the budget in .oryon/policy.yaml (oryon runs stats shows usage)',
    });
  }

  // Ctrl-C aborts the run (model stream, test process) and lets it clean up; a second
  // Ctrl-C while cleaning up is honoured at once.
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    progress('interrupted: stopping and removing the worktree...');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const reporter = new ProgressReporter();
  const jsonLog = openJsonLog(flags, config.model, (text) => redactor.redact(text));
  let result: FixResult;
  try {
    // The issue is embedded for memory recall: it leaves redacted, as prompts do.
    const memory = RepoMemory.open(db, repoRoot, withRedactedEmbeddings(await createEmbedder(config, { signal: controller.signal }), redactor), policy);
    const run = runFix({
      runId,
      repoRoot,
      issue,
      config,
      policy,
      home,
      model,
      sandbox,
      journal,
      mode: config.agent.mode,
      base: flags.base,
      signal: controller.signal,
      testCommand: flags.testCommand,
      maxIterations,
      editFormat: flags.editFormat,
      gates: createFixGates({ config, policy, repoRoot, sandbox, ...(plugins ? { plugins } : {}) }),
      tools: pluginTools,
      memory: memoryRecall(memory, config.memory),
      // MCP servers start in the run's worktree, and only when configured (the SDK loads lazily).
      toolSources: Object.keys(config.mcp.servers).length
        ? async ({ worktree, sandbox: runner }) => (await import('../../core/mcp/servers.js')).connectMcpServers(config, { cwd: worktree, sandbox: runner })
        : undefined,
      searchCode: async (query) =>
        (await memory.search(query, { k: 8 })).map(({ path, startLine, endLine, content }) => ({ path, startLine, endLine, content })),
      ask: fixApprovalPort(yes),
    });
    for (;;) {
      const next = await run.next();
      if (next.done) {
        result = next.value;
        break;
      }
      if (jsonLog) jsonLog.log.handle(next.value);
      else reporter.handle(next.value);
    }
    // What a committed fix taught, for the next similar issue; memory is an aid, never a failure.
    if (result.status === 'succeeded' && result.commit) {
      // Stored as the journal is: redacted (the lesson quotes the issue and the diff).
      const lesson = lessonFromFix(issue, result);
      const stored = {
        ...lesson,
        issue: redactor.redact(lesson.issue),
        planSummary: redactor.redact(lesson.planSummary),
        diffSummary: redactor.redact(lesson.diffSummary),
      };
      await memory.addLesson(stored).catch(() => undefined);
    }
  } finally {
    reporter.close();
    jsonLog?.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    db.close();
  }

  if (flags.json) printJson(resultDocument(result));
  else printHuman(result);
  if (result.status === 'error') throw result.error;
  if (result.status === 'interrupted') {
    progress('oryon: interrupted; the worktree was removed and your working tree is unchanged');
    return ExitCode.interrupted;
  }
  if (result.status === 'failed') {
    progress(`oryon: not done: ${forTerminal(result.reason ?? 'the change did not pass', process.stderr.isTTY)}`);
    return ExitCode.notDone;
  }
  return ExitCode.ok;
}

/** The model's plan and the diff are untrusted text: on a terminal their control characters are shown, not obeyed. */
const tty = (text: string): string => forTerminal(text, process.stdout.isTTY);

function printHuman(result: FixResult): void {
  if (result.status === 'error' || result.status === 'interrupted') return;
  if (result.plan) {
    out(styleOut.bold('Plan'));
    out(tty(renderPlan(result.plan)));
    out();
  }
  if (result.diff) {
    const heading =
      result.mode === 'advisor'
        ? 'Proposed change (nothing was written)'
        : result.commit
          ? 'Change'
          : 'Attempted change (not committed; the worktree was removed)';
    out(styleOut.bold(heading));
    out(tty(result.diff.trimEnd()));
    out();
  }
  if (result.commit && result.branch) {
    out(`${styleOut.green('committed')} ${result.commit.slice(0, 10)} on ${result.branch}`);
    if (!result.publish?.merged) out(`  review: git log -p ${result.branch} -1    merge: git merge ${result.branch}`);
  }
  for (const step of result.publish?.steps ?? []) {
    if (step.action === 'pr-description') continue;
    const label = step.action === 'open_pr' ? 'pr' : step.action === 'push-base' ? 'push' : step.action;
    out(`${step.done ? styleOut.green(label) : label}: ${tty(step.message)}`);
  }
  if (result.publish) out(styleOut.dim(`  undo: oryon undo ${result.runId}`));
  const tests = result.tests.command
    ? `tests ${result.tests.passed ? 'passed' : result.tests.passed === false ? 'failed' : 'not run'} (${result.tests.command})`
    : 'no tests run';
  out(
    styleOut.dim(
      `run ${result.runId}: ${result.status}, ${result.iterations} iteration(s), ${tests}, ${result.tokens.prompt}+${result.tokens.completion} tokens, model ${(result.modelMs / 1000).toFixed(1)}s, total ${(result.wallMs / 1000).toFixed(1)}s`,
    ),
  );
}
