/** Remember fn's result per key; overlapping calls for a key share one call of fn. */
export function memoizeAsync<K extends string | number, V>(fn: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, V>();
  return async (key: K): Promise<V> => {
    if (cache.has(key)) return cache.get(key)!;
    const value = await fn(key);
    cache.set(key, value);
    return value;
  };
}
