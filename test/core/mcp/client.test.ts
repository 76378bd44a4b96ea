// The MCP client against the real reference filesystem server from npm, over stdio,
// inside oryon's sandbox; and against servers that fail to start, hang, or crash.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { connectMcpServer } from '../../../src/core/mcp/client.js';
import { connectMcpServers } from '../../../src/core/mcp/servers.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import type { SandboxRunner } from '../../../src/core/sandbox/types.js';
import { checkoutIsPrivate } from '../../helpers/checkout.js';
import { makeRepo, tempDir } from '../../helpers/git-repo.js';

const FS_SERVER = path.resolve('node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
const CRASHER = path.resolve('test/fixtures/mcp/crashing-server.mjs');
let repo: string;
let config: Config;
let sandbox: SandboxRunner;

beforeAll(() => {
  repo = makeRepo({ 'docs/guide.md': '# Guide\nThe rate is rounded to cents.\n', 'app.py': 'print(1)\n' });
  const home = tempDir('oryon-home-');
  const env = { HOME: home, XDG_CONFIG_HOME: home, ORYON_HOME: home, PATH: process.env.PATH ?? '' };
  const loaded = loadConfig({ repoRoot: repo, env });
  config = loaded.config;
  config.sandbox.isolation = 'best-effort';
  sandbox = createSandboxRunner({ policy: loaded.policy, config, env: { ...process.env, ...env } });
});

const fsServer = (sandboxed = true) => ({ command: 'node', args: [FS_SERVER, '.'], env: {}, sandbox: sandboxed, timeout_ms: 20_000 });

describe('MCP client', () => {
  // The server runs from this checkout's node_modules, which a checkout under /tmp hides from the sandbox.
  it.skipIf(checkoutIsPrivate)(
    'starts @modelcontextprotocol/server-filesystem in the sandbox, offers only allowed tools, and calls one',
    async () => {
      const connection = await connectMcpServer('fs', fsServer(), { allow: ['fs.read_text_file', 'fs.list_*'], cwd: repo, sandbox });
      try {
        expect(connection.listed).toEqual(expect.arrayContaining(['read_text_file', 'write_file', 'list_directory']));
        expect(connection.tools.map((tool) => tool.name).sort()).toEqual([
          'fs.list_allowed_directories',
          'fs.list_directory',
          'fs.list_directory_with_sizes',
          'fs.read_text_file',
        ]);
        expect(connection.isolation).toBe(sandbox.isolation);
        const read = connection.tools.find((tool) => tool.name === 'fs.read_text_file')!;
        expect(read).toMatchObject({ level: 'read', allowedBy: 'mcp.allow: fs.read_text_file', source: 'mcp:fs' });
        expect(read.parameters).toMatchObject({ type: 'object', properties: { path: { type: 'string' } } });
        const text = await read.invoke({ path: path.join(repo, 'docs/guide.md') }, {} as never);
        expect(text).toContain('The rate is rounded to cents.');
        // The server's own error comes back as a ToolError the model can read.
        await expect(read.invoke({ path: '/etc/passwd' }, {} as never)).rejects.toThrow(/fs\.read_text_file: .*(denied|outside)/i);
      } finally {
        await connection.close();
      }
    },
    60_000,
  );

  it.skipIf(checkoutIsPrivate)(
    'a sandboxed server cannot write the repository',
    async () => {
      const connection = await connectMcpServer('fs', fsServer(), { allow: ['fs.*'], cwd: repo, sandbox });
      try {
        const write = connection.tools.find((tool) => tool.name === 'fs.write_file')!;
        expect(write.level).toBe('run');
        if (sandbox.isolation === 'bwrap') {
          await expect(write.invoke({ path: path.join(repo, 'x.txt'), content: 'x' }, {} as never)).rejects.toThrow(/read-only|EROFS|denied/i);
        }
      } finally {
        await connection.close();
      }
    },
    60_000,
  );

  it('names the server that fails to start, hangs on initialize, or crashes mid-call', async () => {
    const all = await connectMcpServers(
      {
        ...config,
        mcp: {
          allow: ['crash.*', 'hang.*', 'missing.*'],
          servers: {
            missing: { command: 'node', args: ['/nonexistent/server.js'], env: {}, sandbox: false, timeout_ms: 10_000 },
            hang: { command: 'node', args: ['-e', 'setInterval(() => {}, 1000)'], env: {}, sandbox: false, timeout_ms: 1500 },
            crash: { command: 'node', args: [CRASHER], env: {}, sandbox: false, timeout_ms: 10_000 },
          },
        },
      },
      { cwd: process.cwd(), sandbox },
    );
    try {
      const problems = Object.fromEntries(all.problems.map((p) => [p.server, p.message]));
      expect(problems.missing).toMatch(/^MCP server missing: failed to start: .*(Connection closed|closed)/i);
      expect(problems.missing).toMatch(/Cannot find module/);
      expect(problems.hang).toBe('MCP server hang: did not answer initialize and tools/list within 1500 ms (mcp.servers.hang.timeout_ms)');
      expect(all.tools.map((tool) => tool.name)).toEqual(['crash.boom']);
      await expect(all.tools[0]!.invoke({}, {} as never)).rejects.toThrow(/^MCP server crash failed on boom: /);
    } finally {
      await all.close();
    }
  }, 60_000);

  it('refuses a sandboxed server whose command the policy does not allow', async () => {
    await expect(
      connectMcpServer('py', { command: 'uvx', args: ['x'], env: {}, sandbox: true, timeout_ms: 5000 }, { allow: [], cwd: repo, sandbox }),
    ).rejects.toThrow(/^MCP server py: command refused by commands\.allow/);
  });
});
