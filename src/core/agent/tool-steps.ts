// Which tools a run offers the model, and the per-step ToolUse (a fresh session: its
// own call count, cache and share of the context) that journals every call.
import { BUILTIN_TOOLS, effectiveToolSetting, toolsAllowed } from '../agent-tools/registry.js';
import { ToolSession, type ToolCallRecord } from '../agent-tools/session.js';
import type { ToolContext, ToolDefinition, ToolSetting } from '../agent-tools/types.js';
import type { ModelPurpose } from './events.js';
import type { FixOptions } from './options.js';
import type { ToolUse } from './tool-loop.js';

/** Journal text of one result: enough to see what the model saw, not a copy of the repo. */
const JOURNAL_RESULT_CHARS = 4000;

export interface RunTools {
  setting: ToolSetting;
  native: boolean;
  /** Tokens kept out of each prompt for tool results. */
  reserveTokens: number;
  tools: ToolDefinition[];
  forStep(purpose: ModelPurpose, iteration: number): ToolUse | undefined;
  /** Sources that could not start, already journaled: for notices. */
  problems: string[];
  /** Stops the run's tool sources (MCP servers). */
  close(): Promise<void>;
}

export async function runTools(
  options: FixOptions,
  runId: string,
  context: Omit<ToolContext, 'signal' | 'policy' | 'commandTimeoutMs'>,
  promptBudget: number,
): Promise<RunTools> {
  const { config, policy, journal, model, signal } = options;
  const setting = effectiveToolSetting(config.agent.tools, policy.max_tools);
  const sources =
    setting !== 'off' && options.toolSources ? await options.toolSources({ worktree: context.worktree, sandbox: options.sandbox, signal }) : undefined;
  const problems = (sources?.problems ?? []).map(({ server, message }) => {
    journal.addDecision(runId, options.repoRoot, { kind: 'tool', subject: server, allowed: false, rule: 'mcp.servers', reason: message });
    return message;
  });
  const tools = toolsAllowed([...BUILTIN_TOOLS, ...(options.tools ?? []), ...(sources?.tools ?? [])], setting);
  const on = tools.length > 0 && config.agent.max_tool_calls > 0;
  const native = on && model.supportsTools ? await model.supportsTools(signal ? { signal } : {}).catch(() => false) : false;
  const reserveTokens = on ? Math.floor(promptBudget * config.agent.tool_context_share) : 0;
  const full: ToolContext = {
    ...context,
    policy,
    signal,
    commandTimeoutMs: Math.min(config.test.timeout_ms, policy.limits.command_timeout_ms),
  };
  return {
    setting,
    native,
    reserveTokens,
    tools,
    problems,
    close: async () => {
      await sources?.close();
    },
    forStep(purpose, iteration) {
      if (!on) return undefined;
      const session = new ToolSession(tools, full, { maxCalls: config.agent.max_tool_calls, resultTokens: reserveTokens });
      return {
        session,
        native,
        record: (record: ToolCallRecord) => {
          for (const decision of record.decisions) journal.addDecision(runId, options.repoRoot, decision);
          journal.addStep(runId, {
            iteration,
            kind: 'tool',
            prompt: JSON.stringify({ name: record.name, arguments: record.args }),
            reply:
              record.result.length > JOURNAL_RESULT_CHARS
                ? `${record.result.slice(0, JOURNAL_RESULT_CHARS)}\n… (${record.result.length} characters)`
                : record.result,
            wallMs: Math.round(record.ms),
            outcome: record.ok ? (record.cached ? 'cached' : 'ok') : 'error',
            detail: {
              purpose,
              name: record.name,
              args: record.args,
              bytes: record.bytes,
              ms: record.ms,
              cached: record.cached,
              native,
              ...(record.error ? { error: record.error } : {}),
            },
            startedAt: Date.now() - Math.round(record.ms),
          });
        },
      };
    },
  };
}
