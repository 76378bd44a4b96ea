import { BadInputError } from '../core/errors.js';
import { Policy, PolicyLayer } from '../core/policy/schema.js';
import { Config, ConfigLayer, type Mode } from './schema.js';
import {
  normalizeOllamaHost,
  oryonHome,
  packagedConfigPath,
  projectConfigPath,
  projectPolicyPath,
  userConfigPath,
} from './paths.js';
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
}

export interface LoadedConfig {
  config: Config;
  policy: Policy;
  /** ORYON_HOME: where state lives. */
  home: string;
  /** The files that contributed, lowest precedence first. */
  sources: string[];
}

type Layer = Record<string, unknown>;

/** Layers, lowest first: packaged defaults < user < project < environment < flags. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const sources: string[] = [];
  const layers: Layer[] = [];

  const files = [packagedConfigPath('config.yaml'), userConfigPath(env)];
  if (options.repoRoot) files.push(projectConfigPath(options.repoRoot));
  for (const file of files) {
    const source = readYamlSource(file);
    if (!source) continue;
    const layer = parseYaml(source, ConfigLayer) as Layer;
    if (options.repoRoot && file === projectConfigPath(options.repoRoot)) refuseUserOnlyKeys(layer, source.displayPath);
    layers.push(layer);
    sources.push(file);
  }

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

  return { config: config.data, policy: loadPolicy(options.repoRoot), home: oryonHome(env), sources };
}

/**
 * `sandbox.home_allow` widens what sandboxed code sees of the user's home: the user's own
 * file may set it, a repository's (cloned, possibly hostile) may not.
 */
function refuseUserOnlyKeys(layer: Layer, displayPath: string): void {
  const sandbox = layer.sandbox as Layer | undefined;
  if (sandbox && 'home_allow' in sandbox) {
    throw new BadInputError(`${displayPath}: sandbox.home_allow can only be set in the user config, not in a repository's`, {
      hint: 'move it to ~/.config/oryon/config.yaml',
    });
  }
}

/** Packaged default policy < project .oryon/policy.yaml; lists are replaced, not appended. */
export function loadPolicy(repoRoot?: string): Policy {
  const files = [packagedConfigPath('policy.yaml')];
  if (repoRoot) files.push(projectPolicyPath(repoRoot));
  const layers: Layer[] = [];
  for (const file of files) {
    const source = readYamlSource(file);
    if (source) layers.push(parseYaml(source, PolicyLayer) as Layer);
  }
  const merged = Policy.safeParse(layers.reduce(mergeLayers, {}));
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
