// `oryon doctor` lists the configured MCP servers: whether each starts (sandboxed as in a
// run), its start-up time, and its tools with the ones mcp.allow lets the model use.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkoutIsPrivate } from '../helpers/checkout.js';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { build } from './build.js';

beforeAll(build, 120_000);

describe('oryon doctor with MCP servers (e2e)', () => {
  // The server runs from this checkout's node_modules, which a checkout under /tmp hides from the sandbox.
  it.skipIf(checkoutIsPrivate)(
    'reports a real server that starts, with its tools, and names one that does not',
    async () => {
      const repo = mkdtempSync(path.join(os.tmpdir(), 'oryon-doctor-mcp-'));
      execFileSync('git', ['init', '-q'], { cwd: repo });
      const env = isolatedEnv();
      const server = path.resolve('node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
      mkdirSync(path.join(env.XDG_CONFIG_HOME!, 'oryon'), { recursive: true });
      writeFileSync(
        path.join(env.XDG_CONFIG_HOME!, 'oryon', 'config.yaml'),
        `mcp:\n  servers:\n    fs: { command: node, args: [${JSON.stringify(server)}, "."] }\n    broken: { command: node, args: ["/nonexistent/mcp.js"], sandbox: false }\n  allow: ["fs.read_text_file"]\n`,
      );
      const result = await runCli(['doctor', '--json', '--repo', repo], { cwd: repo, env });
      const checks = JSON.parse(result.stdout).checks as Array<{ name: string; ok: boolean; required: boolean; detail: string; fix?: string }>;
      const fs = checks.find((check) => check.name === 'mcp:fs')!;
      expect(fs).toMatchObject({ ok: true, required: false });
      expect(fs.detail).toMatch(
        /^started (in the sandbox|without the sandbox) in \d+ ms; \d+ tools \(.*read_text_file.*\); allowed by mcp\.allow: read_text_file$/,
      );
      const broken = checks.find((check) => check.name === 'mcp:broken')!;
      expect(broken).toMatchObject({ ok: false, required: false });
      expect(broken.detail).toMatch(/^MCP server broken: failed to start/);
      expect(broken.fix).toContain('mcp.servers.broken');
    },
    90_000,
  );
});
