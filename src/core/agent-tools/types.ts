// The tools the model may call while planning and editing (read_file, grep, run_command…),
// as opposed to src/core/tools, which finds external binaries such as ast-grep. Every tool
// — oryon's own, an MCP server's, a plugin's — is a ToolDefinition: a name, a JSON schema
// for its arguments, and an invoke that validates them and answers with text.
import type { Decision } from '../policy/decide.js';
import type { Policy } from '../policy/schema.js';
import type { SandboxRunner } from '../sandbox/types.js';
import type { WorkspaceView } from '../agent/workspace.js';

/** `read` tools only look at the worktree; `run` tools execute something (in the sandbox). */
export type ToolLevel = 'read' | 'run';

/** `agent.tools` and the policy's `max_tools`: which levels are offered at all. */
export const TOOL_SETTINGS = ['off', 'read', 'all'] as const;
export type ToolSetting = (typeof TOOL_SETTINGS)[number];

/** A code search hit (the hybrid memory's, or the literal fallback's). */
export interface CodeHit {
  path: string;
  startLine: number;
  endLine: number;
  content: string;
}
export type CodeSearch = (query: string, signal?: AbortSignal) => Promise<CodeHit[]>;

/** What a tool may use: the policy-filtered view of the worktree, the sandbox, the memory. */
export interface ToolContext {
  view: WorkspaceView;
  worktree: string;
  policy: Policy;
  signal?: AbortSignal | undefined;
  /** The run's sandbox, with the project's installed environment shared as the tests see it. */
  sandbox?: SandboxRunner | undefined;
  searchCode?: CodeSearch | undefined;
  /** run_command's time limit. */
  commandTimeoutMs: number;
}

export interface ToolDefinition {
  /** As the model calls it: `read_file`, or `server.tool` for an MCP server's. */
  name: string;
  description: string;
  level: ToolLevel;
  /** JSON schema of the arguments object. */
  parameters: Record<string, unknown>;
  /** Where it comes from: oryon itself, an MCP server, a plugin (shown in the journal). */
  source?: string;
  /** The rule that let it be offered (an MCP tool's mcp.allow entry): journaled with each call. */
  allowedBy?: string;
  /** Validates the arguments and answers; a ToolError is text for the model, anything else a tool failure. */
  invoke(args: Record<string, unknown>, context: ToolContext): Promise<string>;
}

/** A failure the model can act on (bad arguments, a refused path): its message goes back as the result. */
export class ToolError extends Error {
  constructor(
    message: string,
    /** The policy decision that refused the call, journaled with the run. */
    readonly decision?: Decision,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}
