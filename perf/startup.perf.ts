import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../src/config/paths.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

// Startup is a feature: `--version` and `--help` load commander and nothing heavy.
export async function run(): Promise<BenchResult[]> {
  const bin = path.join(packageRoot, 'bin', 'oryon');
  const node = (args: string[]) => () => execFileSync(process.execPath, args, { stdio: 'ignore' });
  const runs = 21;
  return [
    { name: 'node -e "" (baseline)', value: await medianMs(runs, node(['-e', ''])), unit: 'ms' },
    { name: 'oryon --version', value: await medianMs(runs, node([bin, '--version'])), unit: 'ms', target: 150 },
    { name: 'oryon --help', value: await medianMs(runs, node([bin, '--help'])), unit: 'ms', target: 150 },
  ];
}
