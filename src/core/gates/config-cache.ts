import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  oryonHome,
  packagedConfigPath,
  projectConfigPath,
  projectPolicyPath,
  trustStorePath,
  userConfigPath,
} from '../../config/paths.js';
import type { Config, Mode } from '../../config/schema.js';
import type { Policy } from '../policy/schema.js';

// The pre-commit hook must feel instant, and importing zod and yaml to validate the
// config costs more than the gates themselves. So `oryon gate` keeps the last validated
// {config, policy} under ORYON_HOME, keyed by the identity (mtime, size, inode) of every
// file that feeds it and the environment that overrides it. Any change misses the cache
// and goes through the full validating loader; invalid files are never cached.

export interface GateSettings {
  config: Config;
  policy: Policy;
}

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
    packagedConfigPath('config.yaml'),
    packagedConfigPath('policy.yaml'),
    userConfigPath(env),
    projectConfigPath(repoRoot),
    projectPolicyPath(repoRoot),
    // Settings that loosen the defaults were cached because they were trusted; a revoked
    // or renewed trust must reach the validating loader again.
    trustStorePath(oryonHome(env)),
  ].map(identity);
  parts.push(`OLLAMA_HOST=${env.OLLAMA_HOST ?? ''}`, `ORYON_MODEL=${env.ORYON_MODEL ?? ''}`, `model=${flags.model ?? ''}`, `mode=${flags.mode ?? ''}`);
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function cacheFile(repoRoot: string, env: NodeJS.ProcessEnv): string {
  const key = createHash('sha256').update(repoRoot).digest('hex').slice(0, 16);
  return path.join(oryonHome(env), 'cache', `gate-settings-${key}.json`);
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

export async function loadGateSettings(
  repoRoot: string,
  options: { env?: NodeJS.ProcessEnv; flags?: { model?: string | undefined; mode?: string | undefined } } = {},
): Promise<GateSettings & { cached: boolean }> {
  const env = options.env ?? process.env;
  const flags = options.flags ?? {};
  const fingerprint = settingsFingerprint(repoRoot, env, flags);
  const file = cacheFile(repoRoot, env);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as { fingerprint?: string } & Partial<GateSettings>;
    if (cached.fingerprint === fingerprint && cached.config && cached.policy) return { config: cached.config, policy: cached.policy, cached: true };
  } catch {
    // No cache yet, or an unreadable one: load for real.
  }
  const { loadConfig } = await import('../../config/load.js');
  // commander has already checked --mode against the list of modes.
  const { config, policy } = loadConfig({ repoRoot, env, flags: { model: flags.model, mode: flags.mode as Mode | undefined } });
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ fingerprint, config, policy }));
    renameSync(temp, file);
  } catch {
    // A read-only state directory only costs speed.
  }
  return { config, policy, cached: false };
}
