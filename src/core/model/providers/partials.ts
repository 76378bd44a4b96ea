// Text a stream delivered before it was cut. The request is retried from its start, so
// this text is never applied; it travels with the reply (or the final error) so the
// journal can show what the model had said.
const partials = new WeakMap<object, string[]>();

export function attachPartials(error: unknown, texts: string[]): void {
  if (texts.length > 0 && error && typeof error === 'object') partials.set(error, [...(partials.get(error) ?? []), ...texts]);
}

export function partialsOf(error: unknown): string[] {
  return error && typeof error === 'object' ? (partials.get(error) ?? []) : [];
}
