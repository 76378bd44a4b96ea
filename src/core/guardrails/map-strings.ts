/**
 * `value` with `map` applied to every string in it, at any depth (JSON-shaped data: tool
 * arguments, journal documents, thread rows). Redacting leaf by leaf, rather than the
 * serialised text, keeps a placeholder from landing inside a JSON escape.
 */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
}
