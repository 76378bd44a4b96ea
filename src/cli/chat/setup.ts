// Everything a chat session needs, made the way `oryon fix` makes it: config and policy
// for the repo, the model client, the sandbox (journaling its decisions on the run they
// belong to), the journal and memory in ORYON_HOME's database, and the gates.
import type { ApprovalPort, GatesSeam } from '../../core/agent/options.js';
import { ChatSession } from '../../core/chat/session.js';
import { ThreadStore, type ThreadRow } from '../../core/chat/thread-store.js';
import { assertStateOutsideRepo } from '../../core/git/inside.js';
import { Journal } from '../../core/journal/journal.js';
import type { RepoMemory } from '../../core/memory/repo-memory.js';
import type { LoadedPlugin } from '../../core/plugins/types.js';
import { createChatModel } from '../../core/model/providers/registry.js';
import { withRedactedEmbeddings } from '../../core/guardrails/redacting-embedder.js';
import { withRedaction } from '../../core/guardrails/redacting-model.js';
import { Redactor } from '../../core/guardrails/redactor.js';
import { createSandboxRunner } from '../../core/sandbox/create.js';
import type { SandboxRunner } from '../../core/sandbox/types.js';
import { databasePath, openDatabase, type Database } from '../../core/store/db.js';
import { loadForRepo, resolveRepo, type CommonOptions } from '../context.js';
import { openJsonLog, type LogFlags } from '../json-log-option.js';

export interface ChatFlags extends CommonOptions, LogFlags {
  resume?: string | boolean;
  list?: boolean;
}

export interface ChatContext {
  repoRoot: string;
  db: Database;
  threads: ThreadStore;
  open(approve: ApprovalPort): ChatSession;
}

function lazySandbox(create: () => SandboxRunner): SandboxRunner {
  let runner: SandboxRunner | undefined;
  const get = (): SandboxRunner => (runner ??= create());
  return {
    get isolation() {
      return get().isolation;
    },
    run: (request) => get().run(request),
  };
}

/** `screen`: the full-screen session owns the terminal, so a JSON log needs --log-file. */
export async function chatContext(flags: ChatFlags, options: { screen?: boolean } = {}): Promise<ChatContext> {
  const repoRoot = resolveRepo(flags);
  const { config, policy, home } = loadForRepo(flags, repoRoot);
  assertStateOutsideRepo(home, repoRoot);
  // Only a config that lists plugins loads them, before the session: a bad one is a config error (exit 2).
  const plugins: LoadedPlugin[] | undefined = config.plugins.length
    ? await (await import('../../core/plugins/load.js')).loadPlugins(config.plugins, repoRoot)
    : undefined;
  // Change turns are runs: the same structured log as `oryon fix`, redacted as the thread
  // is. Opened before the session, so a bad --log-format is an error before the screen.
  let redactLog = (text: string): string => text;
  const jsonLog = openJsonLog(flags, config.model, (text) => redactLog(text), options);
  if (jsonLog) process.once('exit', () => jsonLog.close());
  const db = openDatabase(databasePath(home));
  const journal = new Journal(db);
  const threads = new ThreadStore(db);
  return {
    repoRoot,
    db,
    threads,
    open(approve) {
      const resume: ThreadRow | undefined =
        flags.resume === undefined || flags.resume === false
          ? undefined
          : flags.resume === true
            ? threads.latest(repoRoot)
            : threads.find(repoRoot, flags.resume);
      const redactor = new Redactor(config.guardrails.redact, config.guardrails.pii);
      if (redactor.active) {
        // The thread and the change turns' runs are stored as the model saw them: redacted.
        threads.setRedactor((text) => redactor.redact(text));
        journal.setRedactor((text) => redactor.redact(text));
        for (const message of resume ? threads.messages(resume.id) : []) redactor.reserve(message.content);
      }
      const model = withRedaction(createChatModel(config.model), redactor);
      redactLog = (text) => redactor.redact(text);
      // Decisions of the sandbox belong to the run being made; outside a run they are the repo's.
      let currentRun: string | null = null;
      // Made on first use (bubblewrap's detection spawns it twice): asking never needs it.
      const sandbox = lazySandbox(() => createSandboxRunner({ policy, config, onDecision: (decision) => journal.addDecision(currentRun, repoRoot, decision) }));
      // Nothing waits before the prompt shows: memory (sqlite-vec), the gates and the
      // embedder's probe of the model server all load on first use.
      let memory: Promise<RepoMemory> | undefined;
      const openMemory = (): Promise<RepoMemory> =>
        (memory ??= import('../../core/memory/index.js').then(({ lazyEmbedder, RepoMemory }) =>
          RepoMemory.open(db, repoRoot, withRedactedEmbeddings(lazyEmbedder(config), redactor), policy),
        ));
      const gates: GatesSeam = async (context) =>
        // Change turns are the fix loop: plugin gates check them as they check `oryon fix`.
        (await import('../../core/gates/fix-gates.js')).createFixGates({ config, policy, repoRoot, sandbox, ...(plugins ? { plugins } : {}) })(context);
      return new ChatSession({
        repoRoot,
        config,
        policy,
        home,
        model,
        createModel: (name) => withRedaction(createChatModel({ ...config.model, name }), redactor),
        sandbox,
        journal,
        threads,
        memory: openMemory,
        gates,
        approve,
        resume,
        onRun: (runId) => (currentRun = runId),
        onRunEvent: jsonLog ? (event) => jsonLog.log.handle(event) : undefined,
        plugins,
      });
    },
  };
}
