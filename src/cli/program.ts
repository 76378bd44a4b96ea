import { createRequire } from 'node:module';
import type * as Commander from 'commander';
import { VERSION } from './version.js';

// require, not import: commander is CommonJS, and importing it from an ES module first runs
// Node's export scanner over its 125 KB (~5 ms of every command, perf/startup.perf.ts).
const { Command, Option, CommanderError } = createRequire(import.meta.url)('commander') as typeof Commander;
type Command = Commander.Command;
export { CommanderError };

/** What a command module's action returns: the process exit code. */
export type ExitStatus = number;

// Every action imports its command module on demand, so `--help` and `--version`
// load commander and nothing else.
type Action = (...args: unknown[]) => Promise<ExitStatus>;
const lazy =
  (load: () => Promise<Action>) =>
  async (...args: unknown[]): Promise<void> => {
    const action = await load();
    process.exitCode = await action(...args);
  };

function withCommon(command: Command): Command {
  return command
    .option('--repo <dir>', 'repository to work on (default: the git top-level of the cwd)')
    .option('--json', 'print one JSON document on stdout; progress stays on stderr')
    .option('--model <name>', 'chat model to use (overrides config and ORYON_MODEL)')
    .addOption(new Option('--mode <mode>', 'autonomy mode').choices(['advisor', 'operator', 'autopilot', 'sovereign']))
    .option('--debug', 'show stack traces on errors')
    .option('--log-format <format>', 'human (default) or json: one JSON object per event (ORYON_LOG_FORMAT)')
    .option('--log-file <path>', 'write the JSON log there instead of stderr');
}

/**
 * One registrar per top-level command, in the order `--help` lists them. The CLI builds only
 * the one it was asked for when argv names it first (`oryon gate --staged`): building all
 * of them cost ~5 ms of every command's start-up, and nothing else needs them.
 */
