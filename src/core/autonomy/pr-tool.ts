// Opening the pull (merge) request with the forge's own CLI, when it is on PATH and
// logged in: `gh pr create` for GitHub, `glab mr create` for GitLab. Otherwise the exact
// command is handed back for the user to run. No shell: the body goes on stdin.
import { execFile } from 'node:child_process';
import { findOnPath } from '../tools/on-path.js';

export interface PrRequest {
  repoRoot: string;
  base: string | null;
  branch: string;
  title: string;
  body: string;
  signal?: AbortSignal | undefined;
}

export type PrOutcome = { opened: true; tool: string; url: string | undefined; output: string } | { opened: false; reason: string; command: string };

interface Tool {
  name: 'gh' | 'glab';
  auth: string[];
  create: (request: PrRequest) => string[];
}

const TOOLS: Tool[] = [
  {
    name: 'gh',
    auth: ['auth', 'status'],
    // `--flag=value`: a model-written title starting with "-" stays a value, never a flag.
    create: (r) => ['pr', 'create', `--head=${r.branch}`, ...(r.base ? [`--base=${r.base}`] : []), `--title=${r.title}`, '--body-file=-'],
  },
  {
    name: 'glab',
    auth: ['auth', 'status'],
    // glab has no body-from-stdin flag; the description is an argument (no shell, so no quoting issue).
    create: (r) => [
      'mr',
      'create',
      `--source-branch=${r.branch}`,
      ...(r.base ? [`--target-branch=${r.base}`] : []),
      `--title=${r.title}`,
      `--description=${r.body}`,
      '--yes',
    ],
  },
];

function run(
  file: string,
  args: string[],
  cwd: string,
  input: string | undefined,
  signal?: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 4 * 1024 * 1024, signal, env: { ...process.env, GH_PROMPT_DISABLED: '1', NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr: stderr || (error && code !== 0 ? error.message : '') });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

const shellQuote = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);

/** The command a user would run by hand (shell-quoted): the description comes from the journal. */
export function manualCommand(request: PrRequest, runId: string): string {
  const gh = ['gh', 'pr', 'create', '--head', request.branch, ...(request.base ? ['--base', request.base] : []), '--title', request.title, '--body-file', '-'];
  return `oryon runs export ${shellQuote(runId)} --format pr | ${gh.map(shellQuote).join(' ')}`;
}

export async function openPullRequest(request: PrRequest, runId: string): Promise<PrOutcome> {
  const reasons: string[] = [];
  for (const tool of TOOLS) {
    const file = findOnPath(tool.name);
    if (!file) {
      reasons.push(`${tool.name} is not on PATH`);
      continue;
    }
    const auth = await run(file, tool.auth, request.repoRoot, undefined, request.signal);
    if (auth.code !== 0) {
      reasons.push(`${tool.name} is not logged in (${tool.name} auth status failed)`);
      continue;
    }
    const created = await run(file, tool.create(request), request.repoRoot, tool.name === 'gh' ? request.body : undefined, request.signal);
    if (created.code !== 0) {
      return {
        opened: false,
        reason: `${tool.name} failed: ${(created.stderr || created.stdout).trim().split('\n')[0] ?? `exit ${created.code}`}`,
        command: manualCommand(request, runId),
      };
    }
    const url = created.stdout.match(/https?:\/\/\S+/g)?.at(-1);
    return { opened: true, tool: tool.name, url, output: created.stdout };
  }
  return { opened: false, reason: reasons.join('; '), command: manualCommand(request, runId) };
}
