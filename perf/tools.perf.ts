import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { loadConfig } from '../src/config/load.js';
import { packageRoot } from '../src/config/paths.js';
import { WorkspaceView } from '../src/core/agent/workspace.js';
import { BUILTIN_TOOLS } from '../src/core/agent-tools/registry.js';
import { ToolSession } from '../src/core/agent-tools/session.js';
import { connectMcpServer } from '../src/core/mcp/client.js';
import { createSandboxRunner } from '../src/core/sandbox/create.js';
import { pyFile, tsFile } from './gate.perf.js';
import type { BenchResult } from './run.js';
import { median, medianMs } from './stats.js';

// Issue 16's figures: a model tool reading a 1,000-line file (target ≤ 5 ms), an MCP stdio
// server's start-up in the sandbox (reported), and `oryon mcp serve` answering oryon_gate on
// 20 staged files against `oryon gate --staged` on the same commit (target ≤ 1.2×).

export async function run(): Promise<BenchResult[]> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-bench-tools-'));
  const repo = path.join(base, 'repo');
  mkdirSync(repo);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: path.join(base, 'home'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
    XDG_DATA_HOME: path.join(base, 'data'),
    ORYON_HOME: path.join(base, 'state'),
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: 'ignore' });
  let client: Client | undefined;
  try {
    git('init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'app'));
    mkdirSync(path.join(repo, 'web'));
    const names = Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? `app/mod_${n}.py` : `web/mod_${n}.${n % 3 === 0 ? 'js' : 'ts'}`));
    names.forEach((name, n) => writeFileSync(path.join(repo, name), name.endsWith('.py') ? pyFile(n) : tsFile(n)));
    writeFileSync(
      path.join(repo, 'long.ts'),
      Array.from({ length: 1000 }, (_, i) => `export const value${i} = compute(${i}, 'some text to make a realistic line');`).join('\n'),
    );
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    names.forEach((name, n) => writeFileSync(path.join(repo, name), `${name.endsWith('.py') ? pyFile(n + 100) : tsFile(n + 100)}\n`));
    git('add', '-A');

    // 1. read_file, in process, as the loop calls it (a fresh session each time: no cache).
    const { config, policy } = loadConfig({ repoRoot: repo, env });
    const view = new WorkspaceView(repo, [...names, 'long.ts'], policy);
    const sandbox = createSandboxRunner({ policy, config, env });
    const context = { view, worktree: repo, policy, sandbox, commandTimeoutMs: 10_000 };
    const readMs = await medianMs(51, async () => {
      view.changed(['long.ts']); // forget the read cache: measure the disk read too
      const record = await new ToolSession(BUILTIN_TOOLS, context, { maxCalls: 1, resultTokens: 1_000_000 }).call({
        name: 'read_file',
        arguments: { path: 'long.ts', start: 1, end: 1000 },
      });
      if (!record.ok) throw new Error(record.result);
    });

    // 2. An MCP stdio server's start-up (initialize + tools/list), in the sandbox.
    const server = path.join(packageRoot, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const connection = await connectMcpServer(
        'fs',
        { command: 'node', args: [server, '.'], env: {}, sandbox: true, timeout_ms: 20_000 },
        { allow: ['fs.*'], cwd: repo, sandbox },
      );
      starts.push(connection.startMs);
      await connection.close();
    }

    // 3. oryon_gate through a running `oryon mcp serve` vs the CLI's `oryon gate --staged`.
    const bin = path.join(packageRoot, 'bin', 'oryon');
    const cli = await medianMs(11, () => spawnSync(process.execPath, [bin, 'gate', '--staged'], { cwd: repo, env, stdio: 'ignore' }));
    client = new Client({ name: 'bench', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', 'serve', '--repo', repo], env, stderr: 'ignore' }));
    const mcp = await medianMs(11, async () => {
      const result = await client!.callTool({ name: 'oryon_gate', arguments: { staged: true } });
      if (result.isError) throw new Error('oryon_gate failed');
    });
    return [
      { name: 'read_file, 1,000-line file (model tool)', value: readMs, unit: 'ms', target: 5 },
      { name: 'MCP stdio server start-up (server-filesystem, sandboxed)', value: median(starts), unit: 'ms' },
      { name: 'oryon gate --staged (20 files, CLI process)', value: cli, unit: 'ms' },
      { name: 'oryon_gate via oryon mcp serve (20 files)', value: mcp, unit: 'ms' },
      { name: 'oryon_gate / oryon gate --staged', value: mcp / cli, unit: 'x', target: 1.2 },
    ];
  } finally {
    await client?.close();
    rmSync(base, { recursive: true, force: true });
  }
}
