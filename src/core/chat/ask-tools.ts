// The tools of an ask turn: the same machinery as the fix loop's plan and edit steps
// (ToolSession's call limit, cache and share of the context; policy-hidden paths refused),
// but read-level tools only, whatever `agent.tools` says: asking writes nothing and runs
// nothing, so run_command (and anything else that executes) is never offered here.
import type { Config } from '../../config/schema.js';
import { BUILTIN_TOOLS, effectiveToolSetting, toolsAllowed } from '../agent-tools/registry.js';
import { ToolSession, type ToolCallRecord } from '../agent-tools/session.js';
import type { CodeSearch } from '../agent-tools/types.js';
import type { ToolUse } from '../agent/tool-loop.js';
import type { WorkspaceView } from '../agent/workspace.js';
import type { RepoMemory } from '../memory/repo-memory.js';
import type { ChatModel } from '../model/types.js';
import type { Policy } from '../policy/schema.js';

export interface AskToolSettings {
  agent: Pick<Config['agent'], 'tools' | 'max_tool_calls' | 'tool_context_share'>;
  policy: Policy;
  repoRoot: string;
  /** Each call as it is made: the thread keeps it, its policy decisions are journaled. */
  record: (record: ToolCallRecord) => void;
}

export interface AskTools {
  use: ToolUse;
  /** Tokens kept out of the prompt's context for tool results. */
  reserveTokens: number;
}

/** The turn's ToolUse, or undefined when no tool is offered (tools off, capped by the policy, or max_tool_calls 0). */
export async function askTools(
  settings: AskToolSettings,
  turn: { model: ChatModel; view: WorkspaceView; memory?: RepoMemory | undefined; signal?: AbortSignal | undefined },
  promptBudget: number,
): Promise<AskTools | undefined> {
  const setting = effectiveToolSetting(settings.agent.tools, settings.policy.max_tools);
  const tools = toolsAllowed(BUILTIN_TOOLS, setting === 'off' ? 'off' : 'read');
  if (!tools.length || settings.agent.max_tool_calls <= 0) return undefined;
  const { model, view, memory, signal } = turn;
  const native = model.supportsTools ? await model.supportsTools(signal ? { signal } : {}).catch(() => false) : false;
  const reserveTokens = Math.floor(promptBudget * settings.agent.tool_context_share);
  const searchCode: CodeSearch | undefined = memory
    ? async (query) => (await memory.search(query, { k: 8 })).map(({ path, startLine, endLine, content }) => ({ path, startLine, endLine, content }))
    : undefined;
  const session = new ToolSession(
    tools,
    // No sandbox and no command time: no tool offered here runs anything.
    { view, worktree: settings.repoRoot, policy: settings.policy, signal, searchCode, commandTimeoutMs: 0 },
    { maxCalls: settings.agent.max_tool_calls, resultTokens: reserveTokens },
  );
  return { use: { session, native, record: settings.record }, reserveTokens };
}
