import type { Command } from 'commander';
import { drawEarlyScreen, type EarlyScreen } from '../chat/early-screen.js';
import type { ChatFlags } from '../chat/setup.js';

/**
 * `oryon chat [--resume [ID]] [--list]`: the ink session on a terminal, line mode when
 * stdin or stdout is not a TTY (scripts, tests). ink and React load only here.
 */
export async function chatCommand(_options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<ChatFlags>();
  if (flags.list) return listThreads(flags);
  if (process.stdin.isTTY && process.stdout.isTTY && !flags.json) {
    // The prompt shows before anything heavy loads; keys typed meanwhile reach ink.
    const early = drawEarlyScreen({ stdin: process.stdin, stdout: process.stdout, color: !process.env.NO_COLOR });
    try {
      const { runTerminal } = await loadInteractive();
      return await runTerminal(flags, early);
    } catch (error) {
      restoreTerminal(early);
      throw error;
    }
  }
  const { runLineMode } = await import('../chat/line-mode.js');
  return runLineMode(flags);
}

/**
 * ink draws only a final frame when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION
 * set, read once when it loads). A person at a terminal asked for the interactive session,
 * so that reading is hidden while ink loads; the environment is restored for everything
 * else (sandboxed commands still see it).
 */
async function loadInteractive(): Promise<typeof import('../../ui/chat/run-terminal.js')> {
  const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION, NODE_ENV: process.env.NODE_ENV };
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  // React picks its build when it loads: the development one checks every render and
  // cost a third of the CPU while a reply streamed. Set only for the load, like CI above.
  process.env.NODE_ENV ??= 'production';
  try {
    return await import('../../ui/chat/run-terminal.js');
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** A failure before ink took over (a bad config, an unreadable database) ends on a usable terminal. */
function restoreTerminal(early: EarlyScreen): void {
  early.handOver();
  process.stdin.setRawMode(false);
  process.stdout.write('\u001b[?25h');
}

async function listThreads(flags: ChatFlags): Promise<number> {
  const [{ ThreadStore }, { databasePath, openDatabase }, { loadForRepo, resolveRepo }, { out, printJson }] = await Promise.all([
    import('../../core/chat/thread-store.js'),
    import('../../core/store/db.js'),
    import('../context.js'),
    import('../output.js'),
  ]);
  const repoRoot = resolveRepo(flags);
  const { home } = loadForRepo(flags, repoRoot);
  const db = openDatabase(databasePath(home));
  try {
    const threads = new ThreadStore(db).list(repoRoot);
    if (flags.json) {
      printJson(
        threads.map((t) => ({
          id: t.id,
          title: t.title,
          branch: t.branch,
          model: t.model,
          mode: t.mode,
          messages: t.messages,
          updated_at: new Date(t.updated_at).toISOString(),
        })),
      );
      return 0;
    }
    if (!threads.length) out('no chat threads in this repo yet (oryon chat starts one)');
    for (const t of threads)
      out(
        `${t.id}  ${new Date(t.updated_at).toISOString().slice(0, 16).replace('T', ' ')}  ${String(t.messages).padStart(3)} msgs  ${t.branch ?? '-'}  ${t.title}`,
      );
    return 0;
  } finally {
    db.close();
  }
}
