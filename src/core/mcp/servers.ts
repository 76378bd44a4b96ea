// All of the config's MCP servers at once, for a run or for doctor: each one that starts
// contributes its allowed tools; one that does not is reported by name and left out.
import type { Config } from '../../config/schema.js';
import type { ToolDefinition } from '../agent-tools/types.js';
import type { SandboxRunner } from '../sandbox/types.js';
import { connectMcpServer, type McpConnection } from './client.js';

export interface McpTools {
  tools: ToolDefinition[];
  connections: McpConnection[];
  /** Servers that failed to start, with why. */
  problems: Array<{ server: string; message: string }>;
  close(): Promise<void>;
}

export async function connectMcpServers(config: Config, options: { cwd: string; sandbox?: SandboxRunner | undefined }): Promise<McpTools> {
  const entries = Object.entries(config.mcp.servers);
  const settled = await Promise.allSettled(
    entries.map(([name, spec]) => connectMcpServer(name, spec, { allow: config.mcp.allow, cwd: options.cwd, sandbox: options.sandbox })),
  );
  const connections: McpConnection[] = [];
  const problems: McpTools['problems'] = [];
  settled.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') connections.push(outcome.value);
    else problems.push({ server: entries[index]![0], message: (outcome.reason as Error).message });
  });
  return {
    tools: connections.flatMap((connection) => connection.tools),
    connections,
    problems,
    close: async () => {
      await Promise.all(connections.map((connection) => connection.close()));
    },
  };
}
