import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError, InterruptedError } from '../errors.js';
import { irregularReason, readRegularFile } from '../fs/regular-file.js';
import type { ChangedFile, Decision } from '../policy/decide.js';
import type { GitOptions } from '../git/exec.js';

// What a gate checks: files, the content to check (the index for --staged, the working
// tree otherwise) and the added lines with their new line numbers.

export type GateTarget =
  | { kind: 'staged' }
  | { kind: 'all' }
  | { kind: 'paths'; paths: string[] }
  /** The agent's change: worktree against base; `paths` narrows it to the files the agent touched. */
  | { kind: 'worktree-diff'; worktree: string; base: string; paths?: string[] };

export interface CheckedFile extends ChangedFile {
  /** The content under check; undefined for binary files. */
  content: string | undefined;
  /** Every line counts as changed (new file, --all, explicit paths). */
  wholeFile: boolean;
}

export interface ChangeSet {
  /** Where the content lives on disk; undefined for the index, which has to be materialised. */
  contentRoot: string | undefined;
  files: CheckedFile[];
  /**
   * The agent's changed paths that are not regular files in the worktree any more (a test
   * swapped one for a symlink, a FIFO, a linked folder): never read, and they block.
   */
  irregular?: Decision[];
}

const GIT_QUIET = ['-c', 'core.quotePath=false', '-c', 'diff.noprefix=false'];

/**
 * git() (simple-git) for the worktree, --all and PATH targets, imported on first use: the
 * pre-commit gate (`gate --staged`) reads the index with indexGit below and never loads
 * simple-git. Loading it cost the gate 90 ms (median of 20 alternating runs of `oryon gate
 * --staged` with 20 staged files: 926 ms against 836 ms, on a loaded 2-core machine).
 */
async function git(args: string[], options: GitOptions): Promise<string> {
  const exec = await import('../git/exec.js');
  return exec.git(args, options);
}

function isBinary(buffer: Buffer): boolean {
  return buffer.subarray(0, 8000).includes(0);
}

function wholeFileAdded(content: string | undefined): CheckedFile['added'] {
  if (content === undefined) return [];
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((text, index) => ({ line: index + 1, text }));
}

/** Undo git's C-style quoting of unusual paths ("a\tb" and octal escapes). */
function unquote(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      bytes.push(...Buffer.from(char));
      continue;
    }
    const next = body[i + 1]!;
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

interface DiffEntry {
  path: string;
  added: CheckedFile['added'];
  removedCount: number;
  isNew: boolean;
  /** The new side's object id, from the `index` line (full with --full-index). */
  blob?: string;
}

/** Parse `git diff -U0` output: per file, the added lines with new-file numbers. */
export function parseUnifiedDiff(diff: string): DiffEntry[] {
  const entries: DiffEntry[] = [];
  let current: DiffEntry | undefined;
  let nextLine = 0;
  let inHunk = false;
  let pendingNew = false;
  let pendingBlob: string | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      inHunk = false;
      pendingNew = false;
      pendingBlob = undefined;
      continue;
    }
    const index = inHunk ? null : /^index [0-9a-f]+\.\.([0-9a-f]+)(?: \d+)?$/.exec(line);
    if (index) {
      pendingBlob = index[1];
      continue;
    }
    if (!inHunk && line.startsWith('new file mode')) {
      pendingNew = true;
      continue;
    }
    const binary = inHunk ? null : /^Binary files (?:.+) and (.+) differ$/.exec(line);
    if (!inHunk && (line.startsWith('+++ ') || binary)) {
      // git appends a tab to names with spaces (for patch(1)); binaries get no +++ line.
      const target = binary ? binary[1]! : line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') continue;
      const name = unquote(target);
      current = {
        path: name.startsWith('b/') ? name.slice(2) : name,
        added: [],
        removedCount: 0,
        isNew: pendingNew,
        ...(pendingBlob ? { blob: pendingBlob } : {}),
      };
      pendingNew = false;
      entries.push(current);
      continue;
    }
    if (line.startsWith('@@')) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      nextLine = match ? Number(match[1]) : 0;
      inHunk = true;
      continue;
    }
    if (!current || !inHunk) continue;
    if (line.startsWith('+')) current.added.push({ line: nextLine++, text: line.slice(1) });
    else if (line.startsWith('-')) current.removedCount++;
    else if (line.startsWith(' ')) nextLine++;
  }
  return entries;
}
/**
 * A direct execFile, not simple-git: the pre-commit hot path (see git() above), binary
 * output, stdin for cat-file --batch, and an environment simple-git's guard would not take
 * as it is (GIT_INDEX_FILE must reach git here).
 *
 * git for reading the index, with the environment left as it is: inside a pre-commit hook
 * `git commit -a` and `git commit PATH` point GIT_INDEX_FILE at the index being committed,
 * and that (not .git/index) is what the gate must check.
 */
