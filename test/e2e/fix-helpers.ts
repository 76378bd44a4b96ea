// Shared by the fix/runs end-to-end tests: run bin/oryon against a fake Ollama with an
// isolated environment, and read the run journal the CLI wrote.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { binPath, isolatedEnv, runCli, type CliResult } from '../helpers/cli.js';

export function planReply(files: string[], summary = 'Fix the bug'): string {
  return JSON.stringify({ summary, steps: ['change the code', 'run the tests'], files, verify: 'run the tests', confidence: 0.9 });
}

/** Env for a CLI run: temp HOME/XDG/ORYON_HOME, git identity, the fake model server, sandbox best-effort off. */
export function fixEnv(ollamaUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return isolatedEnv({ OLLAMA_HOST: ollamaUrl, ...extra });
}

export function fix(repo: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCli(['fix', ...args], { cwd: repo, env });
}

/** Start the CLI without waiting, for signal tests; resolves output on close. */
export function startFix(repo: string, args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<CliResult>; stderr: () => string } {
  const child = spawn(process.execPath, [binPath, 'fix', ...args], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

export async function waitFor(predicate: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function runs(repo: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCli(['runs', ...args], { cwd: repo, env });
}

/** Run worktree directories left under ORYON_HOME (any repo). */
export function worktreeDirs(env: Record<string, string>): string[] {
  const root = path.join(env.ORYON_HOME!, 'worktrees');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((key) => readdirSync(path.join(root, key)));
}

/** A loopback URL on a port that was just free and is closed again: connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The user's own config file ($XDG_CONFIG_HOME/oryon/config.yaml). */
export function userConfig(env: Record<string, string>, yaml: string): void {
  const dir = path.join(env.XDG_CONFIG_HOME!, 'oryon');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'config.yaml'), yaml);
}
