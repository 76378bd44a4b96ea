// A fresh, committed git repository per task run, made from the task's folder. The task
// folder itself is never written: runs happen in copies under ORYON_HOME/bench/work.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { git } from '../git/exec.js';
import type { BenchTask } from './task.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'oryon bench',
  GIT_AUTHOR_EMAIL: 'bench@oryon.invalid',
  GIT_COMMITTER_NAME: 'oryon bench',
  GIT_COMMITTER_EMAIL: 'bench@oryon.invalid',
};

export interface PreparedRepo {
  root: string;
  /** Removes the copy and everything the run left in it. */
  dispose(): void;
}

export async function prepareTaskRepo(task: BenchTask, home: string, signal?: AbortSignal): Promise<PreparedRepo> {
  const base = path.join(home, 'bench', 'work');
  mkdirSync(base, { recursive: true });
  const workDir = mkdtempSync(path.join(base, `${task.id.replace(/[^A-Za-z0-9_.-]+/g, '-')}-`));
  const root = path.join(workDir, 'repo');
  const excluded = new Set(task.exclude.map((name) => path.join(task.repoDir, name)));
  // Symlinks are copied as links, never followed: a task folder may come from anywhere.
  cpSync(task.repoDir, root, { recursive: true, verbatimSymlinks: true, filter: (source) => !excluded.has(source) && path.basename(source) !== '.git' });
  const options = { cwd: root, env: IDENTITY, ...(signal ? { signal } : {}) };
  await git(['init', '-q', '-b', 'main'], options);
  await git(['add', '-A'], options);
  // The bench's identity comes from the environment; no signing, no hooks: this is a scratch copy.
  await git(['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', `task ${task.id}`], options);
  return { root, dispose: () => rmSync(workDir, { recursive: true, force: true }) };
}
