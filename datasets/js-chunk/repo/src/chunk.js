/** Split items into arrays of `size` (the last one may be shorter); size must be a positive integer. */
export function chunk(items, size) {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be a positive integer, got ${size}`);
  const chunks = [];
  for (let i = 0; i + size <= items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
