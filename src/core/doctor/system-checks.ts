// Checks of the machine: Node, git, the repo, bubblewrap, scanners, ORYON_HOME.
import { constants } from 'node:fs';
import { access, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, pass, type DoctorCheck } from './types.js';
import { astGrepBinary } from '../tools/ast-grep-bin.js';
import { findOnPath } from '../tools/on-path.js';
import { SEMGREP_INSTALL_HINT } from '../gates/semgrep.js';
import { firstLine, runProbe } from './probe.js';

export const MIN_NODE_MAJOR = 20;

export function checkNode(version = process.versions.node): DoctorCheck {
  const major = Number(version.split('.')[0]);
  return major >= MIN_NODE_MAJOR
    ? pass('node', `Node ${version}`)
    : fail('node', `Node ${version} is too old`, `install Node ${MIN_NODE_MAJOR} or newer (https://nodejs.org)`);
}

export async function checkGit(timeoutMs: number): Promise<DoctorCheck> {
  const result = await runProbe('git', ['--version'], { timeoutMs });
  if (!result.ok) return fail('git', `git: ${result.error}`, 'install git (e.g. sudo apt-get install git)');
  return pass('git', firstLine(result.stdout).replace(/^git version /, 'git '));
}

/** `explicit` is --repo: then not being a repo is an error, otherwise just a note. */
export async function checkRepo(dir: string, explicit: boolean, timeoutMs: number): Promise<{ check: DoctorCheck; root?: string }> {
  const result = await runProbe('git', ['rev-parse', '--show-toplevel'], { timeoutMs, cwd: dir });
  if (result.ok) {
    const root = result.stdout.trim();
    return { check: pass('repo', `git repository at ${root}`, explicit), root };
  }
  return {
    check: fail('repo', `not a git repository: ${dir}`, 'run oryon inside a git repository (git init) or pass --repo DIR', explicit),
  };
}

export async function checkBubblewrap(env: NodeJS.ProcessEnv, required: boolean, timeoutMs: number): Promise<DoctorCheck> {
  const fallback = required ? ' (or set sandbox.isolation: best-effort)' : '';
  const bwrap = findOnPath('bwrap', env.PATH);
  if (!bwrap) {
    return fail('bubblewrap', 'bwrap not found on PATH', `sudo apt-get install bubblewrap${fallback}`, required);
  }
  const result = await runProbe(bwrap, ['--ro-bind', '/', '/', 'true'], { timeoutMs });
  if (!result.ok) {
    return fail(
      'bubblewrap',
      `${bwrap} is installed but cannot create a sandbox: ${result.error}`,
      `allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or the AppArmor userns setting)${fallback}`,
      required,
    );
  }
  return pass('bubblewrap', `${bwrap} works`, required);
}

/** `repoRules`: the repo's own Semgrep rule files; without semgrep they never run, which is flagged. */
export async function checkSemgrep(env: NodeJS.ProcessEnv, timeoutMs: number, repoRules: readonly string[] = []): Promise<DoctorCheck> {
  const fix = `${SEMGREP_INSTALL_HINT}${repoRules.length > 0 ? '' : ' (optional: ast-grep rules still run without it)'}`;
  const rules = repoRules.length > 0 ? `the repo's Semgrep rules (${repoRules.join(', ')})` : '';
  const semgrep = findOnPath('semgrep', env.PATH);
  if (!semgrep) {
    return repoRules.length > 0
      ? fail('semgrep', `semgrep not found on PATH: ${rules} do not run`, fix, false)
      : fail('semgrep', 'semgrep not found on PATH (optional)', fix, false);
  }
  const result = await runProbe(semgrep, ['--version'], { timeoutMs });
  if (!result.ok) return fail('semgrep', `${semgrep} does not run: ${result.error}${rules ? `; ${rules} do not run` : ''}`, fix, false);
  return pass('semgrep', `semgrep ${firstLine(result.stdout)}${rules ? `; runs ${rules}` : ''}`, false);
}

export async function checkAstGrep(timeoutMs: number, binary = astGrepBinary()): Promise<DoctorCheck> {
  const fix = 'reinstall oryon so its @ast-grep/cli dependency is present (npm ci, or npm i -g oryon)';
  if (!binary) return fail('ast-grep', '@ast-grep/cli is not installed', fix);
  const result = await runProbe(binary, ['--version'], { timeoutMs });
  if (!result.ok) return fail('ast-grep', `${binary} does not run: ${result.error}`, fix);
  return pass('ast-grep', firstLine(result.stdout));
}

/** Writes and removes a probe file; a home that does not exist yet needs a writable ancestor. */
export async function checkHome(home: string): Promise<DoctorCheck> {
  const fix = `make ${home} writable, or point ORYON_HOME at a writable directory`;
  try {
    const info = await stat(home).catch(() => undefined);
    if (info && !info.isDirectory()) return fail('oryon-home', `${home} is not a directory`, fix);
    if (!info) {
      const ancestor = await nearestExisting(path.dirname(home));
      await access(ancestor, constants.W_OK);
      return pass('oryon-home', `${home} (will be created)`);
    }
    const probe = path.join(home, `.doctor-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return pass('oryon-home', `${home} is writable`);
  } catch (error) {
    return fail('oryon-home', `${home} is not writable: ${(error as Error).message}`, fix);
  }
}

async function nearestExisting(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    try {
      await stat(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}
