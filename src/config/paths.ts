import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root (holds config/, prompts/, datasets/). Found by walking up,
 * so it is right from src/ (tests), dist/ (the CLI) and any other build output.
 */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'config', 'config.yaml')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start, '..', '..');
  }
}

export function packagedConfigPath(name: 'config.yaml' | 'policy.yaml'): string {
  return path.join(packageRoot, 'config', name);
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** State (database, logs, worktrees): ORYON_HOME, else $XDG_DATA_HOME/oryon, else ~/.local/share/oryon. */
export function oryonHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORYON_HOME) return path.resolve(env.ORYON_HOME);
  const dataHome = env.XDG_DATA_HOME || path.join(home(env), '.local', 'share');
  return path.join(dataHome, 'oryon');
}

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(home(env), '.config');
  return path.join(configHome, 'oryon', 'config.yaml');
}

/** Where `oryon trust` records the repos whose .oryon files the user trusted. */
export function trustStorePath(home: string): string {
  return path.join(home, 'trust.json');
}

export function projectConfigPath(repoRoot: string): string {
  return path.join(repoRoot, '.oryon', 'config.yaml');
}

export function projectPolicyPath(repoRoot: string): string {
  return path.join(repoRoot, '.oryon', 'policy.yaml');
}

/**
 * Accepts Ollama's own OLLAMA_HOST forms, read as Ollama reads them: "host" and
 * "host:port" mean http on 11434 by default; a URL with a scheme but no port means
 * that scheme's port (80, 443), as behind a reverse proxy.
 */
export function normalizeOllamaHost(value: string): string {
  let host = value.trim();
  const bare = !/^[a-z]+:\/\//i.test(host);
  if (host.startsWith(':')) host = `127.0.0.1${host}`;
  if (bare) host = `http://${host}`;
  const url = new URL(host);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  // URL drops an explicit default port ("host:80"), so look at what was written.
  if (bare && !url.port && !/:\d+(\/|$)/.test(host.slice('http://'.length))) url.port = '11434';
  return url.toString().replace(/\/$/, '');
}
