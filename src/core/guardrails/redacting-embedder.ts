// An Embedder that redacts what it sends: a memory search embeds the user's words (a chat
// question, an issue), and those go to the model server like a prompt does. The id is
// the inner one, so stored vectors stay comparable.
import type { Embedder } from '../model/types.js';
import type { Redactor } from './redactor.js';

export function withRedactedEmbeddings(embedder: Embedder, redactor: Redactor): Embedder {
  if (!redactor.active) return embedder;
  return {
    get id() {
      return embedder.id;
    },
    embed: (texts, signal) =>
      embedder.embed(
        texts.map((text) => redactor.redact(text)),
        signal,
      ),
    ...(embedder.ready ? { ready: () => embedder.ready!() } : {}),
  };
}
