// One check per configured MCP server: does it start (in the sandbox, as runs start it),
// how long it took, and which tools it lists and mcp.allow lets the model use.
import type { Config } from '../../config/schema.js';
import type { Policy } from '../policy/schema.js';
import { fail, pass, type DoctorCheck } from './types.js';

export async function checkMcpServers(config: Config, policy: Policy, cwd: string, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const names = Object.keys(config.mcp.servers);
  if (!names.length) return [];
  const [{ connectMcpServer }, { createSandboxRunner }] = await Promise.all([import('../mcp/client.js'), import('../sandbox/create.js')]);
  let sandbox: Awaited<ReturnType<typeof createSandboxRunner>> | undefined;
  try {
    sandbox = createSandboxRunner({ policy, config, env });
  } catch {
    sandbox = undefined; // a sandboxed server then fails with its own message
  }
  return Promise.all(
    names.map(async (name): Promise<DoctorCheck> => {
      const spec = config.mcp.servers[name]!;
      try {
        const connection = await connectMcpServer(name, spec, { allow: config.mcp.allow, cwd, sandbox });
        await connection.close();
        const allowed = connection.tools.map((tool) => tool.name.slice(name.length + 1));
        const where = connection.isolation === 'http' ? 'over HTTP' : connection.isolation === 'bwrap' ? 'in the sandbox' : 'without the sandbox';
        return pass(
          `mcp:${name}`,
          `started ${where} in ${Math.round(connection.startMs)} ms; ${connection.listed.length} tools (${connection.listed.join(', ')}); allowed by mcp.allow: ${allowed.join(', ') || 'none'}`,
          false,
        );
      } catch (error) {
        return fail(
          `mcp:${name}`,
          (error as Error).message,
          `check mcp.servers.${name} in your config (command, args, url), and that its program is in commands.allow when sandboxed`,
          false,
        );
      }
    }),
  );
}
