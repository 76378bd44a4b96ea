// The attack suite's harness: repos, homes and oryon state in places the sandbox can see
// (not under /tmp, whose private tmpfs would hide them and make every attack pass for the
// wrong reason), the built CLI run as `oryon sandbox` or `oryon fix`, and fingerprints of
// what an attack targets, taken before and after, to prove the host is unchanged.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { binPath, repoRoot, type CliResult } from '../../helpers/cli.js';
import { datasetsDir, git } from '../../helpers/git-repo.js';

/** Visible inside the sandbox (the host root is mounted read-only there); removed after each file. */
export const attacksRoot = path.join(repoRoot, '.attacks');
export const isRoot = process.getuid?.() === 0;

const bases: string[] = [];

/** A fresh directory for one attack, 0755 like a project folder (mkdtemp's 0700 would hide it from a dropped uid). */
export function attackDir(prefix = 'a-'): string {
  mkdirSync(attacksRoot, { recursive: true });
  const dir = realpathSync(mkdtempSync(path.join(attacksRoot, prefix)));
  chmodSync(dir, 0o755);
  bases.push(dir);
  return dir;
}

export function cleanupAttackDirs(): void {
  for (const dir of bases.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

export interface AttackEnv extends Record<string, string> {
  HOME: string;
  ORYON_HOME: string;
  XDG_CONFIG_HOME: string;
}

/** HOME, XDG dirs and ORYON_HOME under a visible attack dir; PATH as the suite's (toolchains included). */
export function attackEnv(extra: Record<string, string> = {}, dir = attackDir('env-')): AttackEnv {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    OLLAMA_HOST: 'http://127.0.0.1:9',
  };
  for (const [key, sub] of Object.entries({ HOME: 'home', XDG_CONFIG_HOME: 'home/.config', XDG_DATA_HOME: 'home/.local/share', ORYON_HOME: 'state' })) {
    env[key] = path.join(dir, sub);
    mkdirSync(env[key], { recursive: true, mode: 0o755 });
  }
  // pyenv and rustup find their roots from HOME unless told: the fake HOME must not break
  // the real user's toolchains (a real user's HOME is where they live).
  for (const [name, dir] of [
    ['PYENV_ROOT', '.pyenv'],
    ['CARGO_HOME', '.cargo'],
    ['RUSTUP_HOME', '.rustup'],
  ] as const) {
    if (process.env[name]) env[name] = process.env[name]!;
    else if (process.env.HOME && existsSync(path.join(process.env.HOME, dir))) env[name] = path.join(process.env.HOME, dir);
  }
  return { ...env, ...extra } as AttackEnv;
}

/** Write files (relative paths) under root, creating folders; a mode per file when given. */
export function plant(root: string, files: Record<string, string>, mode?: number): void {
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text, mode === undefined ? undefined : { mode });
  }
}

/** A committed repo on main under a visible attack dir. */
export function attackRepo(files: Record<string, string>, dir = path.join(attackDir('repo-'), 'repo')): string {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  plant(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'initial');
  return dir;
}

export interface AttackTask {
  root: string;
  issue: string;
  solution: string;
}

/** The py-fib dataset task in a visible repo, with extra files (a cloned repo's own tests) committed. */
export function attackTask(extra: Record<string, string> = {}): AttackTask {
  const dir = path.join(datasetsDir, 'py-fib');
  const root = path.join(attackDir('task-'), 'repo');
  cpSync(path.join(dir, 'repo'), root, { recursive: true });
  attackRepo(extra, root);
  return { root, issue: readFileSync(path.join(dir, 'issue.md'), 'utf8').trim(), solution: readFileSync(path.join(dir, 'solution'), 'utf8') };
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Extra descriptors handed to the CLI as fd 3, 4, … (an fd number, or 'pipe'). */
  extraFds?: Array<number | 'pipe' | 'ignore'>;
  cwd?: string;
}

/** Run the built CLI with arbitrary stdio beyond 0-2. */
export function cli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? attackEnv(),
      stdio: ['ignore', 'pipe', 'pipe', ...(options.extraFds ?? [])],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface SandboxOptions extends RunOptions {
  /** `oryon sandbox --write`: the attack needs a writable tree. */
  write?: boolean;
  json?: boolean;
}

/** `oryon sandbox [--write] [--json] -- ARGV` at the repo. */
export function sandbox(repo: string, argv: string[], options: SandboxOptions = {}): Promise<CliResult> {
  const flags = [...(options.write ? ['--write'] : []), ...(options.json ? ['--json'] : [])];
  return cli(['sandbox', ...flags, '--', ...argv], { ...options, cwd: options.cwd ?? repo });
}

/** Printed first by every attack script: an attack that never ran proves nothing. */
export const RAN = 'ATTACK-RAN';
export const sh = (script: string): string[] => ['sh', '-c', `echo ${RAN}; ${script}`];
export const py = (code: string): string[] => ['python3', '-c', `print(${JSON.stringify(RAN)}, flush=True)\n${code}`];

/**
 * A Python snippet that opens each file for writing and closes it again, never writing a
 * byte: kernel settings are probed, not changed. Prints `OPENED path` or `DENIED path errno`.
 */
export function probeWritable(files: readonly string[]): string {
  return [
    'import os',
    `for f in ${JSON.stringify(files)}:`,
    '    try:',
    '        os.close(os.open(f, os.O_WRONLY))',
    '        print("OPENED", f, flush=True)',
    '    except OSError as e:',
    '        print("DENIED", f, e.errno, flush=True)',
  ].join('\n');
}

/**
 * A fingerprint of paths (recursively): type, mode, owner, size and content hash of each
 * entry, links by target. Equal before and after means the attack changed nothing there.
 */
export function fingerprint(...targets: string[]): string {
  const lines: string[] = [];
  const visit = (file: string): void => {
    let stats;
    try {
      stats = lstatSync(file);
    } catch {
      lines.push(`${file} absent`);
      return;
    }
    const head = `${file} ${stats.mode.toString(8)} ${stats.uid}:${stats.gid}`;
    if (stats.isSymbolicLink()) lines.push(`${head} -> ${readlinkSync(file)}`);
    else if (stats.isDirectory()) {
      lines.push(head);
      for (const entry of readdirSync(file).sort()) visit(path.join(file, entry));
    } else if (stats.isFile()) {
      let hash = 'unreadable';
      try {
        hash = createHash('sha256').update(readFileSync(file)).digest('hex');
      } catch {
        // A root-only file when we are not root: its metadata still counts.
      }
      lines.push(`${head} ${stats.size} ${hash}`);
    } else lines.push(`${head} special`);
  };
  for (const target of targets) visit(target);
  return lines.join('\n');
}

/** Files under dir (not entering .git) with a setuid or setgid bit, relative paths. */
export function setidFiles(dir: string): string[] {
  const found: string[] = [];
  const visit = (rel: string): void => {
    const full = path.join(dir, rel);
    const stats = lstatSync(full);
    if (stats.isDirectory()) {
      if (path.basename(rel) === '.git') return;
      for (const entry of readdirSync(full)) visit(path.join(rel, entry));
    } else if (!stats.isSymbolicLink() && (stats.mode & 0o6000) !== 0) found.push(rel);
  };
  if (existsSync(dir)) visit('');
  return found;
}

/** A marker string that cannot appear by accident. */
export function marker(what: string): string {
  return `${what}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Run a host command as the user would later (outside any sandbox), ignoring its status. */
export function onHost(cwd: string, file: string, args: string[], env: Record<string, string> = {}): string {
  try {
    return execFileSync(file, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
}
