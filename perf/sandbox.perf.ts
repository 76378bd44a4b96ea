// The sandbox's start overhead: `true` run through the runner (bubblewrap, limits
// prologue, watchdog, capture) against a bare spawn of `true`, median of many runs.
// bwrap itself takes a few ms; the target bounds everything oryon adds around it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.js';
import { createSandboxRunner } from '../src/core/sandbox/create.js';
import { detectBubblewrapSync } from '../src/core/sandbox/detect.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

const RUNS = 30;

function bareTrue(cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('true', [], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oryon-bench-sandbox-'));
  try {
    const { config, policy } = loadConfig({ env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir } });
    const results: BenchResult[] = [];
    const bare = await medianMs(RUNS, () => bareTrue(dir));
    results.push({ name: 'sandbox: bare `true` (spawn)', value: bare, unit: 'ms' });

    const effort = createSandboxRunner({
      policy,
      config: { ...config, sandbox: { ...config.sandbox, isolation: 'best-effort' } },
      env: { ...process.env, PATH: '/nonexistent' },
    });
    const noneMs = await medianMs(RUNS, () => effort.run({ argv: ['/bin/true'], cwd: dir }));
    results.push({ name: 'sandbox: best-effort `true` overhead', value: noneMs - bare, unit: 'ms', target: 15 });

    if (!detectBubblewrapSync().usable) {
      process.stderr.write(`bench: sandbox: bubblewrap not usable (${detectBubblewrapSync().reason}); bwrap figures skipped\n`);
      return results;
    }
    const firstStart = performance.now();
    const runner = createSandboxRunner({ policy, config: { ...config, sandbox: { ...config.sandbox, isolation: 'required' } } });
    await runner.run({ argv: ['true'], cwd: dir });
    results.push({ name: 'sandbox: runner creation + first run (detection, secret scan)', value: performance.now() - firstStart, unit: 'ms', target: 250 });
    const sandboxed = await medianMs(RUNS, () => runner.run({ argv: ['true'], cwd: dir }));
    results.push({ name: 'sandbox: bwrap `true`', value: sandboxed, unit: 'ms' });
    results.push({ name: 'sandbox: start overhead (bwrap `true` − bare)', value: sandboxed - bare, unit: 'ms', target: 30 });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
