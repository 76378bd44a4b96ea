// Shared setup for loop tests: a dataset repo, config and policy as loaded for it, a
// journal in a temp ORYON_HOME, the real sandbox runner and a scripted model.
import { loadConfig } from '../../../src/config/load.js';
import type { Mode } from '../../../src/config/schema.js';
import type { FixEvent, FixResult } from '../../../src/core/agent/events.js';
import { runFix } from '../../../src/core/agent/loop.js';
import type { FixOptions } from '../../../src/core/agent/options.js';
import { Journal } from '../../../src/core/journal/journal.js';
import { ScriptedModel, type ScriptedStep } from '../../../src/core/model/scripted-model.js';
import type { ModelInfo } from '../../../src/core/model/types.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { databasePath, openDatabase } from '../../../src/core/store/db.js';
import { GIT_IDENTITY, tempDir } from '../../helpers/git-repo.js';

export function planReply(files: string[], summary = 'Fix the bug', confidence = 0.9): string {
  return JSON.stringify({ summary, steps: ['change the code', 'run the tests'], files, verify: 'run the tests', confidence });
}

export interface Harness {
  home: string;
  journal: Journal;
  model: ScriptedModel;
  events: FixEvent[];
  result: FixResult;
}

export async function runScripted(
  repoRoot: string,
  issue: string,
  replies: ScriptedStep[],
  overrides: Partial<FixOptions> & { mode?: Mode; numCtx?: number; modelInfo?: ModelInfo; configPatch?: (config: FixOptions['config']) => void } = {},
): Promise<Harness> {
  const home = tempDir('oryon-home-');
  const env = { HOME: home, XDG_CONFIG_HOME: home, ORYON_HOME: home, PATH: process.env.PATH ?? '' };
  const { config, policy } = loadConfig({ repoRoot, env });
  config.sandbox.isolation = 'best-effort';
  overrides.configPatch?.(config);
  const journal = new Journal(openDatabase(databasePath(home)));
  const model = new ScriptedModel(replies, {
    numCtx: overrides.numCtx ?? 32768,
    replyReserve: config.model.reply_reserve_tokens,
    ...(overrides.modelInfo ? { info: overrides.modelInfo } : {}),
  });
  if (overrides.numCtx) config.model.num_ctx = overrides.numCtx;
  const sandbox = createSandboxRunner({ policy, config, env: { ...process.env, ...env } });
  const events: FixEvent[] = [];
  const run = runFix({ repoRoot, issue, config, policy, home, model, sandbox, journal, commitEnv: GIT_IDENTITY, ...overrides });
  for (;;) {
    const next = await run.next();
    if (next.done) return { home, journal, model, events, result: next.value };
    events.push(next.value);
  }
}

/** The text of every message of a recorded request, joined. */
export function requestText(model: ScriptedModel, index: number): string {
  return model.requests[index]!.messages.map((message) => message.content).join('\n');
}
