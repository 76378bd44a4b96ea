import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ancestors } from './secrets.js';

// The git metadata a sandboxed command can see but must not change. In a main checkout
// that is `.git/`; in a linked worktree `.git` is a file naming
// `<main>/.git/worktrees/<name>`, whose `commondir` leads to the main `.git/` — all three
// are mounted read-only, or a test could rewrite hooks or refs that run outside later.

export interface GitDirs {
  /** Paths to mount read-only, in mount order. */
  readOnly: string[];
  /** The main repository's work tree, when it can be told. */
  repoRoot?: string;
}

function readGitdirFile(file: string): string | undefined {
  try {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(file, 'utf8'));
    return match ? path.resolve(path.dirname(file), match[1]!) : undefined;
  } catch {
    return undefined;
  }
}

function readCommondir(gitdir: string): string {
  try {
    return path.resolve(gitdir, readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim());
  } catch {
    return gitdir;
  }
}

export function gitDirsFor(cwd: string): GitDirs {
  for (const dir of ancestors(cwd)) {
    const dotGit = path.join(dir, '.git');
    let stats;
    try {
      stats = lstatSync(dotGit);
    } catch {
      continue;
    }
    if (stats.isDirectory()) return { readOnly: [dotGit], repoRoot: dir };
    if (!stats.isFile()) return { readOnly: [] };
    const gitdir = readGitdirFile(dotGit);
    if (!gitdir) return { readOnly: [dotGit] };
    const common = readCommondir(gitdir);
    const readOnly = [...new Set([dotGit, common, gitdir])];
    return path.basename(common) === '.git' ? { readOnly, repoRoot: path.dirname(common) } : { readOnly };
  }
  return { readOnly: [] };
}
