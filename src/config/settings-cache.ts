import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledGlob } from '../core/fs/glob.js';
import { cacheKey } from './cache-key.js';
import type { LoadedConfig } from './load.js';
import { oryonHome, packagedConfigPath, projectConfigPath, projectPolicyPath, trustStorePath, userConfigPath } from './paths.js';
import type { Mode } from './schema.js';

// Commands that run often and finish fast (the pre-commit gate, `memory index`, a chat
// resume) would spend most of their time importing zod and yaml to validate the same
// files again. So the last validated settings are kept under ORYON_HOME, keyed by the
// identity (mtime, size, inode) of every file that feeds them, of the compiled loader and
// schema (a new oryon validates again), and of the environment and flags that override
// them. Any change misses the cache and goes through the full validating loader; invalid
// files are never cached.

function identity(file: string): string {
  try {
    const info = statSync(file);
    return `${file}:${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch {
    return `${file}:none`;
  }
}

export function settingsFingerprint(repoRoot: string, env: NodeJS.ProcessEnv, flags: { model?: string | undefined; mode?: string | undefined }): string {
  const parts = [
    fileURLToPath(new URL('./schema.js', import.meta.url)),
    fileURLToPath(new URL('./load.js', import.meta.url)),
    packagedConfigPath('config.yaml'),
    packagedConfigPath('policy.yaml'),
    userConfigPath(env),
    projectConfigPath(repoRoot),
    projectPolicyPath(repoRoot),
    // Settings that loosen the defaults were cached because they were trusted; a revoked
    // or renewed trust must reach the validating loader again.
    trustStorePath(oryonHome(env)),
  ].map(identity);
  // Every variable oryon or Ollama reads, present or not, so a new override is never missed;
  // but not ORYON_FULL_CLI, which only chooses how bin/oryon starts (a run with it would
  // otherwise discard the cache the fast paths use, and theirs the full CLI's).
  const overrides = Object.keys(env)
    .filter((key) => /^(ORYON|OLLAMA)_/.test(key) && key !== 'ORYON_FULL_CLI')
    .sort();
  parts.push(...overrides.map((key) => `${key}=${env[key]}`), `model=${flags.model ?? ''}`, `mode=${flags.mode ?? ''}`);
  // Kept as text, not digested: comparing a kilobyte is cheaper than loading node:crypto.
  return parts.join('\n');
}

function cacheFile(repoRoot: string, env: NodeJS.ProcessEnv): string {
  return path.join(oryonHome(env), 'cache', `settings-${cacheKey(repoRoot)}.json`);
}

/** Whether the repo's settings were validated as they are now (the cache is current), without loading them. */
export function settingsValidated(repoRoot: string, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const cached = JSON.parse(readFileSync(cacheFile(repoRoot, env), 'utf8')) as { fingerprint?: string };
    return cached.fingerprint === settingsFingerprint(repoRoot, env, {});
  } catch {
    return false;
  }
}

/** The repo's validated settings: from the cache when nothing that feeds them changed, else loaded (and cached). */
export async function loadSettings(
  repoRoot: string,
  options: { env?: NodeJS.ProcessEnv; flags?: { model?: string | undefined; mode?: string | undefined } } = {},
): Promise<LoadedConfig & { cached: boolean }> {
  const env = options.env ?? process.env;
  const flags = options.flags ?? {};
  const fingerprint = settingsFingerprint(repoRoot, env, flags);
  const file = cacheFile(repoRoot, env);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { fingerprint?: string; settings?: LoadedConfig; globs?: Record<string, CompiledGlob> };
    if (cached.fingerprint === fingerprint && cached.settings) {
      // Loaded here, not at the top: the empty gate's fast path reads this module too.
      (await import('../core/fs/glob.js')).primeGlobs(cached.globs);
      return { ...cached.settings, cached: true };
    }
  } catch {
    // No cache yet, or an unreadable one: load for real.
  }
  const { loadConfig } = await import('./load.js');
  // commander has already checked --mode against the list of modes.
  const settings = loadConfig({ repoRoot, env, flags: { model: flags.model, mode: flags.mode as Mode | undefined } });
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    const { paths, commands } = settings.policy;
    const { compileGlobs } = await import('../core/fs/glob.js');
    const globs = compileGlobs(new Set([...paths.deny, ...paths.allow, ...commands.allow]));
    writeFileSync(temp, JSON.stringify({ fingerprint, settings, globs }));
    renameSync(temp, file);
  } catch {
    // A read-only state directory only costs speed.
  }
  return { ...settings, cached: false };
}
