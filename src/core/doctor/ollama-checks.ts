// Checks of the model server: reachable (its version), and the configured chat and
// embedding models pulled, with their context length from /api/show.
import { normalizeOllamaHost } from '../../config/paths.js';
import type { Config } from '../../config/schema.js';
import { OLLAMA_DOWNLOAD } from '../model/ollama-errors.js';
import { OllamaModel } from '../model/ollama-client.js';
import { fail, pass, type DoctorCheck } from './types.js';

export async function checkOllama(loaded: Config, timeoutMs: number): Promise<DoctorCheck[]> {
  // model.base_url, when set, is the Ollama server (model.host otherwise).
  const config = loaded.model.base_url ? { ...loaded, model: { ...loaded.model, host: normalizeOllamaHost(loaded.model.base_url) } } : loaded;
  // Probes make one attempt each with a short timeout, so doctor stays quick when Ollama is down.
  const client = new OllamaModel({ ...config.model, max_retries: 0, request_timeout_ms: timeoutMs });
  const host = config.model.host;
  const embeddingRequired = config.memory.embedder === 'ollama';
  const [version, chat, embedding] = await Promise.allSettled([
    client.version({ timeoutMs }),
    client.show(config.model.name, { timeoutMs }),
    client.show(config.model.embedding_model, { timeoutMs }),
  ]);

  if (version.status === 'rejected') {
    // The client's own diagnosis (not listening, a port fetch refuses, a 5xx, a timeout),
    // whose messages read "what went wrong — what to do".
    const { message, hint } = version.reason as { message: string; hint?: string };
    const [what = message, todo] = message.split(' — ');
    const detail = what.includes(host) ? what : `Ollama at ${host}: ${what}`;
    const fix = [todo, hint].filter(Boolean).join('; ') || `start it with "ollama serve" or set OLLAMA_HOST (not installed? ${OLLAMA_DOWNLOAD})`;
    const skipped = (name: string, model: string, required: boolean) =>
      fail(name, `${model}: not checked, Ollama is not reachable`, `start Ollama, then run "ollama pull ${model}"`, required);
    return [
      fail('ollama', detail, fix),
      skipped('chat-model', config.model.name, true),
      skipped('embedding-model', config.model.embedding_model, embeddingRequired),
    ];
  }

  return [
    pass('ollama', `Ollama ${version.value} at ${host}`),
    modelCheck('chat-model', config.model.name, chat, true, config.model.num_ctx),
    modelCheck('embedding-model', config.model.embedding_model, embedding, embeddingRequired),
  ];
}

function modelCheck(
  name: string,
  model: string,
  result: PromiseSettledResult<Awaited<ReturnType<OllamaModel['show']>>>,
  required: boolean,
  numCtx?: number,
): DoctorCheck {
  if (result.status === 'rejected') {
    const optional = required ? '' : ' (optional: oryon falls back to its offline embedder)';
    const message = (result.reason as Error).message;
    const detail = /not pulled/.test(message) ? `${model} is not pulled` : `${model}: ${message}`;
    return fail(name, detail, `run "ollama pull ${model}"${optional}`, required);
  }
  const info = result.value;
  const facts = [info.family, info.parameterSize, info.contextLength ? `context ${info.contextLength} tokens` : undefined].filter(Boolean);
  let detail = `${model} pulled${facts.length ? ` (${facts.join(', ')})` : ''}`;
  if (numCtx !== undefined && info.contextLength !== undefined && numCtx > info.contextLength) {
    detail += `; note: model.num_ctx ${numCtx} is above what the model was trained for`;
  }
  return pass(name, detail, required);
}
