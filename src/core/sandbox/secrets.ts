import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// What the sandbox hides even though the root file system is readable: credential
// stores in the user's home, and `.env` files near the repo (a sibling project's, the
// user's tree next to a worktree). A directory is covered by an empty tmpfs, a file by
// /dev/null.

/**
 * Credential stores, relative to a home directory. The home is an empty tmpfs in the
 * sandbox (home.ts), so this list is the second wall: it covers what a bound toolchain
 * folder, `sandbox.home_allow` or a home inside the worktree would otherwise show.
 */
export const HOME_SECRETS = [
  // Keys, cloud and forge credentials.
  '.ssh',
  '.aws',
  '.gnupg',
  '.config/gh',
  '.netrc',
  '.docker',
  '.git-credentials',
  '.config/git/credentials',
  '.kube',
  '.azure',
  '.config/gcloud',
  '.config/hub',
  '.config/glab-cli',
  '.password-store',
  '.vault-token',
  '.terraform.d/credentials.tfrc.json',
  '.config/doctl',
  '.config/rclone',
  '.s3cfg',
  '.boto',
  '.kaggle',
  '.oci',
  '.config/op',
  '.config/containers',
  '.local/share/containers/auth.json',
  '.local/share/keyrings',
  '.pki',
  '.mozilla',
  '.config/google-chrome',
  '.config/chromium',
  // Databases.
  '.pgpass',
  '.my.cnf',
  '.mylogin.cnf',
  '.config/pgcli',
  '.dbshell',
  // Package registries and build tools.
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pypirc',
  '.config/pip',
  '.pip',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.m2/settings.xml',
  '.m2/settings-security.xml',
  '.gradle/gradle.properties',
  '.ivy2/.credentials',
  '.sbt/.credentials',
  '.nuget/NuGet/NuGet.Config',
  '.config/composer/auth.json',
  '.composer/auth.json',
  '.config/pnpm/rc',
  // AI tools' and model hubs' tokens.
  '.codex/auth.json',
  '.claude/.credentials.json',
  '.claude.json',
  '.config/claude',
  '.ollama/id_ed25519',
  '.cache/huggingface/token',
  '.cache/huggingface/stored_tokens',
  '.huggingface/token',
  '.config/openai',
  // Shell and REPL histories (commands typed with secrets in them).
  '.bash_history',
  '.zsh_history',
  '.histfile',
  '.sh_history',
  '.python_history',
  '.node_repl_history',
  '.psql_history',
  '.mysql_history',
  '.sqlite_history',
  '.rediscli_history',
  '.irb_history',
  '.lesshst',
  '.local/share/fish/fish_history',
  '.local/share/recently-used.xbel',
] as const;

export interface Mask {
  path: string;
  kind: 'dir' | 'file';
}

function maskFor(candidate: string): Mask | undefined {
  try {
    // Mount points follow symlinks, so mask where the link leads.
    const real = realpathSync(candidate);
    // A variable naming / (or a link to it) must not empty the whole sandbox.
    if (real === '/') return undefined;
    const stats = statSync(real);
    if (stats.isDirectory()) return { path: real, kind: 'dir' };
    if (stats.isFile()) return { path: real, kind: 'file' };
  } catch {
    // Absent or unreadable: nothing to hide.
  }
  return undefined;
}

/** The homes to protect: $HOME and the account's home from the password database. */
export function homeDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const homes = new Set<string>();
  if (env.HOME) homes.add(path.resolve(env.HOME));
  try {
    homes.add(os.userInfo().homedir);
  } catch {
    // No passwd entry (some containers): $HOME is all we have.
  }
  return [...homes].filter((home) => home !== '/');
}

