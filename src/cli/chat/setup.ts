// Everything a chat session needs, made the way `oryon fix` makes it: config and policy
// for the repo, the model client, the sandbox (journaling its decisions on the run they
// belong to), the journal and memory in ORYON_HOME's database, and the gates.
import type { ApprovalPort } from '../../core/agent/options.js';
import { ChatSession } from '../../core/chat/session.js';
import { ThreadStore, type ThreadRow } from '../../core/chat/thread-store.js';
import { createFixGates } from '../../core/gates/fix-gates.js';
import { assertStateOutsideRepo } from '../../core/git/inside.js';
import { Journal } from '../../core/journal/journal.js';
import { lazyEmbedder, RepoMemory } from '../../core/memory/index.js';
import { createOllamaModel } from '../../core/model/ollama-client.js';
import { createSandboxRunner } from '../../core/sandbox/create.js';
import { databasePath, openDatabase, type Database } from '../../core/store/db.js';
import { loadForRepo, resolveRepo, type CommonOptions } from '../context.js';

export interface ChatFlags extends CommonOptions {
  resume?: string | boolean;
  list?: boolean;
}

export interface ChatContext {
  repoRoot: string;
  db: Database;
  threads: ThreadStore;
  open(approve: ApprovalPort): ChatSession;
}

export function chatContext(flags: ChatFlags): ChatContext {
  const repoRoot = resolveRepo(flags);
  const { config, policy, home } = loadForRepo(flags, repoRoot);
  assertStateOutsideRepo(home, repoRoot);
  const db = openDatabase(databasePath(home));
  const journal = new Journal(db);
  const threads = new ThreadStore(db);
  return {
    repoRoot,
    db,
    threads,
    open(approve) {
      const resume: ThreadRow | undefined =
        flags.resume === undefined || flags.resume === false ? undefined : flags.resume === true ? threads.latest(repoRoot) : threads.find(repoRoot, flags.resume);
      const model = createOllamaModel(config.model);
      // Decisions of the sandbox belong to the run being made; outside a run they are the repo's.
      let currentRun: string | null = null;
      const sandbox = createSandboxRunner({ policy, config, onDecision: (decision) => journal.addDecision(currentRun, repoRoot, decision) });
      // Nothing waits for the model server before the prompt shows: the embedder is probed on first use.
      const memory = RepoMemory.open(db, repoRoot, lazyEmbedder(config), policy);
      return new ChatSession({
        repoRoot,
        config,
        policy,
        home,
        model,
        createModel: (name) => createOllamaModel({ ...config.model, name }),
        sandbox,
        journal,
        threads,
        memory,
        gates: createFixGates({ config, policy, repoRoot, sandbox }),
        approve,
        resume,
        onRun: (runId) => (currentRun = runId),
      });
    },
  };
}
