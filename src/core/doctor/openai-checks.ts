// Checks of an OpenAI-compatible model server (llama-server, vLLM, LM Studio, LocalAI,
// TGI): reachable and accepting the key (GET /v1/models), serving the chat and
// embedding models, and the context length it reports. Fallback endpoints get one line
// each, optional: a run still works while one of them is down.
import type { Config } from '../../config/schema.js';
import { ModelUnavailableError } from '../errors.js';
import { modelInfoFrom, OpenAICompatibleModel } from '../model/providers/openai-compatible.js';
import { fail, pass, type DoctorCheck } from './types.js';

type ModelConfig = Config['model'];

export async function checkOpenAICompatible(config: Config, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const base = config.model.base_url ?? '(model.base_url not set)';
  const embeddingRequired = config.memory.embedder === 'ollama';
  let client: OpenAICompatibleModel;
  let listed: Array<{ id: string } & Record<string, unknown>>;
  try {
    client = new OpenAICompatibleModel({ ...config.model, max_retries: 0, request_timeout_ms: timeoutMs }, { env });
    listed = await client.models({ timeoutMs });
  } catch (error) {
    const { message, hint } = error as ModelUnavailableError;
    const [what = message, todo] = message.split(' — ');
    return [
      fail('model-server', what, [todo, hint].filter(Boolean).join('; ') || `check that the server answers ${base}/models`),
      fail('chat-model', `${config.model.name}: not checked, the server is not reachable`, 'start the server, then run oryon doctor again'),
      fail('embedding-model', `${config.model.embedding_model}: not checked`, 'start the server', embeddingRequired),
    ];
  }
  const ids = listed.map((entry) => entry.id);
  const chat = listed.find((entry) => entry.id === config.model.name);
  const key = config.model.api_key_env ? `, key from $${config.model.api_key_env}` : '';
  const checks: DoctorCheck[] = [pass('model-server', `OpenAI-compatible server at ${base} (${ids.length} model${ids.length === 1 ? '' : 's'}${key})`)];
  if (chat) {
    const { contextLength } = modelInfoFrom(chat);
    let detail = `${config.model.name} served${contextLength ? ` (context ${contextLength} tokens)` : ''}`;
    if (contextLength && config.model.num_ctx > contextLength) detail += `; note: model.num_ctx ${config.model.num_ctx} is above the server's ${contextLength}`;
    checks.push(pass('chat-model', detail));
  } else {
    checks.push(
      fail(
        'chat-model',
        `${config.model.name} is not served (it serves: ${ids.slice(0, 8).join(', ') || 'nothing'})`,
        'load the model in the server, or set model.name to one it lists',
      ),
    );
  }
  const optional = embeddingRequired ? '' : ' (optional: oryon falls back to its offline embedder)';
  checks.push(
    ids.includes(config.model.embedding_model)
      ? pass('embedding-model', `${config.model.embedding_model} served`, embeddingRequired)
      : fail('embedding-model', `${config.model.embedding_model} is not served`, `serve it, or set model.embedding_model${optional}`, embeddingRequired),
  );
  return checks;
}

/** One optional line per fallback endpoint and extra host: can it be reached at all. */
export async function checkFallbacks(config: Config, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const { endpointTiers, endpointLabel } = await import('../model/providers/registry.js');
  const [pool = [], ...fallbacks] = endpointTiers(config.model);
  const endpoints: ModelConfig[] = [...pool.slice(1), ...fallbacks.flat()];
  return Promise.all(
    endpoints.map(async (endpoint) => {
      const label = endpointLabel(endpoint);
      try {
        if (endpoint.provider === 'openai-compatible') {
          const listed = await new OpenAICompatibleModel({ ...endpoint, max_retries: 0 }, { env }).models({ timeoutMs });
          if (!listed.some((entry) => entry.id === endpoint.name))
            return fail('endpoint', `${label}: model not served`, 'load the model there or fix model.fallback', false);
        } else {
          const { OllamaModel } = await import('../model/ollama-client.js');
          await new OllamaModel({ ...endpoint, host: endpoint.base_url ?? endpoint.host, max_retries: 0 }).show(endpoint.name, { timeoutMs });
        }
        return pass('endpoint', `${label} answers`, false);
      } catch (error) {
        const { message, hint } = error as ModelUnavailableError;
        return fail('endpoint', `${label}: ${message}`, hint ?? 'start that server or remove it from model.hosts / model.fallback', false);
      }
    }),
  );
}
