// Issue 10's budget: finding the project's installed environment (one git call) and
// sharing it with the sandbox (read-only binds) must add at most 50 ms to a run, on a
// repo whose node_modules holds 50,000 files. Measured as (find once) + (one sandboxed
// test-sized command with the share − the same command without it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { findProjectEnv } from '../src/core/env/find.js';
import { EnvSandbox } from '../src/core/env/share.js';
import { createSandboxRunner } from '../src/core/sandbox/create.js';
import { detectBubblewrapSync } from '../src/core/sandbox/detect.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

const PACKAGES = 1000;
const FILES_PER_PACKAGE = 50;

function makeProject(root: string): void {
  execFileSync('git', ['init', '-q', root]);
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n.venv/\n');
  writeFileSync(path.join(root, 'package.json'), '{"name":"big","scripts":{"test":"node --test"}}\n');
  for (let p = 0; p < PACKAGES; p++) {
    const dir = path.join(root, 'node_modules', `pkg-${p}`, 'lib');
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_PACKAGE; f++) writeFileSync(path.join(dir, `f${f}.js`), 'module.exports = 1;\n');
  }
  mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
  mkdirSync(path.join(root, '.venv', 'bin'), { recursive: true });
  writeFileSync(path.join(root, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oryon-bench-env-'));
  try {
    const repo = path.join(dir, 'repo');
    const worktree = path.join(dir, 'worktree');
    mkdirSync(worktree);
    makeProject(repo);
    const { config, policy } = loadConfig({ env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir } });
    const results: BenchResult[] = [];
    const find = await medianMs(10, () => findProjectEnv(repo, config.env));
    results.push({ name: `env: find the environment (${PACKAGES * FILES_PER_PACKAGE} files in node_modules)`, value: find, unit: 'ms' });
    if (!detectBubblewrapSync().usable) {
      process.stderr.write('bench: env: bubblewrap not usable; sharing figures skipped\n');
      return results;
    }
    const runner = createSandboxRunner({ policy, config: { ...config, sandbox: { ...config.sandbox, isolation: 'required' } } });
    const shared = new EnvSandbox(runner, await findProjectEnv(repo, config.env), worktree);
    const plain = await medianMs(20, () => runner.run({ argv: ['true'], cwd: worktree }));
    const withShare = await medianMs(20, () => shared.run({ argv: ['true'], cwd: worktree }));
    results.push({ name: 'env: sandboxed command with the share − without', value: withShare - plain, unit: 'ms' });
    results.push({ name: 'env: added to a run (find + one shared command)', value: find + Math.max(0, withShare - plain), unit: 'ms', target: 50 });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
