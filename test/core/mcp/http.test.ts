// The streamable-HTTP transport: a real MCP server (the SDK's) on loopback, reached by URL.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { connectMcpServer } from '../../../src/core/mcp/client.js';

let server: http.Server;
let url: string;
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    seen.push(req.headers.authorization);
    // Stateless: a fresh server and transport per request, as the SDK's example does.
    const mcp = new McpServer({ name: 'docs', version: '1.0.0' });
    mcp.registerTool('lookup', { description: 'look a term up', inputSchema: { term: z.string() }, annotations: { readOnlyHint: true } }, async ({ term }) => ({
      content: [{ type: 'text', text: `${term}: a definition` }],
    }));
    mcp.registerTool('delete_all', { description: 'never offered' }, async () => ({ content: [{ type: 'text', text: 'gone' }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('MCP client over streamable HTTP', () => {
  it('lists and calls allowed tools, sending the configured headers', async () => {
    const connection = await connectMcpServer(
      'docs',
      { url, headers: { Authorization: 'Bearer t0k' }, timeout_ms: 10_000 },
      { allow: ['docs.lookup'], cwd: process.cwd() },
    );
    try {
      expect(connection.isolation).toBe('http');
      expect(connection.listed.sort()).toEqual(['delete_all', 'lookup']);
      expect(connection.tools.map((tool) => tool.name)).toEqual(['docs.lookup']);
      expect(await connection.tools[0]!.invoke({ term: 'rate' }, {} as never)).toBe('rate: a definition');
      expect(seen).toContain('Bearer t0k');
    } finally {
      await connection.close();
    }
  });

  it('names a server that does not answer', async () => {
    await expect(connectMcpServer('gone', { url: 'http://127.0.0.1:9/mcp', headers: {}, timeout_ms: 3000 }, { allow: [], cwd: process.cwd() })).rejects.toThrow(
      /^MCP server gone: failed to start: /,
    );
  });
});
