// A chat session on a real repo, journal and sandbox with the scripted model: what every
// session test builds, with the knobs they differ in.
import { loadConfig } from '../../../src/config/load.js';
import type { ApprovalAnswer, ApprovalRequest } from '../../../src/core/agent/options.js';
import type { ChatEvent } from '../../../src/core/chat/events.js';
import { ChatSession } from '../../../src/core/chat/session.js';
import { ThreadStore } from '../../../src/core/chat/thread-store.js';
import { Journal } from '../../../src/core/journal/journal.js';
import { ScriptedModel, type ScriptedStep } from '../../../src/core/model/scripted-model.js';
import type { ModelInfo } from '../../../src/core/model/types.js';
import type { LoadedPlugin } from '../../../src/core/plugins/types.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { databasePath, openDatabase } from '../../../src/core/store/db.js';
import { tempDir } from '../../helpers/git-repo.js';

type Loaded = ReturnType<typeof loadConfig>;

export interface HarnessOptions {
  /** Answers to approval prompts, in order; "no" once they run out. */
  answers?: ApprovalAnswer[];
  info?: ModelInfo;
  config?: (config: Loaded['config']) => void;
  policy?: (policy: Loaded['policy']) => void;
  plugins?: LoadedPlugin[];
}

export function chatHarness(repoRoot: string, replies: ScriptedStep[], options: HarnessOptions = {}) {
  const home = tempDir('oryon-home-');
  const env = { HOME: home, XDG_CONFIG_HOME: home, ORYON_HOME: home, PATH: process.env.PATH ?? '' };
  const { config, policy } = loadConfig({ repoRoot, env });
  config.sandbox.isolation = 'best-effort';
  options.config?.(config);
  options.policy?.(policy);
  const db = openDatabase(databasePath(home));
  const journal = new Journal(db);
  const threads = new ThreadStore(db);
  const model = new ScriptedModel(replies, options.info ? { info: options.info } : {});
  const answers = [...(options.answers ?? [])];
  const asked: ApprovalRequest[] = [];
  const session = new ChatSession({
    repoRoot,
    config,
    policy,
    home,
    model,
    journal,
    threads,
    createModel: (name) => new ScriptedModel([], { name }),
    sandbox: createSandboxRunner({ policy, config, env: { ...process.env, ...env } }),
    approve: async (request) => {
      asked.push(request);
      return answers.shift() ?? { answer: 'no' };
    },
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  return { session, journal, threads, model, asked, db };
}

export async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
