// Before any task runs: every configured model must be pulled, or the whole bench
// would fail task by task with the same error.
import { ModelUnavailableError } from '../errors.js';

const withTag = (name: string): string => (name.includes(':') ? name : `${name}:latest`);

export async function assertModelsPulled(models: readonly string[], listPulled: () => Promise<string[]>): Promise<void> {
  const pulled = new Set((await listPulled()).map(withTag));
  const missing = [...new Set(models)].filter((model) => !pulled.has(withTag(model)));
  if (missing.length) {
    throw new ModelUnavailableError(`model${missing.length > 1 ? 's' : ''} not pulled: ${missing.join(', ')}`, {
      hint: missing.map((m) => `ollama pull ${m}`).join('; '),
    });
  }
}
