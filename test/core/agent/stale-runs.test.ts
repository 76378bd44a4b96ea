import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWorktree, repoKey, worktreeRoot } from '../../../src/core/git/index.js';
import { Journal, processStartTime } from '../../../src/core/journal/index.js';
import { databasePath, openDatabase } from '../../../src/core/store/db.js';
import { datasetRepo, extraWorktrees, git, tempDir } from '../../helpers/git-repo.js';
import { planReply, runScripted } from './fixture.js';

// A run whose pid now belongs to another process (pid reuse) must not keep its worktree
// alive forever: the recorded process start time tells the two apart.

describe('runFix: stale worktrees of runs whose pid was reused', () => {
  it.skipIf(!existsSync('/proc/self/stat'))('cleans the worktree of a run recorded with this pid but another start time, and keeps a live one', async () => {
    const task = datasetRepo('py-fib');
    const home = tempDir('oryon-home-');
    const journal = new Journal(openDatabase(databasePath(home)));
    const head = git(task.root, 'rev-parse', 'HEAD').trim();
    const root = worktreeRoot(home, repoKey(task.root));
    const row = (id: string) => ({ id, repo: task.root, issue: 'old', mode: 'operator', model: 'm', baseRef: head, pid: process.pid, startedAt: 1 });
    // Rows written after the journal opened, so only the loop's own liveness check can judge them.
    journal.createRun(row('reused-pid'));
    journal.db.prepare("UPDATE runs SET pid_started = '1' WHERE id = 'reused-pid'").run();
    journal.createRun(row('live-run'));
    expect(journal.getRun('live-run')!.pid_started).toBe(processStartTime(process.pid));
    for (const id of ['reused-pid', 'live-run']) await addWorktree(task.root, path.join(root, id), head);

    const { result, events } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], { home, journal });
    expect(result.status).toBe('succeeded');
    const worktree = events.find((event) => event.type === 'worktree');
    expect(worktree).toMatchObject({ cleanedStale: ['reused-pid'] });
    expect(existsSync(path.join(root, 'reused-pid'))).toBe(false);
    expect(existsSync(path.join(root, 'live-run'))).toBe(true);
    expect(extraWorktrees(task.root).map((dir) => path.basename(dir))).toEqual(['live-run']);
  });
});
