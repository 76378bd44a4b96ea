import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { findOnPath } from '../tools/on-path.js';

// Is bubblewrap installed, and can it actually create the namespaces we use? Installed
// is not enough: containers and some distributions (AppArmor's userns restriction on
// Ubuntu 24.04) forbid unprivileged user namespaces, so a real trial run decides.

export interface BubblewrapStatus {
  available: boolean;
  usable: boolean;
  version?: string;
  path?: string;
  reason?: string;
}

const execFileAsync = promisify(execFile);
const cache = new Map<string, BubblewrapStatus>();

/** Run as root we get no user namespace (a root-mapped one adds nothing); otherwise we ask for one. */
export function needsUserNamespace(): boolean {
  return process.getuid?.() !== 0;
}

function trialArgs(): string[] {
  return [
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--unshare-pid',
    '--unshare-net',
    ...(needsUserNamespace() ? ['--unshare-user'] : []),
    '--die-with-parent',
    '--',
    '/bin/true',
  ];
}

const INSTALL_HINT = 'install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap)';

function unusableReason(stderr: string): string {
  const detail = stderr.trim().split('\n').pop() ?? '';
  return `bubblewrap cannot create its namespaces${detail ? `: ${detail}` : ''} (user namespaces may be disabled: check sysctl kernel.unprivileged_userns_clone and kernel.apparmor_restrict_unprivileged_userns)`;
}

/** Synchronous, cached by PATH: the runner needs the answer when it is created. */
export function detectBubblewrapSync(pathVariable: string | undefined = process.env.PATH): BubblewrapStatus {
  const key = pathVariable ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  const bwrap = findOnPath('bwrap', pathVariable);
  let status: BubblewrapStatus;
  if (!bwrap) {
    status = { available: false, usable: false, reason: `bwrap not found on PATH; ${INSTALL_HINT}` };
  } else {
    const version = spawnSync(bwrap, ['--version'], { encoding: 'utf8', timeout: 5000 })
      .stdout?.trim()
      .replace(/^bubblewrap\s+/, '');
    const trial = spawnSync(bwrap, trialArgs(), { encoding: 'utf8', timeout: 10_000 });
    status =
      trial.status === 0
        ? { available: true, usable: true, path: bwrap, ...(version ? { version } : {}) }
        : { available: true, usable: false, path: bwrap, ...(version ? { version } : {}), reason: unusableReason(trial.stderr ?? String(trial.error ?? '')) };
  }
  cache.set(key, status);
  return status;
}

/** The same answer without blocking the event loop (for `oryon doctor`). */
export async function detectBubblewrap(pathVariable: string | undefined = process.env.PATH): Promise<BubblewrapStatus> {
  const key = pathVariable ?? '';
  const cached = cache.get(key);
  if (cached) return cached;
  const bwrap = findOnPath('bwrap', pathVariable);
  if (!bwrap) return detectBubblewrapSync(pathVariable);
  let version: string | undefined;
  try {
    version = (await execFileAsync(bwrap, ['--version'], { timeout: 5000 })).stdout.trim().replace(/^bubblewrap\s+/, '') || undefined;
  } catch {
    version = undefined;
  }
  let status: BubblewrapStatus;
  try {
    await execFileAsync(bwrap, trialArgs(), { timeout: 10_000 });
    status = { available: true, usable: true, path: bwrap, ...(version ? { version } : {}) };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    status = { available: true, usable: false, path: bwrap, ...(version ? { version } : {}), reason: unusableReason(stderr) };
  }
  cache.set(key, status);
  return status;
}

export const BUBBLEWRAP_INSTALL_HINT = INSTALL_HINT;
