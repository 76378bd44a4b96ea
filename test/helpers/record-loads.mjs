// Preloaded with `node --import` to list every module a CLI run loads (ESM through a
// resolve hook, CommonJS through require.cache at exit), written to RECORD_LOADS_FILE.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.RECORD_LOADS_FILE;
register(
  `data:text/javascript,${encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const result = await next(specifier, context);
      appendFileSync(${JSON.stringify(out)}, result.url + '\\n');
      return result;
    }`)}`,
);
process.on('exit', () => {
  appendFileSync(out, Object.keys(createRequire(import.meta.url).cache).join('\n') + '\n');
});