function indexGit(args: string[], repoRoot: string, signal: AbortSignal | undefined, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      { cwd: repoRoot, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, signal, env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' } },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if (signal?.aborted) return reject(new InterruptedError());
        reject(
          new BadInputError(
            `git ${args.find((arg) => !arg.startsWith('-') && !arg.includes('=')) ?? ''}: ${stderr.toString('utf8').trim().split('\n')[0] ?? error.message}`,
          ),
        );
      },
    );
    // git diff never reads stdin and may be gone before we close it.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}

/** Staged blobs in one `git cat-file --batch` process; undefined for binary ones. */
async function readIndexBlobs(repoRoot: string, paths: string[], signal: AbortSignal | undefined): Promise<Map<string, string | undefined>> {
  if (paths.length === 0) return new Map();
  const stdout = await indexGit(['cat-file', '--batch'], repoRoot, signal, paths.map((name) => `:${name}\n`).join(''));
  const blobs = new Map<string, string | undefined>();
  let offset = 0;
  for (const name of paths) {
    const headerEnd = stdout.indexOf(10, offset);
    const header = stdout.subarray(offset, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (header.endsWith(' missing') || !Number.isFinite(size)) {
      offset = headerEnd + 1;
      continue;
    }
    const body = stdout.subarray(headerEnd + 1, headerEnd + 1 + size);
    blobs.set(name, isBinary(body) ? undefined : body.toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/**
 * Working-tree text; undefined for binary files and for anything that is not a regular
 * file reached through plain folders (a symlink is never followed, in the path or at its end).
 */
async function readWorkingFile(root: string, relPath: string): Promise<string | undefined> {
  let buffer: Buffer;
  try {
    buffer = readRegularFile(root, relPath);
  } catch {
    return undefined;
  }
  return isBinary(buffer) ? undefined : buffer.toString('utf8');
}

/** A decision for each path that is no longer a regular file in the worktree. */
function irregularPaths(root: string, relPaths: readonly string[]): Decision[] {
  return relPaths.flatMap((relPath) => {
    const reason = irregularReason(root, relPath);
    if (!reason) return [];
    return [
      { allowed: false, kind: 'path' as const, subject: relPath, rule: 'paths.regular-file', reason: `${relPath} ${reason}; oryon will not read or commit it` },
    ];
  });
}

function toChecked(entry: DiffEntry, content: string | undefined): CheckedFile {
  if (entry.isNew) return { path: entry.path, added: wholeFileAdded(content), removedCount: 0, content, wholeFile: true };
  return { path: entry.path, added: entry.added, removedCount: entry.removedCount, content, wholeFile: false };
}

/** The staged diff as the gate reads it: every added line, and the full blob id of each new side. */
export function readStagedDiff(repoRoot: string, signal?: AbortSignal): Promise<Buffer> {
  return indexGit(
    [...GIT_QUIET, 'diff', '--cached', '-U0', '--full-index', '--no-color', '--no-ext-diff', '--no-renames', '--diff-filter=ACMRT'],
    repoRoot,
    signal,
  );
}

/**
 * readStagedDiff, started by the pre-commit hook's fast path before the gate's modules
 * load, so git runs on the other core meanwhile (~20 ms of each commit). Used only for
 * the same repo root; its rejection is handled where it is awaited.
 */
export interface EarlyStagedDiff {
  repoRoot: string;
  diff: Promise<Buffer>;
}

/** Starts readStagedDiff now; a failure surfaces where it is awaited, or nowhere if it never is. */
export function startStagedDiff(repoRoot: string): EarlyStagedDiff {
  const diff = readStagedDiff(repoRoot);
  diff.catch(() => {});
  return { repoRoot, diff };
}

async function stagedChanges(repoRoot: string, signal?: AbortSignal, early?: EarlyStagedDiff): Promise<ChangeSet> {
  const pending = early?.repoRoot === repoRoot ? early.diff : readStagedDiff(repoRoot, signal);
  const diff = (await pending).toString('utf8');
  if (signal?.aborted) throw new InterruptedError();
  const entries = parseUnifiedDiff(diff);
  const contents = new Map<string, string | undefined>();
  for (const entry of entries) {
    const bytes = entry.blob ? stagedBytesOnDisk(repoRoot, entry.path, entry.blob) : undefined;
    if (bytes) contents.set(entry.path, isBinary(bytes) ? undefined : bytes.toString('utf8'));
  }
  const blobs = await readIndexBlobs(
    repoRoot,
    entries.map((entry) => entry.path).filter((name) => !contents.has(name)),
    signal,
  );
  return {
    contentRoot: undefined,
    files: entries.map((entry) => toChecked(entry, contents.has(entry.path) ? contents.get(entry.path) : blobs.get(entry.path))),
  };
}

/**
 * The working-tree file's bytes when they are exactly the staged blob: git's own object id
 * of them equals the index's. Most commits stage what is on disk, and reading it back
 * saves the `git cat-file` process (~10 ms of a pre-commit gate). Anything else (an
 * edit after `git add`, a clean/smudge filter, a symlink, a file gone) is read from the
 * index.
 */
function stagedBytesOnDisk(repoRoot: string, relPath: string, blob: string): Buffer | undefined {
  const algorithm = blob.length === 40 ? 'sha1' : blob.length === 64 ? 'sha256' : undefined;
  if (!algorithm) return undefined;
  let bytes: Buffer;
  try {
    bytes = readRegularFile(repoRoot, relPath);
  } catch {
    return undefined;
  }
  const id = createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  return id === blob ? bytes : undefined;
}

async function worktreeChanges(worktree: string, base: string, touched: string[] | undefined, signal?: AbortSignal): Promise<ChangeSet> {
  // lstat the agent's paths before git looks at them: git diff fails on a FIFO, and
  // nothing irregular is read or checked as if it were the agent's text.
  const irregular = touched ? irregularPaths(worktree, touched) : [];
  const skip = new Set(irregular.map((decision) => decision.subject));
  const paths = touched?.filter((file) => !skip.has(file));
  if (paths?.length === 0) return { contentRoot: worktree, files: [], irregular };
  // Literal pathspecs: a file named "*.py" means that file, not a glob.
  const pathspec = paths ? ['--', ...paths] : [];
  // Both at once: neither writes, and each is a git process (~12 ms) the fix loop waits on.
  const [diff, others] = await Promise.all([
    git(['--literal-pathspecs', ...GIT_QUIET, 'diff', base, '-U0', '--no-color', '--no-ext-diff', '--no-renames', '--diff-filter=ACMRT', ...pathspec], {
      cwd: worktree,
      signal,
    }),
    git(['--literal-pathspecs', 'ls-files', '-z', '--others', '--exclude-standard', ...pathspec], { cwd: worktree, signal }),
  ]);
  const entries = parseUnifiedDiff(diff);
  const untracked = others.split('\0').filter(Boolean);
  for (const name of untracked) entries.push({ path: name, added: [], removedCount: 0, isNew: true });
  const files = await Promise.all(entries.map(async (entry) => toChecked(entry, await readWorkingFile(worktree, entry.path))));
  return { contentRoot: worktree, files, irregular };
}

async function wholeFiles(root: string, relPaths: string[]): Promise<ChangeSet> {
  const files = await Promise.all(
    relPaths.map(async (relPath): Promise<CheckedFile> => {
      const content = await readWorkingFile(root, relPath);
      return { path: relPath, added: wholeFileAdded(content), removedCount: 0, content, wholeFile: true };
    }),
  );
  return { contentRoot: root, files };
}

async function existingTracked(repoRoot: string, signal?: AbortSignal): Promise<string[]> {
  const tracked = (await git(['ls-files', '-z', '--cached'], { cwd: repoRoot, signal })).split('\0').filter(Boolean);
  const present = await Promise.all(
    tracked.map(async (name) => ((await lstat(path.join(repoRoot, name)).catch(() => undefined))?.isFile() ? name : undefined)),
  );
  return [...new Set(present.filter((name): name is string => name !== undefined))];
}

/** Repo-relative files for PATH arguments (resolved from `cwd`); directories expand to their non-ignored files. */
async function resolvePaths(repoRoot: string, paths: string[], cwd: string, signal?: AbortSignal): Promise<string[]> {
  const result = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const relative = path.relative(repoRoot, absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new BadInputError(`${given} is outside the repository ${repoRoot}`);
    }
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new BadInputError(`no such file: ${given}`, { hint: 'pass files or directories that exist, or use --staged / --all' });
    if (info.isFile()) {
      result.add(relative.split(path.sep).join('/'));
      continue;
    }
    const listed = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', relative || '.'], { cwd: repoRoot, signal });
    for (const name of listed.split('\0').filter(Boolean)) {
      if ((await lstat(path.join(repoRoot, name)).catch(() => undefined))?.isFile()) result.add(name);
    }
  }
  return [...result];
}

export async function collectChanges(
  repoRoot: string,
  target: GateTarget,
  options: { cwd?: string; signal?: AbortSignal; earlyStagedDiff?: EarlyStagedDiff } = {},
): Promise<ChangeSet> {
  switch (target.kind) {
    case 'staged':
      return stagedChanges(repoRoot, options.signal, options.earlyStagedDiff);
    case 'worktree-diff':
      return worktreeChanges(target.worktree, target.base, target.paths, options.signal);
    case 'all':
      return wholeFiles(repoRoot, await existingTracked(repoRoot, options.signal));
    case 'paths':
      return wholeFiles(repoRoot, await resolvePaths(repoRoot, target.paths, options.cwd ?? process.cwd(), options.signal));
  }
}
