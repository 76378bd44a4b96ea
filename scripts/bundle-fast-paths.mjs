// Build step, after tsc: bundles of the code bin/oryon runs without the full CLI, since
// Node's ES module loader costs per module (perf/startup.perf.ts, perf/memory.perf.ts):
// - dist/config/staged-probe.cjs: dist/cli/staged-probe.js (the empty pre-commit gate's
//   check) and the six modules it imports, as one CommonJS file: read and compiled in about
//   a millisecond, where the ES module loader costs ~15–20 ms before the first module runs.
// - dist/config/fast-paths.cjs and its fast-*.cjs chunks: dist/cli/fast-paths.js (a real
//   `gate --staged`, `memory index`) and the ~60 modules each reaches, as CommonJS split
//   where the code imports lazily, so each path still loads only what it uses. Packages
//   stay outside: imported lazily they stay `import()`, so ES-only ones load as before.
// Both sit in dist/config/, beside settings-cache.js's loader files: the settings fingerprint
// names them relative to its own module (`new URL('./schema.js', import.meta.url)`), which
// in a bundle is the bundle's file; and packageRoot is found from there as from dist/config.
// A failed bundle is removed, and bin/oryon falls back to the ES modules.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const into = path.join(dist, 'config');
// Packages stay outside (they load from node_modules as they would from the modules);
// only our own code is bundled.
const ours = (id) => id.startsWith('.') || path.isAbsolute(id);

async function bundle(name, outputs, options) {
  try {
    await build({ platform: 'node', logLevel: 'silent', ...options });
  } catch (error) {
    for (const file of outputs()) rmSync(file, { force: true });
    console.warn(`bundle-fast-paths: ${name} left out (${error.message.split('\n')[0]}); bin/oryon uses the ES modules`);
  }
}

const stagedProbe = path.join(into, 'staged-probe.cjs');
await bundle('staged-probe.cjs', () => [stagedProbe], {
  input: path.join(dist, 'cli', 'staged-probe.js'),
  // Only node's built-ins stay outside: everything the probe loads must be in the file.
  external: (id) => id.startsWith('node:'),
  // The sources are ES modules, strict by definition; CommonJS is strict only when told.
  output: { file: stagedProbe, format: 'cjs', strict: true },
});

// Chunks of an earlier build would linger under other hashes.
const chunks = () =>
  readdirSync(into)
    .filter((file) => /^fast-.*\.[cm]?js$/.test(file))
    .map((file) => path.join(into, file));
for (const file of chunks()) rmSync(file, { force: true });
await bundle('fast-paths.cjs', chunks, {
  input: { 'fast-paths': path.join(dist, 'cli', 'fast-paths.js') },
  external: (id) => !ours(id),
  output: { dir: into, format: 'cjs', strict: true, entryFileNames: '[name].cjs', chunkFileNames: 'fast-[name]-[hash].cjs' },
});
