/** Parse a URL query string into an object of decoded keys and values. */
export function parseQuery(query) {
  const result = {};
  for (const pair of query.split('&')) {
    const [key, value] = pair.split('=');
    result[key] = decodeURIComponent(value);
  }
  return result;
}
