// Shared set-up for tests that run real sandboxes: policy and config, a unique marker to
// find a test's processes by, and a PATH without bubblewrap for the best-effort mode.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, loadPolicy } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import type { Policy } from '../../../src/core/policy/schema.js';
import { detectBubblewrapSync } from '../../../src/core/sandbox/detect.js';
import { findOnPath } from '../../../src/core/tools/on-path.js';
import { tempDir } from '../../helpers/git-repo.js';

export const bwrap = detectBubblewrapSync();
/** Names a describe block that needs bubblewrap, saying why it is skipped when it is. */
export const withBwrap = (title: string): string => (bwrap.usable ? title : `${title} (skipped: ${bwrap.reason})`);

export function testPolicy(overrides: Partial<Policy['limits']> = {}, extra: Partial<Policy> = {}): Policy {
  const policy = loadPolicy();
  return { ...policy, ...extra, limits: { ...policy.limits, command_timeout_ms: 20_000, ...overrides } };
}

export function testConfig(isolation: Config['sandbox']['isolation']): Config {
  const { config } = loadConfig({ env: { HOME: tempDir('oryon-cfg-home-') } });
  return { ...config, sandbox: { ...config.sandbox, isolation } };
}

export function uniqueMarker(): string {
  return `oryon-marker-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Host pids whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) pids.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

export async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

const realPython = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** A PATH holding only sh, python3 and a few tools — no bwrap — as on a machine without bubblewrap. */
export function pathWithoutBwrap(): string {
  const bin = path.join(tempDir('oryon-nobwrap-'), 'bin');
  mkdirSync(bin);
  symlinkSync(realPython, path.join(bin, 'python3'));
  for (const name of ['sh', 'cat', 'echo', 'sleep', 'env', 'true', 'git']) {
    const target = findOnPath(name);
    if (!target) throw new Error(`test set-up: ${name} is not on PATH`);
    symlinkSync(target, path.join(bin, name));
  }
  return bin;
}
