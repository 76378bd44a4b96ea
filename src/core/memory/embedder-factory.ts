import type { Config } from '../../config/schema.js';
import { InterruptedError } from '../errors.js';
import { probeJson } from '../model/probe-json.js';
import type { Embedder } from '../model/types.js';
import { createOfflineEmbedder, OFFLINE_EMBEDDER_ID } from './offline-embedder.js';

/** How long `auto` waits for Ollama before settling for the offline embedder. */
const PROBE_TIMEOUT_MS = 1500;

/**
 * memory.embedder: `offline` → the built-in embedder; `ollama` → the configured embedding
 * model (failures surface when embedding); `auto` → Ollama when it answers and has the
 * embedding model pulled, else offline, so memory works with no model at all. Ctrl-C
 * during the probe (an aborted `signal`) is an InterruptedError (exit 130), not a fallback.
 */
export async function createEmbedder(config: Config, options: { signal?: AbortSignal } = {}): Promise<Embedder> {
  const choice = config.memory.embedder;
  if (choice === 'offline') return createOfflineEmbedder();
  if (choice === 'auto' && !(await serverHasModel(config.model, options.signal))) {
    return createOfflineEmbedder();
  }
  const { createProviderEmbedder } = await import('../model/providers/registry.js');
  return createProviderEmbedder(config.model);
}

/**
 * An embedder that is chosen (and Ollama probed) only when something is first embedded,
 * for commands that mostly read or delete memory (stats, forget, export): they then never
 * wait on a model server. Until chosen, `id` is the configured one; under `auto` that is
 * `auto`, since only the probe can tell which embedder it will be; `ready()` chooses and
 * waits. `eager` starts choosing now, in the background: `memory index` scans the tree
 * and chunks the changed files meanwhile (the probe was ~16 ms of a one-file re-index).
 */
export function lazyEmbedder(config: Config, options: { signal?: AbortSignal; eager?: boolean } = {}): Embedder {
  let chosen: Promise<Embedder> | undefined;
  let resolved: Embedder | undefined;
  const choice = config.memory.embedder;
  const configuredId = choice === 'offline' ? OFFLINE_EMBEDDER_ID : choice === 'ollama' ? `${config.model.provider}:${config.model.embedding_model}` : 'auto';
  const choose = (): Promise<Embedder> => (chosen ??= createEmbedder(config, options).then((embedder) => (resolved = embedder)));
  // Nobody may be waiting yet: a failed probe is reported to whoever awaits it, not as an
  // unhandled rejection.
  if (options.eager) choose().catch(() => undefined);
  return {
    get id() {
      return resolved?.id ?? configuredId;
    },
    async embed(texts, signal) {
      return (await choose()).embed(texts, signal);
    },
    async ready() {
      await choose();
    },
  };
}

/** Ollama names untagged models "name:latest". */
function sameModel(listed: string, wanted: string): boolean {
  const tag = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  return tag(listed) === tag(wanted);
}

/** Whether the primary endpoint lists the embedding model (Ollama's /api/tags, or /v1/models). */
async function serverHasModel(config: Config['model'], signal?: AbortSignal): Promise<boolean> {
  const timeout = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const model = config.embedding_model;
  const openai = config.provider === 'openai-compatible';
  try {
    const url = openai ? `${config.base_url!.replace(/\/+$/, '')}/models` : new URL('/api/tags', config.base_url ?? config.host);
    const key = openai && config.api_key_env ? process.env[config.api_key_env] : undefined;
    const body = await probeJson(url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    if (body === undefined) return false;
    if (openai) return ((body as { data?: Array<{ id?: string }> }).data ?? []).some((entry) => entry.id === model);
    const listed = (body as { models?: Array<{ name?: string; model?: string }> }).models ?? [];
    return listed.some((entry) => sameModel(entry.name ?? entry.model ?? '', model));
  } catch (error) {
    // The user's abort, not the probe's own timeout: stop here rather than fall back.
    if (signal?.aborted) throw new InterruptedError('interrupted while looking for the embedding model; nothing was changed', { cause: error });
    return false;
  }
}
