import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temp git repo holding a copy of `from` (when given), every file added to the index. */
export function tempRepo(from?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oryon-edit-'));
  if (from) cpSync(from, dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.autocrlf=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, XDG_CONFIG_HOME: cwd },
  });
}

/** Every file under dir (relative, `/`), skipping .git, with its bytes (a symlink: its target). */
export function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string): void => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (rel === '.git') continue;
      if (entry.isSymbolicLink()) files.set(rel, Buffer.from(`-> ${readlinkSync(path.join(dir, rel))}`));
      else if (entry.isDirectory()) walk(rel);
      else files.set(rel, readFileSync(path.join(dir, rel)));
    }
  };
  walk('');
  return files;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
