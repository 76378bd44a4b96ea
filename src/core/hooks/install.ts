import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { chmod, lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotDoneError } from '../errors.js';
import { hookScript, isOryonHook, managedByOther } from './script.js';

// `oryon hook install|uninstall`. The hook directory is whatever git uses (so
// core.hooksPath is respected). A hook that was already there is moved aside, never
// deleted: a plain hook is chained (run first), one owned by another hook manager is
// only replaced with --force. Uninstall puts back exactly what was there.

export const CHAINED = 'pre-commit.oryon-chained';
export const REPLACED = 'pre-commit.oryon-replaced';

export interface HookPaths {
  dir: string;
  hook: string;
  chained: string;
  replaced: string;
}

export async function hookPaths(repoRoot: string): Promise<HookPaths> {
  // A direct call, not simple-git (~70 ms to import): `oryon hook` stays light.
  const raw = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const dir = path.resolve(repoRoot, raw);
  return { dir, hook: path.join(dir, 'pre-commit'), chained: path.join(dir, CHAINED), replaced: path.join(dir, REPLACED) };
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return ''; // A dangling symlink or unreadable file is still "something that was there".
  }
}

/** The bin/oryon that is running, when it can be found (the hook execs it directly). */
export function runningOryonBin(argv1: string | undefined = process.argv[1]): string | undefined {
  if (!argv1) return undefined;
  try {
    const real = realpathSync(argv1);
    if (path.basename(real) === 'oryon' && existsSync(real) && /oryon/.test(readFileSync(real, 'utf8').slice(0, 400))) return real;
  } catch {
    // Fall back to PATH in the hook.
  }
  return undefined;
}

export interface InstallResult {
  hookPath: string;
  action: 'installed' | 'updated' | 'chained' | 'replaced';
  /** Where the previous hook went. */
  savedAs?: string;
}

export async function installHook(options: { repoRoot: string; force?: boolean; oryonBin?: string | undefined; nodePath?: string }): Promise<InstallResult> {
  const paths = await hookPaths(options.repoRoot);
  await mkdir(paths.dir, { recursive: true });
  const script = hookScript({ nodePath: options.nodePath ?? process.execPath, oryonBin: options.oryonBin });
  let action: InstallResult['action'] = 'installed';
  let savedAs: string | undefined;

  if (await exists(paths.hook)) {
    const current = await readText(paths.hook);
    if (isOryonHook(current)) {
      action = 'updated';
    } else {
      if ((await exists(paths.chained)) || (await exists(paths.replaced))) {
        throw new NotDoneError(`a hook saved by an earlier install is still in ${paths.dir}`, {
          hint: `move ${CHAINED} or ${REPLACED} back to pre-commit (or delete it), then install again`,
        });
      }
      const manager = managedByOther(current);
      if (manager && !options.force) {
        throw new NotDoneError(`${paths.hook} is managed by ${manager}; not replacing it`, {
          hint: 'pass --force to replace it (uninstall restores it), or add oryon to that tool instead',
        });
      }
      savedAs = manager ? paths.replaced : paths.chained;
      action = manager ? 'replaced' : 'chained';
      await rename(paths.hook, savedAs);
    }
  }
  const temp = `${paths.hook}.oryon-tmp-${process.pid}`;
  await writeFile(temp, script, { mode: 0o755 });
  await chmod(temp, 0o755);
  await rename(temp, paths.hook);
  return { hookPath: paths.hook, action, ...(savedAs ? { savedAs } : {}) };
}

export interface UninstallResult {
  hookPath: string;
  action: 'removed' | 'restored' | 'absent';
  restoredFrom?: string;
}

export async function uninstallHook(options: { repoRoot: string }): Promise<UninstallResult> {
  const paths = await hookPaths(options.repoRoot);
  if (!(await exists(paths.hook))) {
    if ((await exists(paths.chained)) || (await exists(paths.replaced))) {
      throw new NotDoneError(`no oryon hook in ${paths.dir}, but a saved hook is there`, {
        hint: `rename ${CHAINED} or ${REPLACED} back to pre-commit by hand`,
      });
    }
    return { hookPath: paths.hook, action: 'absent' };
  }
  if (!isOryonHook(await readText(paths.hook))) {
    throw new NotDoneError(`${paths.hook} was not written by oryon; leaving it alone`);
  }
  await rm(paths.hook);
  for (const saved of [paths.chained, paths.replaced]) {
    if (await exists(saved)) {
      await rename(saved, paths.hook);
      return { hookPath: paths.hook, action: 'restored', restoredFrom: saved };
    }
  }
  return { hookPath: paths.hook, action: 'removed' };
}