const COMMANDS: Record<string, (program: Command) => void> = {
  fix: (program) => {
    withCommon(program.command('fix'))
      .description('plan, edit, test, gate and commit a fix on a branch (by mode)')
      .argument('<issue>', 'the issue in words')
      .option('--base <ref>', 'start the branch from this ref (default: HEAD)')
      .option('--max-iterations <n>', 'edit/test iterations before giving up')
      .option('--test-command <cmd>', 'test command (overrides config and detection)')
      .addOption(new Option('--edit-format <format>', 'how the model writes edits').choices(['auto', 'diff', 'whole']))
      .option(
        '--yes <actions>',
        'approve in advance what the policy asks about (approvals): a comma list of commit, merge, push, open_pr, new_dependency, command, or all',
      )
      .action(lazy(async () => (await import('./commands/fix.js')).fixCommand as Action));
  },
  chat: (program) => {
    withCommon(program.command('chat'))
      .description('interactive terminal session on the same core (line mode when not a TTY)')
      .option('--resume [id]', "reopen this repo's last thread, or the thread ID")
      .option('--list', "list this repo's threads")
      .action(lazy(async () => (await import('./commands/chat.js')).chatCommand as Action));
  },
  apply: (program) => {
    withCommon(program.command('apply'))
      .description('apply edit blocks (SEARCH/REPLACE or whole-file) from a file or stdin')
      .argument('[file]', 'file holding model output, or - for stdin', '-')
      .option('--dry-run', 'show the unified diff and write nothing')
      .action(lazy(async () => (await import('./commands/apply.js')).applyCommand as Action));
  },
  gate: (program) => {
    withCommon(program.command('gate'))
      .description('run the policy, secrets, security and lint gates; no model needed')
      .argument('[paths...]', 'files to check')
      .option('--staged', 'check the staged content (the index)')
      .option('--all', 'check every tracked file')
      .option('--sarif <file>', 'also write findings as SARIF 2.1.0')
      .action(lazy(async () => (await import('./commands/gate.js')).gateCommand as Action));
  },
  hook: (program) => {
    const hook = program.command('hook').description('manage the git pre-commit hook that runs `oryon gate --staged`');
    withCommon(hook.command('install'))
      .description('install the pre-commit hook (chains an existing one)')
      .option('--force', 'replace a hook oryon did not write')
      .action(lazy(async () => (await import('./commands/hook.js')).hookInstallCommand as Action));
    withCommon(hook.command('uninstall'))
      .description('remove the hook and restore what was there')
      .action(lazy(async () => (await import('./commands/hook.js')).hookUninstallCommand as Action));
  },
  sandbox: (program) => {
    withCommon(program.command('sandbox'))
      .description('run a command in exactly the sandbox used for tests and lint (the checkout is read-only unless --write)')
      .option('--write', 'let the command change the checkout (as test runs may); without it the checkout is read-only, as for lint')
      .argument('<command...>', 'the command and its arguments (after --)')
      .action(lazy(async () => (await import('./commands/sandbox.js')).sandboxCommand as Action));
  },
  runs: (program) => {
    const runs = program.command('runs').description('run history and evidence packs');
    withCommon(runs.command('list'))
      .description('list runs, newest first')
      .option('--limit <n>', 'how many runs', '20')
      .action(lazy(async () => (await import('./commands/runs.js')).runsListCommand as Action));
    withCommon(runs.command('show'))
      .description('show a run: plan, steps, tokens, timings, diffstat, test results')
      .argument('<id>', 'run id (or a unique prefix)')
      .action(lazy(async () => (await import('./commands/runs.js')).runsShowCommand as Action));
    withCommon(runs.command('stats'))
      .description('runs by status, success rate, step latency p50/p95, tokens per day, fallbacks, budgets')
      .option('--since <duration>', 'how far back: 7d, 24h, 2w', '7d')
      .action(lazy(async () => (await import('./commands/runs.js')).runsStatsCommand as Action));
    withCommon(runs.command('export'))
      .description('write an evidence pack for a run')
      .argument('<id>', 'run id (or a unique prefix)')
      .addOption(new Option('--format <format>', 'json (default), md, html, or pr (the PR description)').choices(['json', 'md', 'html', 'pr']).default('json'))
      .option('-o, --output <file>', 'where to write the pack')
      .action(lazy(async () => (await import('./commands/runs.js')).runsExportCommand as Action));
  },
  undo: (program) => {
    withCommon(program.command('undo'))
      .description('take back what a run did (its branch, a sovereign merge), journaled')
      .argument('[run]', "run id or unique prefix (default: this repo's last run)")
      .option('--dry-run', 'say what would be done and change nothing')
      .action(lazy(async () => (await import('./commands/undo.js')).undoCommand as Action));
  },
  memory: (program) => {
    const memory = program.command('memory').description("the repo's vector memory");
    withCommon(memory.command('index'))
      .description('index the repo (incremental)')
      .option('--full', 're-chunk and re-embed everything')
      .action(lazy(async () => (await import('./commands/memory.js')).memoryIndexCommand as Action));
    withCommon(memory.command('search'))
      .description('hybrid search over code and past fixes')
      .argument('<query>', 'what to look for')
      .option('-k <n>', 'how many results', '10')
      .option('--path <glob>', 'only paths matching this glob')
      .option('--lang <language>', 'only this language')
      .action(lazy(async () => (await import('./commands/memory.js')).memorySearchCommand as Action));
    withCommon(memory.command('stats'))
      .description('files, chunks, vectors, embedder, database size')
      .action(lazy(async () => (await import('./commands/memory.js')).memoryStatsCommand as Action));
    withCommon(memory.command('forget'))
      .description('delete memory for good (then vacuum)')
      .option('--all', 'everything for this repo')
      .option('--path <glob>', 'chunks of matching paths')
      .option('--run <id>', 'a run and what it taught')
      .action(lazy(async () => (await import('./commands/memory.js')).memoryForgetCommand as Action));
    withCommon(memory.command('export'))
      .description('write memory as JSONL on stdout')
      .action(lazy(async () => (await import('./commands/memory.js')).memoryExportCommand as Action));
  },
  bench: (program) => {
    const bench = withCommon(program.command('bench'))
      .description('run the fix loop on a task suite with hidden tests; pass@k, tokens, time, A/B comparison')
      .option('--suite <name|path>', 'datasets (built in), a folder of task folders, or an Exercism/polyglot tree', 'datasets')
      .option('--edit-format <formats>', 'auto, diff or whole; a comma list compares them')
      .option('--prompts <dirs>', 'prompt template folders (default = the packaged set); a comma list compares them')
      .option('--tries <n>', 'tries per task; try 2 sees the test output of try 1', '2')
      .option('--repeat <k>', 'run every task k times', '1')
      .option('--jobs <n>', 'tasks run in parallel worktrees', '1')
      .option('--seed <s>', "the model's sampling seed (an integer; repeats add their index)")
      .option('--only <glob>', 'only tasks whose name matches')
      .option('--curriculum', 'climb levels in order; stop below curriculum.min_pass_rate')
      .option('--out <file>', 'append history here instead of ORYON_HOME/bench/history.jsonl')
      .addHelpText('after', '\n--model A,B compares models side by side (each task under each), with 95% intervals and an exact McNemar test.')
      .action(lazy(async () => (await import('./commands/bench.js')).benchCommand as Action));
    withCommon(bench.command('report'))
      .description('tables and SVG charts of bench runs (default: the latest); --html writes one self-contained page')
      .argument('[runs...]', 'bench run ids (or unique prefixes)')
      .option('--html <file>', 'write a self-contained HTML report')
      .option('--svg <file>', 'write the pass rate / tokens chart as SVG')
      .option('--history <n>', 'bench runs in the history chart', '20')
      .action(lazy(async () => (await import('./commands/bench-report.js')).benchReportCommand as Action));
    withCommon(bench.command('check'))
      .description('exit 1 when the latest bench run breaks bench/thresholds.yaml or falls below a baseline')
      .option('--baseline <run>', 'compare with this bench run')
      .option('--thresholds <file>', 'thresholds file (default: bench/thresholds.yaml or .oryon/bench.yaml)')
      .option('--badge <file>', 'write an SVG badge of the pass rate')
      .action(lazy(async () => (await import('./commands/bench-report.js')).benchCheckCommand as Action));
  },
  mcp: (program) => {
    const mcp = program.command('mcp').description('Model Context Protocol: oryon for other agents');
    withCommon(mcp.command('serve'))
      .description('expose gate, sandbox, memory, fix and runs to other agents over MCP (stdio)')
      .action(lazy(async () => (await import('./commands/mcp.js')).mcpServeCommand as Action));
  },
  doctor: (program) => {
    withCommon(program.command('doctor'))
      .description('check git, Ollama and its models, sandbox and scanners; say how to fix each')
      .action(lazy(async () => (await import('./commands/doctor.js')).doctorCommand as Action));
  },
  trust: (program) => {
    withCommon(program.command('trust'))
      .description("let this repo's .oryon/policy.yaml and config.yaml loosen the defaults (for their current contents)")
      .option('--list', 'list trusted repositories')
      .option('--revoke', "forget this repository's trust")
      .action(lazy(async () => (await import('./commands/trust.js')).trustCommand as Action));
  },
  init: (program) => {
    withCommon(program.command('init'))
      .description('write .oryon/config.yaml and .oryon/policy.yaml into the repo')
      .option('--force', 'overwrite existing files')
      .action(lazy(async () => (await import('./commands/init.js')).initCommand as Action));
  },
};

/**
 * The whole program, or, given argv, only the top-level command argv names first (with
 * no global flag before it). Help, suggestions and unknown commands get the whole one.
 */
export function buildProgram(argv?: readonly string[]): Command {
  const program = withCommon(new Command('oryon'))
    .description('A local-first coding agent: plan, edit, test and gate changes against your own Ollama model.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Exit codes:
  0    done (task succeeded, gate passed, edits applied)
  1    not done (tests or a blocking gate failed, edit not applied, iterations ran out)
  2    bad input (unknown flag, invalid config or policy, not a git repo)
  3    model unavailable (Ollama unreachable, model not pulled)
  4    refused by policy
  130  interrupted (Ctrl-C)

Environment: OLLAMA_HOST, ORYON_MODEL, ORYON_HOME, NO_COLOR`,
    );

  const invoked = argv?.[2];
  const only = invoked !== undefined && Object.hasOwn(COMMANDS, invoked) ? [invoked] : Object.keys(COMMANDS);
  for (const name of only) COMMANDS[name]!(program);
  return program;
}
