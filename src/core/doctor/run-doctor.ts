// Runs every doctor check, concurrently and with short timeouts, and returns them as
// data in a fixed order. Loading the configuration is itself a check: when it fails,
// the other checks still run against the packaged defaults.
import { loadConfig, loadPolicy, type ConfigFlags, type RepoTrust } from '../../config/load.js';
import { describeLoosening } from '../policy/loosening.js';
import { normalizeOllamaHost, oryonHome, packagedConfigPath } from '../../config/paths.js';
import { Config } from '../../config/schema.js';
import { parseYaml, readYamlSource } from '../../config/yaml-file.js';
import { fail, pass, type DoctorCheck, type DoctorReport } from './types.js';
import { checkEnvironment } from './env-check.js';
import { checkOllama } from './ollama-checks.js';
import { checkFallbacks, checkOpenAICompatible } from './openai-checks.js';
import { checkAstGrep, checkBubblewrap, checkGit, checkHome, checkNode, checkRepo, checkSemgrep } from './system-checks.js';
import { findRepoSemgrepRules } from '../gates/repo-semgrep.js';

export interface DoctorOptions {
  /** --repo, when given: not being a repo is then a failure. */
  repo?: string | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  /** Per network probe. */
  ollamaTimeoutMs?: number;
  /** Per subprocess. */
  processTimeoutMs?: number;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const processTimeoutMs = options.processTimeoutMs ?? 5000;
  const ollamaTimeoutMs = options.ollamaTimeoutMs ?? 3000;
  const repo = await checkRepo(options.repo ?? options.cwd, options.repo !== undefined, processTimeoutMs);
  const settings = loadSettings(repo.root, options);

  const checks = await Promise.all([
    Promise.resolve(checkNode()),
    checkGit(processTimeoutMs),
    Promise.resolve(repo.check),
    checkEnvironment(repo.root, settings.config),
    settings.config.model.provider === 'openai-compatible'
      ? checkOpenAICompatible(settings.config, ollamaTimeoutMs, options.env)
      : checkOllama(settings.config, ollamaTimeoutMs),
    checkFallbacks(settings.config, ollamaTimeoutMs, options.env),
    checkBubblewrap(options.env, settings.config.sandbox.isolation === 'required', processTimeoutMs),
    checkSemgrep(options.env, processTimeoutMs, repo.root ? findRepoSemgrepRules(repo.root) : []),
    checkAstGrep(processTimeoutMs),
    Promise.resolve(checkHome(oryonHome(options.env))),
    Promise.resolve(settings.configCheck),
    Promise.resolve(settings.policyCheck),
    ...(settings.trust ? [Promise.resolve(trustCheck(settings.trust))] : []),
    mcpChecks(settings.config, repo.root ?? options.cwd, options),
  ]);
  const flat = checks.flat();
  return { ok: flat.every((check) => check.ok || !check.required), checks: flat };
}

/** Configured MCP servers (the client loads only when some are). */
async function mcpChecks(config: Config, cwd: string, options: DoctorOptions): Promise<DoctorCheck[]> {
  if (!Object.keys(config.mcp.servers).length) return [];
  let policy;
  try {
    policy = loadPolicy(cwd);
  } catch {
    return [];
  }
  const { checkMcpServers } = await import('./mcp-checks.js');
  return checkMcpServers(config, policy, cwd, options.env);
}

interface Settings {
  config: Config;
  configCheck: DoctorCheck;
  policyCheck: DoctorCheck;
  trust?: RepoTrust | undefined;
}

/** Whether the repo's .oryon files loosen the defaults, and whether the user trusted them. */
function trustCheck(trust: RepoTrust): DoctorCheck {
  if (trust.loosened.length === 0) return pass('trust', 'the repo settings loosen nothing; no trust needed');
  const loosens = describeLoosening(trust.loosened);
  if (trust.trusted) return pass('trust', `trusted (oryon trust); loosens ${loosens}`);
  return fail(
    'trust',
    `not trusted; the repo settings loosen ${loosens}, so runs are refused (rule trust)`,
    'review .oryon/policy.yaml and .oryon/config.yaml, then run oryon trust',
  );
}

function loadSettings(repoRoot: string | undefined, options: DoctorOptions): Settings {
  let policyError: Error | undefined;
  try {
    loadPolicy(repoRoot);
  } catch (error) {
    policyError = error as Error;
  }
  const policyCheck = policyError ? invalid('policy', policyError) : pass('policy', 'policy valid');
  try {
    const loaded = loadConfig({ repoRoot, env: options.env, flags: options.flags, enforceTrust: false });
    return {
      config: loaded.config,
      configCheck: pass('config', `config valid (${loaded.sources.length} file${loaded.sources.length === 1 ? '' : 's'})`),
      policyCheck,
      trust: loaded.trust,
    };
  } catch (error) {
    // loadConfig validates the config before it loads the policy, so the same error
    // from both means the config itself was fine.
    const configCheck = policyError && (error as Error).message === policyError.message ? pass('config', 'config valid') : invalid('config', error as Error);
    return { config: fallbackConfig(options.env), configCheck, policyCheck };
  }
}

function invalid(name: string, error: Error): DoctorCheck {
  const hint = (error as { hint?: string }).hint;
  return fail(name, error.message, hint ?? 'fix the file at the line shown, then run oryon doctor again');
}

/** The packaged defaults (plus a valid OLLAMA_HOST), used when the user's files are broken. */
function fallbackConfig(env: NodeJS.ProcessEnv): Config {
  const source = readYamlSource(packagedConfigPath('config.yaml'));
  const config = parseYaml(source!, Config);
  if (env.OLLAMA_HOST) {
    try {
      config.model.host = normalizeOllamaHost(env.OLLAMA_HOST);
    } catch {
      // the config check already reports the bad value
    }
  }
  return config;
}
