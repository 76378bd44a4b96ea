// Without a git identity a fix could never be committed: oryon says so before spending
// any model time, and leaves the user's tree as it was.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo, git, snapshot, tempDir } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

function anonymous(repo: string, url: string): Record<string, string> {
  // No identity anywhere: not in the repo, not global, not from the environment, and no
  // guessing from the host name.
  git(repo, 'config', '--unset', 'user.name');
  git(repo, 'config', '--unset', 'user.email');
  git(repo, 'config', 'user.useConfigOnly', 'true');
  const globalConfig = path.join(tempDir('oryon-gitcfg-'), 'gitconfig');
  writeFileSync(globalConfig, '');
  const env = fixEnv(url, { GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: '1' });
  for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) delete env[name];
  return env;
}

describe('oryon fix without a git identity', () => {
  it('exits 2 with the command that fixes it, before any model call', async () => {
    const task = datasetRepo('py-fib');
    fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: task.solution }] });
    const env = anonymous(task.root, fake.url);
    const before = snapshot(task.root);
    const result = await fix(task.root, [task.issue], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('git does not know who you are');
    expect(result.stderr).toContain('git config --global user.email');
    expect(fake.chatRequests()).toHaveLength(0);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('still lets advisor mode show the change, since it commits nothing', async () => {
    const task = datasetRepo('py-fib');
    fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: task.solution }] });
    const env = anonymous(task.root, fake.url);
    const result = await fix(task.root, ['--mode', 'advisor', task.issue], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Proposed change (nothing was written)');
  });
});
