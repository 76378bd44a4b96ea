import { realpathSync } from 'node:fs';
import path from 'node:path';
import { BadInputError, PolicyDeniedError } from '../core/errors.js';
import { configLoosening, describeLoosening, policyLoosening, type Loosening } from '../core/policy/loosening.js';
import { Policy, PolicyLayer } from '../core/policy/schema.js';
import { findTrust, type FileDigests } from '../core/trust/store.js';
import { Config, ConfigLayer, type Mode } from './schema.js';
import { normalizeOllamaHost, oryonHome, packagedConfigPath, userConfigPath } from './paths.js';
import { readProjectSource, type ProjectSource } from './project-file.js';
import { parseYaml, readYamlSource } from './yaml-file.js';

export interface ConfigFlags {
  model?: string | undefined;
  mode?: Mode | undefined;
}

export interface LoadOptions {
  /** The repo whose .oryon/ files apply; omitted outside a repo. */
  repoRoot?: string | undefined;
  env?: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  /**
   * Refuse (exit 4, rule `trust`) repo files that loosen the defaults without the user's
   * `oryon trust`. Only `oryon trust` and `oryon doctor`, which report it, turn this off.
   */
  enforceTrust?: boolean;
}

/** Whether the repo's own .oryon files loosen the defaults, and whether the user trusted them. */
export interface RepoTrust {
  /** The canonical repo path trust is recorded under. */
  repo: string;
  digests: FileDigests;
  loosened: Loosening[];
  /** The user trusted these exact files (`oryon trust`). */
  trusted: boolean;
}

export interface LoadedConfig {
  config: Config;
  policy: Policy;
  /** ORYON_HOME: where state lives. */
  home: string;
  /** The files that contributed, lowest precedence first. */
  sources: string[];
  /** Undefined outside a repo. */
  trust: RepoTrust | undefined;
}

type Layer = Record<string, unknown>;

/** Layers, lowest first: packaged defaults < user < project < environment < flags. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const sources: string[] = [];
  const layers: Layer[] = [];

  for (const file of [packagedConfigPath('config.yaml'), userConfigPath(env)]) {
    const source = readYamlSource(file);
    if (!source) continue;
    layers.push(parseYaml(source, ConfigLayer) as Layer);
    sources.push(file);
  }
  // What the user's own files give, before the repo's file is layered on top.
  const userSettings = layers.reduce(mergeLayers, {});
  const projectSource = options.repoRoot ? readProjectSource(options.repoRoot, 'config.yaml') : undefined;
  if (projectSource) {
    const layer = parseYaml(projectSource, ConfigLayer) as Layer;
    refuseUserOnlyKeys(layer, projectSource.displayPath);
    layers.push(layer);
    sources.push(path.join(options.repoRoot!, projectSource.relPath));
  }
  const configLoosened = projectSource ? configLoosening(userSettings, layers.reduce(mergeLayers, {})) : [];

  const envLayer: { model: Record<string, unknown> } = { model: {} };
  if (env.OLLAMA_HOST) {
    try {
      envLayer.model.host = normalizeOllamaHost(env.OLLAMA_HOST);
    } catch {
      throw new BadInputError(`OLLAMA_HOST: expected a host such as 127.0.0.1:11434, got ${JSON.stringify(env.OLLAMA_HOST)}`, {
        hint: 'set OLLAMA_HOST to host, host:port or a URL such as http://127.0.0.1:11434, or unset it',
      });
    }
  }
  if (env.ORYON_MODEL) envLayer.model.name = env.ORYON_MODEL;
  layers.push(envLayer);

  const flagLayer: { model: Layer; agent: Layer } = { model: {}, agent: {} };
  if (options.flags?.model) flagLayer.model.name = options.flags.model;
  if (options.flags?.mode) flagLayer.agent.mode = options.flags.mode;
  layers.push(flagLayer);

  const merged = layers.reduce(mergeLayers, {});
  const config = Config.safeParse(merged);
  if (!config.success) {
    const issue = config.error.issues[0]!;
    throw new BadInputError(`configuration ${issue.path.join('.')}: ${issue.message}`, {
      hint: `check ${sources.join(', ')}`,
    });
  }
  config.data.model.host = normalizeOllamaHost(config.data.model.host);
  if (config.data.model.provider === 'openai-compatible' && !config.data.model.base_url) {
    throw new BadInputError('configuration model.base_url: required when model.provider is openai-compatible', {
      hint: `set it to the server's OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1 (in ${sources.join(', ')})`,
    });
  }

  const home = oryonHome(env);
  const policy = loadPolicyLayers(options.repoRoot);
  let trust: RepoTrust | undefined;
  if (options.repoRoot) {
    const repo = realpathSync(options.repoRoot);
    const digests: FileDigests = { '.oryon/policy.yaml': policy.source?.sha256 ?? null, '.oryon/config.yaml': projectSource?.sha256 ?? null };
    const loosened = [...(policy.source ? policyLoosening(policy.defaults, policy.policy) : []), ...configLoosened];
    trust = { repo, digests, loosened, trusted: loosened.length > 0 && findTrust(home, repo, digests) !== undefined };
    if (options.enforceTrust !== false && loosened.length > 0 && !trust.trusted) throw untrusted(trust);
  }
  return { config: config.data, policy: policy.policy, home, sources, trust };
}

function untrusted(trust: RepoTrust): PolicyDeniedError {
  const files = Object.entries(trust.digests)
    .filter(([, digest]) => digest !== null)
    .map(([file]) => file);
  return new PolicyDeniedError(
    `refused by rule trust: ${files.join(' and ')} loosen${files.length === 1 ? 's' : ''} the packaged defaults, and this repo is not trusted: ${describeLoosening(trust.loosened)}`,
    'trust',
    { hint: `review ${files.join(' and ')}, then run: oryon trust` },
  );
}

/**
 * `sandbox.home_allow` widens what sandboxed code sees of the user's home: the user's own
 * file may set it, a repository's (cloned, possibly hostile) may not.
 */