export function homeSecretMasks(homes: readonly string[], env: NodeJS.ProcessEnv = process.env): Mask[] {
  const candidates = homes.flatMap((home) => HOME_SECRETS.map((entry) => path.join(home, entry)));
  if (env.XDG_CONFIG_HOME) {
    for (const entry of ['gh', 'git/credentials', 'rclone', 'pip', 'containers', 'composer/auth.json', 'glab-cli', 'gcloud'])
      candidates.push(path.join(env.XDG_CONFIG_HOME, entry));
  }
  if (env.XDG_DATA_HOME) candidates.push(path.join(env.XDG_DATA_HOME, 'keyrings'), path.join(env.XDG_DATA_HOME, 'fish', 'fish_history'));
  // Files named by the environment: a history or credentials file moved out of the home.
  for (const name of [
    'HISTFILE',
    'PSQL_HISTORY',
    'MYSQL_HISTFILE',
    'NODE_REPL_HISTORY',
    'PYTHONHISTFILE',
    'PGPASSFILE',
    'DOCKER_CONFIG',
    'HF_TOKEN_PATH',
    'KUBECONFIG',
    'AWS_SHARED_CREDENTIALS_FILE',
    'GOOGLE_APPLICATION_CREDENTIALS',
  ]) {
    const value = env[name];
    if (value && path.isAbsolute(value)) candidates.push(value);
  }
  return candidates.map(maskFor).filter((mask): mask is Mask => mask !== undefined);
}

const SKIP_DIRS = new Set(['node_modules', '__pycache__', 'target', 'dist', 'build', 'vendor', 'venv', 'env']);
/** Enough for a home and a projects folder; a bound on start-up time, not a guarantee of completeness. */
const MAX_DIRS_VISITED = 4000;

export interface EnvFileRoot {
  dir: string;
  /** 0: only the directory's own entries. */
  depth: number;
}

/**
 * `.env*` files (.env, .env.local, .envrc…) under the roots, outside `exclude` (the
 * worktree, whose own files are the policy's business). Hidden directories and
 * dependency folders are not entered: secrets live in project roots, not in caches.
 */
export function findEnvFiles(roots: readonly EnvFileRoot[], exclude: readonly string[]): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  let visited = 0;
  const inside = (file: string) => exclude.some((dir) => file === dir || file.startsWith(`${dir}${path.sep}`));
  const walk = (dir: string, depth: number): void => {
    if (visited >= MAX_DIRS_VISITED || inside(dir)) return;
    const key = `${dir}\0${depth}`;
    if (seen.has(key)) return;
    seen.add(key);
    visited++;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('.env') && !entry.isDirectory()) {
        const mask = maskFor(full);
        if (mask?.kind === 'file' && !inside(mask.path)) found.add(mask.path);
      } else if (depth > 0 && entry.isDirectory() && !entry.name.startsWith('.') && !SKIP_DIRS.has(entry.name)) {
        walk(full, depth - 1);
      }
    }
  };
  for (const root of roots) walk(root.dir, root.depth);
  return [...found].sort();
}

/** Every directory from `dir` up to the file-system root. */
export function ancestors(dir: string): string[] {
  const result: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    result.push(current);
    const parent = path.dirname(current);
    if (parent === current) return result;
    current = parent;
  }
}

/** Where to look for `.env` files around a worktree and the repo it belongs to. */
export function envFileRoots(cwd: string, repoRoot: string | undefined, homes: readonly string[]): EnvFileRoot[] {
  const roots: EnvFileRoot[] = [];
  for (const dir of new Set([...ancestors(cwd), ...(repoRoot ? ancestors(repoRoot) : [])])) roots.push({ dir, depth: 0 });
  if (repoRoot) roots.push({ dir: repoRoot, depth: 3 });
  for (const dir of new Set([path.dirname(cwd), ...(repoRoot ? [path.dirname(repoRoot)] : [])])) roots.push({ dir, depth: 2 });
  for (const home of homes) roots.push({ dir: home, depth: 2 });
  return roots.filter((root) => isDirectory(root.dir) && !(root.depth > 0 && root.dir === '/'));
}

function isDirectory(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}
