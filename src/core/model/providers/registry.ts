// The model providers oryon speaks, one line each, and the one place that turns the
// `model` config (provider, base URL, hosts, fallback) into the ChatModel the agent uses.
import type { Config, Provider } from '../../../config/schema.js';
import { normalizeOllamaHost } from '../../../config/paths.js';
import { createOllamaModel } from '../ollama-client.js';
import type { ChatModel, Embedder } from '../types.js';
import { createOpenAICompatibleModel } from './openai-compatible.js';
import { RoutedModel, type RouteMember, type RoutedOptions } from './routed-model.js';

type ModelConfig = Config['model'];

export interface ProviderOptions {
  retryBaseMs?: number;
  env?: NodeJS.ProcessEnv;
}

export type ProviderModel = ChatModel & { embed(texts: string[], signal?: AbortSignal): Promise<number[][]> };

export const PROVIDERS: Record<Provider, (config: ModelConfig, options: ProviderOptions) => ProviderModel> = {
  ollama: (config, options) => createOllamaModel({ ...config, host: normalizeOllamaHost(config.base_url ?? config.host) }, options),
  'openai-compatible': (config, options) => createOpenAICompatibleModel(config, options),
};

/** The endpoint's own settings: `base_url` (or Ollama's `host`) is the one URL it serves. */
export function endpointUrl(config: ModelConfig): string {
  return config.provider === 'ollama' ? normalizeOllamaHost(config.base_url ?? config.host) : (config.base_url ?? '');
}

export function endpointLabel(config: ModelConfig): string {
  return `${config.provider} ${endpointUrl(config)} ${config.name}`;
}

/** Tier 0: the primary and its hosts; then one tier per fallback entry. */
export function endpointTiers(config: ModelConfig): ModelConfig[][] {
  const single = { hosts: [], fallback: [] };
  const primaryUrls = [endpointUrl(config), ...config.hosts];
  const pool = [...new Set(primaryUrls)].map((url) => ({ ...config, ...single, base_url: url, host: url }));
  const fallbacks = config.fallback.map((entry) => [
    {
      ...config,
      ...single,
      provider: entry.provider,
      base_url: entry.base_url,
      host: entry.base_url,
      name: entry.name,
      api_key_env: entry.api_key_env ?? null,
    },
  ]);
  return [pool, ...fallbacks];
}

/** One endpoint: the provider's model itself. Several: a RoutedModel over them. */
export function createChatModel(config: ModelConfig, options: ProviderOptions & RoutedOptions = {}): ChatModel {
  const tiers = endpointTiers(config);
  if (tiers.length === 1 && tiers[0]!.length === 1) return PROVIDERS[config.provider](tiers[0]![0]!, options);
  const members: RouteMember[][] = tiers.map((tier) =>
    tier.map((endpoint) => ({ endpoint: endpointLabel(endpoint), create: () => PROVIDERS[endpoint.provider](endpoint, options) })),
  );
  return new RoutedModel(members, { name: config.name, numCtx: config.num_ctx }, options);
}

/** Embeddings come from the primary endpoint (memory falls back to its offline embedder). */
export function createProviderEmbedder(config: ModelConfig, options: ProviderOptions = {}): Embedder {
  const model = PROVIDERS[config.provider](endpointTiers(config)[0]![0]!, options);
  return { id: `${config.provider}:${config.embedding_model}`, embed: (texts, signal) => model.embed(texts, signal) };
}
