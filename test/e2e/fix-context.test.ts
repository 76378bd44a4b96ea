// What `oryon fix` sends to the model server, asserted on the requests the fake Ollama
// received (chat and embeddings alike): the instruction files, the repo map and the plan's
// files go in; files the policy hides never do — not by name in the plan, not behind a
// symlink, not through memory's index, not through the edit engine's feedback.
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo, git, makeDirty, snapshot, writeFile } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const SECRET = 'API_KEY=super-secret-value-7f3a';

describe('oryon fix: the context it sends (e2e)', () => {
  it('sends instructions, map and plan files; never a policy-hidden file', async () => {
    const task = datasetRepo('py-fib');
    writeFile(task.root, '.env', `${SECRET}\n`);
    writeFile(task.root, 'AGENTS.md', 'AGENTS-MARKER: keep functions small.\n');
    writeFile(task.root, 'CONVENTIONS.md', 'CONVENTIONS-MARKER: four-space indents.\n');
    symlinkSync('.env', path.join(task.root, 'settings.txt'));
    git(task.root, 'add', '-A');
    git(task.root, 'commit', '-q', '-m', 'context files');
    makeDirty(task.root);
    const before = snapshot(task.root);

    // The plan names the hidden file, its innocent-looking link and a file that does not exist;
    // the first edit tries to rewrite .env with a SEARCH the engine cannot find.
    const touchEnv = `.env\n<<<<<<< SEARCH\nAPI_KEY=guess\n=======\nAPI_KEY=changed\n>>>>>>> REPLACE\n\n${task.solution}`;
    fake = await startFakeOllama({
      replies: [{ content: planReply(['fib.py', '.env', 'settings.txt', 'docs/missing.md']) }, { content: touchEnv }, { content: task.solution }],
    });
    const env = fixEnv(fake.url);
    const result = await fix(task.root, ['--json', `${task.issue} (the key is in .env, mirrored in settings.txt)`], env);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ status: 'succeeded', files_changed: ['fib.py'] });

    // Nothing of the secret reached the server, in any request (chat or embed).
    const sent = JSON.stringify(fake.requests.map((request) => request.body));
    expect(sent).not.toContain('super-secret-value');
    expect(fake.requests.some((request) => request.path === '/api/embed')).toBe(true);

    const [planRequest, editRequest, retryRequest] = fake
      .chatRequests()
      .map((body) => (body.messages as Array<{ content: string }>).map((m) => m.content).join('\n'));
    expect(planRequest).toContain('AGENTS-MARKER');
    expect(planRequest).toContain('CONVENTIONS-MARKER');
    expect(planRequest).toMatch(/^fib\.py: fib$/m);
    expect(planRequest).toContain('a, b = 1, 1');
    expect(planRequest).toContain('files hidden by the policy are not shown');
    expect(editRequest).toContain('## docs/missing.md (does not exist yet');
    expect(editRequest).toContain('## settings.txt (not shown');
    expect(editRequest).not.toMatch(/^## \.env/m);
    // The refused block goes back as a policy refusal, without the file's lines.
    expect(retryRequest).toMatch(/\.env.*refused by policy rule/);

    expect(snapshot(task.root)).toEqual(before);
    const shown = JSON.parse((await runs(task.root, ['show', doc.run_id, '--json'], env)).stdout);
    const denied = shown.decisions.filter((d: { allowed: boolean }) => !d.allowed).map((d: { subject: string }) => d.subject);
    expect(denied).toContain('.env');
  });
});
