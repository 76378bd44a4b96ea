// Build step, after tsc: dist/cli/staged-probe.js (the empty pre-commit gate's check) and
// the six modules it imports, as one CommonJS file for bin/oryon. Node's ES module loader
// costs ~15–20 ms before the first of them runs; a CommonJS file is read and compiled in
// about a millisecond (perf/startup.perf.ts). The bundle sits in dist/config/, beside
// settings-cache.js's loader files: the settings fingerprint names them relative to its
// own module (`new URL('./schema.js', import.meta.url)`), which in the bundle is this file.
// A failed bundle is removed, and bin/oryon falls back to the ES modules.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'dist', 'config', 'staged-probe.cjs');
try {
  await build({
    input: path.join(root, 'dist', 'cli', 'staged-probe.js'),
    platform: 'node',
    // Only node's built-ins stay outside: everything else the probe loads must be in the file.
    external: (id) => id.startsWith('node:'),
    output: { file: output, format: 'cjs' },
    logLevel: 'warn',
  });
} catch (error) {
  rmSync(output, { force: true });
  console.warn(`bundle-staged-probe: left out (${error.message.split('\n')[0]}); bin/oryon uses the ES modules`);
}
