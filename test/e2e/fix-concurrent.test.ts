// Two `oryon fix` runs on the same repo at the same time share one ORYON_HOME (one
// SQLite database, one worktree folder): both must finish, each on its own branch.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { branches, datasetRepo, extraWorktrees, makeDirty, snapshot } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

describe('concurrent oryon fix runs', () => {
  it('two runs on the same repo both succeed on separate branches, with one journal', async () => {
    const task = datasetRepo('py-fizzbuzz');
    makeDirty(task.root);
    const before = snapshot(task.root);
    // Plans are the requests with a JSON schema `format`; everything else gets the fix.
    fake = await startFakeOllama({
      respond: (body) => ({ content: body.format ? planReply([task.solutionFile]) : task.solution, chunkDelayMs: 5 }),
    });
    const env = fixEnv(fake.url);
    const [first, second] = await Promise.all([fix(task.root, ['--json', task.issue], env), fix(task.root, ['--json', task.issue], env)]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const docs = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    expect(docs.map((doc) => doc.status)).toEqual(['succeeded', 'succeeded']);
    expect(docs[0].run_id).not.toBe(docs[1].run_id);
    expect(docs[0].branch).not.toBe(docs[1].branch);
    expect(branches(task.root).sort()).toEqual(['main', docs[0].branch, docs[1].branch].sort());
    expect(extraWorktrees(task.root)).toEqual([]);
    expect(snapshot(task.root)).toEqual(before);

    const listed = await runs(task.root, ['list', '--json'], env);
    expect(listed.code).toBe(0);
    const ids = (JSON.parse(listed.stdout).runs as Array<{ run_id: string; status: string }>).map((run) => [run.run_id, run.status]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids.map(([, status]) => status))).toEqual(new Set(['succeeded']));
  });
});
