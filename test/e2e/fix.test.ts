// `oryon fix` end to end: the built CLI on temp git repos, against a fake Ollama server.
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama, type FakeReply } from '../helpers/fake-ollama.js';
import { branches, datasetRepo, extraWorktrees, git, makeDirty, makeRepo, snapshot } from '../helpers/git-repo.js';
import { closedPortUrl, fix, fixEnv, planReply, runs, worktreeDirs } from './fix-helpers.js';
import { build } from './build.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

async function serve(replies: FakeReply[]): Promise<FakeOllama> {
  fake = await startFakeOllama({ replies });
  return fake;
}

function chatText(server: FakeOllama, index: number): string {
  return (server.chatRequests()[index].messages as Array<{ content: string }>).map((m) => m.content).join('\n');
}

describe('oryon fix (e2e)', () => {
  it('Python: passes at once and commits on a branch; the dirty user tree stays byte-identical', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const server = await serve([{ content: planReply(['fib.py']) }, { content: task.solution }]);
    const env = fixEnv(server.url);
    const result = await fix(task.root, ['--json', task.issue], env);
    expect(result.stderr).toContain('plan: Fix the bug');
    expect(result.stderr).toContain('iteration 1/4');
    expect(result.stderr).toContain('edit: 1 file (fib.py)');
    expect(result.stderr).toContain('test: passed');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(Object.keys(doc).sort()).toEqual(
      ['branch', 'commit', 'files_changed', 'iterations', 'mode', 'model_ms', 'run_id', 'status', 'tests', 'tokens', 'wall_ms'].sort(),
    );
    expect(doc).toMatchObject({ status: 'succeeded', mode: 'operator', files_changed: ['fib.py'], iterations: 1, tests: { passed: true } });
    expect(doc.tokens.prompt).toBeGreaterThan(0);
    expect(doc.tokens.completion).toBeGreaterThan(0);
    expect(doc.branch).toMatch(/^oryon\//);
    expect(snapshot(task.root)).toEqual(before);
    expect(git(task.root, 'show', `${doc.branch}:fib.py`)).toContain('a, b = 0, 1');
    const trailers = git(task.root, 'show', '-s', '--format=%(trailers:only,unfold)', doc.commit);
    expect(trailers).toContain(`Oryon-Run: ${doc.run_id}`);
    expect(trailers).toContain('Oryon-Model: qwen2.5-coder:7b');
    expect(git(task.root, 'rev-parse', `${doc.branch}^`).trim()).toBe(before.head);
    expect(extraWorktrees(task.root)).toEqual([]);
    expect(worktreeDirs(env)).toEqual([]);
    // num_ctx is sent, and the same, on every request.
    expect(new Set(server.chatRequests().map((body) => body.options?.num_ctx))).toEqual(new Set([32768]));
  });

  it('JavaScript: fails the tests first, passes on iteration 2 with the test output sent back', async () => {
    const task = datasetRepo('js-fizzbuzz');
    const wrong = task.solution.replace("if (n % 15 === 0) return 'FizzBuzz';", "if (n % 15 === 0) return 'Fizz Buzz';");
    const server = await serve([{ content: planReply(['src/fizzbuzz.js']) }, { content: wrong }, { content: task.solution }]);
    const env = fixEnv(server.url);
    const result = await fix(task.root, [task.issue], env);
    expect(result.stderr).toMatch(/test: 1 failed/);
    expect(result.stderr).toContain('iteration 2/4');
    expect(result.code).toBe(0);
    const third = chatText(server, 2);
    expect(third).toContain('the tests failed');
    expect(third).toContain("'Fizz Buzz'");
    // The runner's own output is in the feedback message, not only the model's earlier reply.
    const feedback = (server.chatRequests()[2].messages as Array<{ role: string; content: string }>).at(-1)!;
    expect(feedback.role).toBe('user');
    expect(feedback.content).toContain('Test command: npm test --silent');
    expect(feedback.content).toMatch(/# fail 1/);
    expect(feedback.content).toContain("'Fizz Buzz'");
    expect(result.stdout).toMatch(/committed [0-9a-f]{10} on oryon\//);
  });

  it('corrects a malformed edit after the engine’s feedback', async () => {
    const task = datasetRepo('py-is-prime');
    const malformed = 'primes.py\n<<<<<<< SEARCH\n    for d in range(2, n):\n=======\n    if n < 2:\n        return False\n    for d in range(2, n):\n';
    const server = await serve([{ content: planReply(['primes.py']) }, { content: malformed }, { content: task.solution }]);
    const result = await fix(task.root, ['--json', '--test-command', 'python3 -m unittest', task.issue], fixEnv(server.url));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('edit: not applied (attempt 1)');
    expect(JSON.parse(result.stdout).tests).toEqual({ command: 'python3 -m unittest', passed: true });
    expect(chatText(server, 2)).toContain('were NOT applied');
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'succeeded', iterations: 1 });
  });

  it('runs out of iterations: exit 1, no commit, no branch, no worktree', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const wrong = (k: number) => ({ content: `fib.py\n\`\`\`\ndef fib(n):\n    return n * ${k}\n\`\`\`\n` });
    const server = await serve([{ content: planReply(['fib.py']) }, wrong(2), wrong(3)]);
    const env = fixEnv(server.url);
    const result = await fix(task.root, ['--json', '--max-iterations', '2', task.issue], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not done: iterations ran out/);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed', branch: null, commit: null, iterations: 2, tests: { passed: false } });
    expect(branches(task.root)).toEqual(['main']);
    expect(snapshot(task.root)).toEqual(before);
    expect(worktreeDirs(env)).toEqual([]);
    expect(extraWorktrees(task.root)).toEqual([]);
  });

  it('advisor prints the plan and the diff and writes nothing', async () => {
    const task = datasetRepo('js-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const server = await serve([{ content: planReply(['src/fib.js'], 'Start the sequence at 0') }, { content: task.solution }]);
    const env = fixEnv(server.url);
    const result = await fix(task.root, ['--mode', 'advisor', task.issue], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Summary: Start the sequence at 0');
    expect(result.stdout).toContain('Proposed change (nothing was written)');
    expect(result.stdout).toContain('+  let a = 0;');
    expect(snapshot(task.root)).toEqual(before);
    expect(branches(task.root)).toEqual(['main']);
    expect(worktreeDirs(env)).toEqual([]);
    const listed = JSON.parse((await runs(task.root, ['list', '--json'], env)).stdout);
    expect(listed.runs[0]).toMatchObject({ status: 'succeeded', mode: 'advisor', branch: null });
  });

  it('exits 3 when Ollama is down, leaving nothing behind', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    // A port where nothing listens: what a stopped Ollama looks like.
    const env = fixEnv(await closedPortUrl());
    const result = await fix(task.root, [task.issue], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/oryon: .*(unreachable|reach|connect|running)/i);
    // SPEC: the message says the command that fixes it.
    expect(result.stderr).toContain('ollama serve');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // --json still ends with the one document, with exactly the SPEC'd keys.
    const json = await fix(task.root, ['--json', task.issue], env);
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.stdout);
    expect(Object.keys(doc).sort()).toEqual(
      ['branch', 'commit', 'files_changed', 'iterations', 'mode', 'model_ms', 'run_id', 'status', 'tests', 'tokens', 'wall_ms'].sort(),
    );
    expect(doc).toMatchObject({ status: 'error', branch: null, commit: null, files_changed: [] });
    expect(branches(task.root)).toEqual(['main']);
    expect(snapshot(task.root)).toEqual(before);
    expect(worktreeDirs(env)).toEqual([]);
    const listed = JSON.parse((await runs(task.root, ['list', '--json'], env)).stdout);
    expect(listed.runs[0]).toMatchObject({ status: 'error' });
  });

  it('exits 2 on bad input: outside a repo, empty issue, bad --base', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const dirty = snapshot(task.root);
    const env = fixEnv('http://127.0.0.1:9');
    expect((await fix(path.dirname(task.root), ['x', '--repo', path.join(task.root, 'nope')], env)).code).toBe(2);
    expect((await fix(task.root, ['   '], env)).code).toBe(2);
    const bad = await fix(task.root, ['--base', 'no-such-ref', 'x'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no-such-ref');
    expect((await fix(task.root, ['--max-iterations', '0', 'x'], env)).code).toBe(2);
    expect((await fix(task.root, ['--edit-format', 'sideways', 'x'], env)).code).toBe(2);
    expect((await fix(task.root, ['--mode', 'boss', 'x'], env)).code).toBe(2);
    expect(snapshot(task.root)).toEqual(dirty);
    const before = snapshot(task.root);
    const inside = await fix(task.root, ['x'], { ...env, ORYON_HOME: path.join(task.root, '.state') });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('ORYON_HOME');
    expect(snapshot(task.root)).toEqual(before);
  });

  it('exits 4 when the test command is outside the policy, before any model call', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const server = await serve([]);
    const env = fixEnv(server.url);
    const result = await fix(task.root, ['--test-command', 'curl http://example.com', task.issue], env);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('commands.allow');
    expect(result.stderr).toContain('oryon: test command refused by policy rule commands.allow: "curl" is not in commands.allow');
    expect(server.chatRequests()).toHaveLength(0);
    expect(worktreeDirs(env)).toEqual([]);
    expect(branches(task.root)).toEqual(['main']);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('exits 4 naming gates.required when no test command can be found, unless the policy drops the tests gate', async () => {
    const root = makeRepo({ 'notes.txt': 'hello wrold\n' });
    makeDirty(root);
    const before = snapshot(root);
    const server = await serve([{ content: planReply(['notes.txt']) }, { content: 'notes.txt\n```\nhello world\n```\n' }]);
    const env = fixEnv(server.url);
    const refused = await fix(root, ['--json', 'fix the typo in notes.txt'], env);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('gates.required: tests');
    expect(refused.stderr).toContain('hint:');
    expect(JSON.parse(refused.stdout).status).toBe('error');
    expect(server.chatRequests()).toHaveLength(0);
    expect(snapshot(root)).toEqual(before);

    // Advisor writes nothing, so it may go ahead untested, and says so.
    const advised = await fix(root, ['--mode', 'advisor', 'fix the typo in notes.txt'], env);
    expect(advised.code).toBe(0);
    expect(advised.stderr).toContain('no test command found');
    expect(advised.stdout).toContain('+hello world');
    expect(snapshot(root)).toEqual(before);
    expect(branches(root)).toEqual(['main']);
  });

  it('autopilot commits like operator and publishes nothing by default; a taken branch name gets a suffix', async () => {
    const task = datasetRepo('py-fib');
    const server = await serve([
      { content: planReply(['fib.py']) },
      { content: task.solution },
      { content: planReply(['fib.py']) },
      { content: task.solution },
    ]);
    const env = fixEnv(server.url);
    const first = await fix(task.root, ['--json', '--mode', 'autopilot', task.issue], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('not pushed: git.push is deny');
    const second = await fix(task.root, ['--json', task.issue], env);
    const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)];
    expect(a.mode).toBe('autopilot');
    expect(b.branch).toBe(`${a.branch}-2`);
    expect(branches(task.root).sort()).toEqual(['main', a.branch, b.branch].sort());
  }, 90_000);
});