function refuseUserOnlyKeys(layer: Layer, displayPath: string): void {
  // A repository naming the key variable could send any of the user's secrets to its own server.
  const model = layer.model as Layer | undefined;
  const fallbackKeys = Array.isArray(model?.fallback) && model.fallback.some((entry) => isPlainObject(entry) && 'api_key_env' in entry);
  if (model && ('api_key_env' in model || fallbackKeys)) {
    throw new BadInputError(`${displayPath}: model.api_key_env can only be set in the user config, not in a repository's`, {
      hint: 'move it to ~/.config/oryon/config.yaml',
    });
  }
  const sandbox = layer.sandbox as Layer | undefined;
  if (sandbox && 'home_allow' in sandbox) {
    throw new BadInputError(`${displayPath}: sandbox.home_allow can only be set in the user config, not in a repository's`, {
      hint: 'move it to ~/.config/oryon/config.yaml',
    });
  }
}

/** Packaged default policy < project .oryon/policy.yaml; lists are replaced, not appended. */
export function loadPolicy(repoRoot?: string): Policy {
  return loadPolicyLayers(repoRoot).policy;
}

function loadPolicyLayers(repoRoot: string | undefined): { defaults: Policy; policy: Policy; source: ProjectSource | undefined } {
  const packaged = readYamlSource(packagedConfigPath('policy.yaml'));
  const base = packaged ? (parseYaml(packaged, PolicyLayer) as Layer) : {};
  const source = repoRoot ? readProjectSource(repoRoot, 'policy.yaml') : undefined;
  const defaults = validPolicy(base);
  const policy = source ? validPolicy(mergeLayers(base, parseYaml(source, PolicyLayer) as Layer)) : defaults;
  return { defaults, policy, source };
}

function validPolicy(layer: Layer): Policy {
  const merged = Policy.safeParse(layer);
  if (!merged.success) {
    const issue = merged.error.issues[0]!;
    throw new BadInputError(`policy ${issue.path.join('.')}: ${issue.message}`);
  }
  return merged.data;
}

function isPlainObject(value: unknown): value is Layer {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergeLayers(base: Layer, layer: Layer): Layer {
  const result: Layer = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? mergeLayers(existing, value) : value;
  }
  return result;
}
