import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const binPath = path.join(repoRoot, 'bin', 'oryon');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An environment that keeps a spawned CLI away from the real home, config and model. */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const base = mkdtempSync(path.join(os.tmpdir(), 'oryon-env-'));
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', ORYON_HOME: 'state' };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    // Port 9 is on fetch's blocked list, so no request ever leaves: nothing answers
    // unless a test points OLLAMA_HOST at its fake.
    OLLAMA_HOST: 'http://127.0.0.1:9',
  };
  for (const [key, dir] of Object.entries(dirs)) {
    env[key] = path.join(base, dir);
    mkdirSync(env[key], { recursive: true });
  }
  return { ...env, ...extra };
}

/** Run the built CLI (bin/oryon) as a user would. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? isolatedEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
