// `oryon mcp serve`: oryon's gate, sandbox, memory, fix and run history as MCP tools for
// other agents. Each call goes through the same policy as the CLI (the sandbox refuses
// what commands.allow does not list; the gate applies the repo's policy) and is journaled
// as a decision, with the sandbox's own decisions beside it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { packageRoot } from '../../config/paths.js';
import type { Config } from '../../config/schema.js';
import { OryonError } from '../errors.js';
import { runGates } from '../gates/run-gates.js';
import type { Journal } from '../journal/journal.js';
import { runStory } from '../journal/run-story.js';
import type { LoadedPlugin } from '../plugins/types.js';
import type { Policy } from '../policy/schema.js';
import type { SandboxRunner } from '../sandbox/types.js';

export interface ServeDeps {
  repoRoot: string;
  config: Config;
  policy: Policy;
  journal: Journal;
  sandbox: SandboxRunner;
  /** Hybrid memory search (opened on first use). */
  searchMemory: (query: string, k: number) => Promise<Array<{ path: string; startLine: number; endLine: number; score: number; content: string }>>;
  /** Environment for the `oryon fix` child (the same as this process's). */
  env?: NodeJS.ProcessEnv;
  version: string;
  /** Loaded plugins: their gates run in oryon_gate as in `oryon gate`. */
  plugins?: readonly LoadedPlugin[] | undefined;
}

type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

const json = (value: unknown): ToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }] });
const failure = (message: string): ToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

export function createOryonMcpServer(deps: ServeDeps): McpServer {
  const server = new McpServer({ name: 'oryon', version: deps.version });
  const { repoRoot, journal } = deps;
  const journaled = (tool: string, subject: string, run: () => Promise<ToolResult>) => async (): Promise<ToolResult> => {
    let result: ToolResult;
    try {
      result = await run();
    } catch (error) {
      // A typed error (a policy refusal names its rule) goes back as the tool's error, never a crash.
      result = failure(
        error instanceof OryonError ? `${error.message}${error.hint ? `\nhint: ${error.hint}` : ''}` : `oryon ${tool} failed: ${(error as Error).message}`,
      );
    }
    journal.addDecision(null, repoRoot, {
      kind: 'tool',
      subject: `mcp serve: ${tool} ${subject}`.trim(),
      allowed: !result.isError,
      rule: 'mcp serve',
      reason: result.isError ? result.content[0]!.text.split('\n')[0]! : 'answered',
    });
    return result;
  };

  server.registerTool(
    'oryon_gate',
    {
      description:
        "Run oryon's gates (policy, secrets, security scan, lint when configured) on the staged change or on given files; findings as JSON. passed=false means a blocking finding.",
      inputSchema: {
        staged: z.boolean().optional().describe('gate the staged change (default when no files are given)'),
        files: z.array(z.string().min(1)).optional().describe('repository-relative paths'),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ staged, files }) =>
      journaled('oryon_gate', files?.length ? files.join(' ') : '--staged', async () => {
        if (staged && files?.length) return failure('give staged or files, not both');
        const target = files?.length ? { kind: 'paths' as const, paths: files } : { kind: 'staged' as const };
        // Paths are the repository's, whatever directory the server was started in.
        const report = await runGates({
          repoRoot,
          target,
          cwd: repoRoot,
          config: deps.config,
          policy: deps.policy,
          lint: deps.config.lint.in_gate,
          ...(deps.plugins ? { plugins: deps.plugins } : {}),
        });
        return json({
          passed: report.passed,
          files: report.files,
          findings: report.findings,
          summary: { files: report.files.length, findings: report.findings.length, blocking: report.blocking.length },
          gates: report.gates,
        });
      })(),
  );

  server.registerTool(
    'oryon_sandbox_run',
    {
      description:
        "Run a command (argv, no shell) in oryon's sandbox at the repository root, read-only, under the repo's policy (commands.allow, limits, no network unless allowed).",
      inputSchema: { argv: z.array(z.string()).min(1).describe('program and arguments') },
    },
    async ({ argv }) =>
      journaled('oryon_sandbox_run', argv.join(' '), async () => {
        const result = await deps.sandbox.run({ argv, cwd: repoRoot, writable: false });
        return json({
          exit_code: result.exitCode,
          signal: result.signal,
          timed_out: result.timedOut,
          isolation: result.isolation,
          duration_ms: Math.round(result.durationMs),
          output_truncated: result.outputTruncated,
          stdout: result.stdout,
          stderr: result.stderr,
          ...(result.killedBy ? { killed_by: result.killedBy } : {}),
        });
      })(),
  );

  server.registerTool(
    'oryon_memory_search',
    {
      description: "Hybrid search (BM25 + vectors) over the repository's indexed code (run `oryon memory index` first).",
      inputSchema: { query: z.string().min(1), k: z.number().int().min(1).max(50).optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ query, k }) => journaled('oryon_memory_search', query, async () => json(await deps.searchMemory(query, k ?? 10)))(),
  );

  server.registerTool(
    'oryon_runs_show',
    {
      description: 'A past oryon run: plan, steps, tool calls, tests, decisions and findings (the `oryon runs show --json` document).',
      inputSchema: { id: z.string().min(1).describe('run id or a unique prefix') },
      annotations: { readOnlyHint: true },
    },
    async ({ id }) => journaled('oryon_runs_show', id, async () => json(runStory(journal, id)))(),
  );

  server.registerTool(
    'oryon_fix',
    {
      description:
        'Start an oryon fix run on the repository (plan, edit in a worktree, test, gate, commit on a branch by mode) and return its result document.',
      inputSchema: {
        issue: z.string().min(1),
        mode: z.enum(['advisor', 'operator', 'autopilot', 'sovereign']).optional(),
        test_command: z.string().optional(),
      },
    },
    async ({ issue, mode, test_command }) =>
      journaled('oryon_fix', issue.split('\n')[0]!.slice(0, 80), async () => {
        // A child `oryon fix --json`: the same wiring, policy and journal as the CLI, and a crash stays in the child.
        const args = [
          path.join(packageRoot, 'bin', 'oryon'),
          'fix',
          '--json',
          '--repo',
          repoRoot,
          ...(mode ? ['--mode', mode] : []),
          ...(test_command ? ['--test-command', test_command] : []),
          issue,
        ];
        const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
          execFile(process.execPath, args, { env: deps.env ?? process.env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, out, err) =>
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: out, stderr: err }),
          );
        });
        let document: unknown;
        try {
          document = JSON.parse(stdout);
        } catch {
          return failure(`oryon fix exited ${code}: ${stderr.trim().split('\n').slice(-2).join(' ')}`);
        }
        return { ...json({ exit_code: code, ...(document as object) }), ...(code === 0 || code === 1 ? {} : { isError: true }) };
      })(),
  );
  return server;
}
