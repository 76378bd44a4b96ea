import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../src/config/paths.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

// Start-up as ratios to `node -e 0`, measured side by side: each round runs the baseline
// and every command once, in turn, so a machine that gets busier mid-run weighs on all of
// them alike. Medians of 21 rounds.
export async function run(): Promise<BenchResult[]> {
  const bin = path.join(packageRoot, 'bin', 'oryon');
  const repo = mkdtempSync(path.join(tmpdir(), 'oryon-perf-startup-'));
  execFileSync('git', ['init', '-q', repo]);
  writeFileSync(path.join(repo, 'a.txt'), 'a\n');
  execFileSync('git', ['-C', repo, 'add', '-A']);
  execFileSync('git', ['-C', repo, '-c', 'user.name=p', '-c', 'user.email=p@p', 'commit', '-qm', 'i']);
  const env: NodeJS.ProcessEnv = { ...process.env, ORYON_HOME: path.join(repo, '..', `${path.basename(repo)}-state`) };
  const commands: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    'oryon --version': [bin, '--version'],
    'oryon --help': [bin, '--help'],
    'oryon gate --staged (nothing staged)': [bin, 'gate', '--staged'],
  };
  // This machine sets NODE_EXTRA_CA_CERTS, which makes every node start ~40 ms slower and so
  // flatters every ratio; most machines do not. Both are measured, in the same rounds.
  const { NODE_EXTRA_CA_CERTS: caBundle, ...plainEnv } = env;
  const envs: Array<[string, NodeJS.ProcessEnv]> =
    caBundle === undefined
      ? [['', env]]
      : [
          ['', plainEnv],
          [' (NODE_EXTRA_CA_CERTS set)', env],
        ];
  const samples = new Map<string, number[]>();
  for (let round = 0; round < 23; round++) {
    for (const [suffix, runEnv] of envs) {
      for (const [name, args] of Object.entries(commands)) {
        const start = performance.now();
        execFileSync(process.execPath, args, { cwd: repo, env: runEnv, stdio: 'ignore' });
        // The first two rounds warm the disk cache and the gate's settings cache.
        if (round >= 2) samples.set(name + suffix, [...(samples.get(name + suffix) ?? []), performance.now() - start]);
      }
    }
  }
  return envs.flatMap(([suffix]) => {
    const base = median(samples.get(`node -e 0${suffix}`)!);
    const ratio = (name: string): number => median(samples.get(name + suffix)!) / base;
    // The targets are judged without the extra CA bundle: the stricter, usual case.
    const target = (value: number) => (suffix ? {} : { target: value });
    return [
      { name: `node -e 0 (baseline)${suffix}`, value: base, unit: 'ms' },
      { name: `oryon --version ÷ node -e 0${suffix}`, value: ratio('oryon --version'), unit: '×', ...target(1.15) },
      { name: `oryon --help ÷ node -e 0${suffix}`, value: ratio('oryon --help'), unit: '×', ...target(1.15) },
      { name: `oryon gate --staged, nothing staged ÷ node -e 0${suffix}`, value: ratio('oryon gate --staged (nothing staged)'), unit: '×', ...target(1.3) },
    ];
  });
}
