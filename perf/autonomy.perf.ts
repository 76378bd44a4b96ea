// Issue 13's costs: what sovereign's merge adds to a run (a merge commit made without a
// working tree, then a compare-and-swap of the base ref) on a 2,000-file repository, and
// what an evidence pack costs to build and render for a long run (40 steps, 20 KB
// prompts each). Targets: merge < 250 ms, pack (json + md + html) < 300 ms.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mergeCommitWithoutTree, updateBranchIfAt } from '../src/core/git/merge.js';
import { evidencePack } from '../src/core/journal/evidence.js';
import { evidenceHtml } from '../src/core/journal/evidence-html.js';
import { evidenceMarkdown } from '../src/core/journal/evidence-md.js';
import { Journal } from '../src/core/journal/journal.js';
import { openDatabase } from '../src/core/store/db.js';
import type { BenchResult } from './run.js';
import { medianMs } from './stats.js';

const FILES = 2000;
const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();

function divergedRepo(root: string): { main: string; topic: string } {
  git(root, 'init', '-q', '-b', 'main');
  for (let i = 0; i < FILES; i++) {
    mkdirSync(path.join(root, `d${i % 40}`), { recursive: true });
    writeFileSync(path.join(root, `d${i % 40}`, `f${i}.txt`), `file ${i}\n`);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  git(root, 'branch', 'topic');
  writeFileSync(path.join(root, 'd0', 'f0.txt'), 'changed on main\n');
  git(root, 'commit', '-q', '-am', 'main moves');
  git(root, 'checkout', '-q', 'topic');
  writeFileSync(path.join(root, 'd1', 'f1.txt'), 'changed on topic\n');
  git(root, 'commit', '-q', '-am', 'the fix');
  git(root, 'checkout', '-q', '--detach');
  return { main: git(root, 'rev-parse', 'main'), topic: git(root, 'rev-parse', 'topic') };
}

function longRun(journal: Journal): string {
  const id = 'bench-run';
  journal.createRun({ id, repo: '/repo', issue: 'an issue', mode: 'sovereign', model: 'm', baseRef: 'abc', pid: process.pid, startedAt: Date.now() });
  const prompt = JSON.stringify([{ role: 'user', content: 'x'.repeat(20_000) }]);
  for (let i = 0; i < 40; i++)
    journal.addStep(id, {
      iteration: i,
      kind: i % 2 ? 'edit' : 'test',
      prompt,
      reply: 'y'.repeat(4000),
      wallMs: 10,
      outcome: 'ok',
      detail: { n: i },
      startedAt: Date.now(),
    });
  journal.updateRun(id, { status: 'succeeded', diff: `--- a/x\n+++ b/x\n${'+line\n'.repeat(500)}`, finished_at: Date.now() });
  return id;
}

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oryon-bench-autonomy-'));
  try {
    const repo = path.join(dir, 'repo');
    mkdirSync(repo);
    const { main, topic } = divergedRepo(repo);
    let expected = main;
    const merge = await medianMs(10, async () => {
      const commit = (await mergeCommitWithoutTree(repo, main, topic, 'Merge\n', {
        GIT_COMMITTER_NAME: 'b',
        GIT_COMMITTER_EMAIL: 'b@b',
        GIT_AUTHOR_NAME: 'b',
        GIT_AUTHOR_EMAIL: 'b@b',
      }))!;
      await updateBranchIfAt(repo, 'main', commit, expected, 'bench');
      expected = commit;
    });
    const db = openDatabase(path.join(dir, 'oryon.db'));
    const journal = new Journal(db);
    const id = longRun(journal);
    const pack = await medianMs(10, () => {
      const built = evidencePack(journal, id, 'bench');
      JSON.stringify(built);
      evidenceMarkdown(built);
      evidenceHtml(built);
    });
    db.close();
    return [
      { name: `autonomy: merge without a tree + CAS (${FILES} files)`, value: merge, unit: 'ms', target: 250 },
      { name: 'autonomy: evidence pack json+md+html (40 steps, 20 KB prompts)', value: pack, unit: 'ms', target: 300 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
