import type { Command } from 'commander';
import { Journal } from '../../core/journal/journal.js';
import { createSandboxRunner } from '../../core/sandbox/create.js';
import { databasePath, openDatabase } from '../../core/store/db.js';
import { loadForRepo, resolveRepo, type CommonOptions } from '../context.js';
import { VERSION } from '../version.js';

/** `oryon mcp serve`: speak MCP on stdin/stdout until the client closes it; progress never goes to stdout. */
export async function mcpServeCommand(_options: unknown, command: Command): Promise<number> {
  const flags = command.optsWithGlobals<CommonOptions>();
  const repoRoot = resolveRepo(flags);
  const { config, policy, home } = loadForRepo(flags, repoRoot);
  const db = openDatabase(databasePath(home));
  const journal = new Journal(db);
  const sandbox = createSandboxRunner({ policy, config, onDecision: (decision) => journal.addDecision(null, repoRoot, decision) });
  const [{ createOryonMcpServer }, { StdioServerTransport }] = await Promise.all([
    import('../../core/mcp/server.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
  ]);
  const plugins = config.plugins.length ? await (await import('../../core/plugins/load.js')).loadPlugins(config.plugins, repoRoot) : undefined;
  let memory: Promise<import('../../core/memory/index.js').RepoMemory> | undefined;
  const server = createOryonMcpServer({
    repoRoot,
    config,
    policy,
    journal,
    sandbox,
    version: VERSION,
    plugins,
    searchMemory: async (query, k) => {
      memory ??= import('../../core/memory/index.js').then(async ({ RepoMemory, createEmbedder }) =>
        RepoMemory.open(db, repoRoot, await createEmbedder(config), policy),
      );
      return (await (await memory).search(query, { k })).map(({ path, startLine, endLine, score, content }) => ({ path, startLine, endLine, score, content }));
    },
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => undefined);
  db.close();
  return 0;
}
