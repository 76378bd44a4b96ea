import { readFileSync } from 'node:fs';

export const DEFAULTS = { port: 8080, host: '127.0.0.1', log: { level: 'info', json: false } };

/** The settings: DEFAULTS, then the JSON file, then the environment (PORT). */
export function loadConfig(file, env = {}) {
  const fromFile = JSON.parse(readFileSync(file, 'utf8'));
  const merged = { ...fromFile, ...DEFAULTS };
  if (env.PORT) merged.port = env.PORT;
  return merged;
}
