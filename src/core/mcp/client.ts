// MCP servers as tool sources: each configured server is started (stdio, inside the
// sandbox by default) or reached (streamable HTTP) with the official SDK, its tools are
// listed, and those `mcp.allow` names become ToolDefinitions named `server.tool`.
// Deny by default: a tool not matched by an allow entry is never offered.
import { picomatch } from '../fs/glob.js';
import type { McpServerConfig } from '../../config/schema.js';
import { ToolError, type ToolDefinition } from '../agent-tools/types.js';
import type { SandboxRunner } from '../sandbox/types.js';

export interface McpConnection {
  server: string;
  /** The allowed tools, ready to offer. */
  tools: ToolDefinition[];
  /** Every tool the server lists, allowed or not (for doctor). */
  listed: string[];
  /** Start-up to a listed tool set, ms. */
  startMs: number;
  isolation: 'bwrap' | 'none' | 'http';
  close(): Promise<void>;
}

export class McpStartError extends Error {
  constructor(
    readonly server: string,
    message: string,
  ) {
    super(`MCP server ${server}: ${message}`);
    this.name = 'McpStartError';
  }
}

/** Which allow entry lets `server.tool` be used, if any. */
export function allowedBy(allow: readonly string[], fullName: string): string | undefined {
  return allow.find((pattern) => picomatch(pattern, { dot: true })(fullName));
}

const STDERR_TAIL = 2000;

export async function connectMcpServer(
  server: string,
  spec: McpServerConfig,
  options: { allow: readonly string[]; cwd: string; sandbox?: SandboxRunner | undefined },
): Promise<McpConnection> {
  const started = performance.now();
  // The SDK loads only when a server is configured.
  const [{ Client }, transportInfo] = await Promise.all([import('@modelcontextprotocol/sdk/client/index.js'), makeTransport(server, spec, options)]);
  const { transport, isolation, stderr } = transportInfo;
  const client = new Client({ name: 'oryon', version: '1' });
  const timeoutMs = spec.timeout_ms;
  let timer: NodeJS.Timeout | undefined;
  const closeQuietly = () => client.close().catch(() => undefined);
  let listed: Awaited<ReturnType<typeof client.listTools>>['tools'];
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new McpStartError(server, `did not answer initialize and tools/list within ${timeoutMs} ms (mcp.servers.${server}.timeout_ms)`)),
        timeoutMs,
      );
    });
    listed = await Promise.race([
      (async () => {
        await client.connect(transport, { timeout: timeoutMs });
        return (await client.listTools(undefined, { timeout: timeoutMs })).tools;
      })(),
      timeout,
    ]);
  } catch (error) {
    await closeQuietly();
    if (error instanceof McpStartError) throw error;
    // The line that says what went wrong, else the last one.
    const lines = stderr()
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const tail = lines.find((line) => /error/i.test(line)) ?? lines.at(-1) ?? '';
    throw new McpStartError(server, `failed to start: ${(error as Error).message}${tail ? ` (stderr: ${tail})` : ''}`);
  } finally {
    clearTimeout(timer);
  }

  const tools: ToolDefinition[] = [];
  for (const tool of listed) {
    const name = `${server}.${tool.name}`;
    const rule = allowedBy(options.allow, name);
    if (!rule) continue;
    const { $schema: _schema, ...parameters } = (tool.inputSchema ?? { type: 'object' }) as Record<string, unknown>;
    tools.push({
      name,
      description: tool.description ?? tool.title ?? tool.name,
      // A tool its server marks read-only counts as `read` under agent.tools; any other as `run`.
      level: tool.annotations?.readOnlyHint === true ? 'read' : 'run',
      parameters,
      source: `mcp:${server}`,
      allowedBy: `mcp.allow: ${rule}`,
      async invoke(args, context) {
        let result: Awaited<ReturnType<typeof client.callTool>>;
        try {
          result = await client.callTool({ name: tool.name, arguments: args }, undefined, {
            timeout: timeoutMs,
            ...(context.signal ? { signal: context.signal } : {}),
          });
        } catch (error) {
          throw new ToolError(`MCP server ${server} failed on ${tool.name}: ${(error as Error).message}`);
        }
        const text = contentText(result as { content?: unknown; structuredContent?: unknown });
        if (result.isError) throw new ToolError(`${name}: ${text || 'the tool reported an error'}`);
        return text;
      },
    });
  }
  return {
    server,
    tools,
    listed: listed.map((tool) => tool.name),
    startMs: performance.now() - started,
    isolation,
    close: closeQuietly,
  };
}

function contentText(result: { content?: unknown; structuredContent?: unknown }): string {
  const parts = Array.isArray(result.content) ? result.content : [];
  const texts = parts.map((part: { type?: string; text?: string; resource?: { uri?: string; text?: string } }) =>
    part.type === 'text'
      ? (part.text ?? '')
      : part.type === 'resource'
        ? (part.resource?.text ?? `[resource ${part.resource?.uri ?? ''}]`)
        : `[${part.type ?? 'content'} omitted]`,
  );
  if (!texts.length && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return texts.join('\n');
}

async function makeTransport(server: string, spec: McpServerConfig, options: { cwd: string; sandbox?: SandboxRunner | undefined }) {
  if ('url' in spec) {
    const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
    const transport = new StreamableHTTPClientTransport(new URL(spec.url), { requestInit: { headers: spec.headers } });
    return { transport, isolation: 'http' as const, stderr: () => '' };
  }
  const { StdioClientTransport, getDefaultEnvironment } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const argv = [spec.command, ...spec.args];
  let command: { file: string; args: string[]; env: Record<string, string>; cwd: string; isolation: 'bwrap' | 'none' };
  if (spec.sandbox) {
    if (!options.sandbox?.spawnCommand) throw new McpStartError(server, 'sandbox: true, but no sandbox is available here');
    try {
      command = await options.sandbox.spawnCommand({ argv, cwd: options.cwd, env: spec.env });
    } catch (error) {
      throw new McpStartError(server, (error as Error).message);
    }
  } else {
    command = { file: spec.command, args: spec.args, env: { ...getDefaultEnvironment(), ...spec.env }, cwd: options.cwd, isolation: 'none' };
  }
  const transport = new StdioClientTransport({ command: command.file, args: command.args, env: command.env, cwd: command.cwd, stderr: 'pipe' });
  let tail = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL);
  });
  return { transport, isolation: command.isolation, stderr: () => tail };
}
