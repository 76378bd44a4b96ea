import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commitTrailers, repoKey, worktreeRoot } from '../../../src/core/git/index.js';
import { InterruptedError } from '../../../src/core/errors.js';
import { branches, datasetRepo, extraWorktrees, git, makeDirty, snapshot } from '../../helpers/git-repo.js';
import { planReply, requestText, runScripted } from './fixture.js';

const WRONG_FIB = 'fib.py\n```\ndef fib(n):\n    return n * 2\n```\n';

function worktreesLeft(home: string, repo: string): string[] {
  const root = worktreeRoot(home, repoKey(repo));
  return existsSync(root) ? readdirSync(root) : [];
}

describe('runFix', () => {
  it('plans, edits, tests and commits on oryon/<slug>, leaving a dirty user tree untouched', async () => {
    const task = datasetRepo('py-fib');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const { result, events, journal, home, model } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution]);

    expect(result).toMatchObject({ status: 'succeeded', mode: 'operator', iterations: 1, filesChanged: ['fib.py'], tests: { passed: true } });
    // pytest where it is importable, else unittest: both run the repo's unittest tests.
    expect(result.tests.command).toMatch(/^python3 -m (pytest -q|unittest)$/);
    expect(result.branch).toMatch(/^oryon\/fib-n-is-off-by-one/);
    expect(snapshot(task.root)).toEqual(before);
    expect(git(task.root, 'show', `${result.branch}:fib.py`)).toContain('a, b = 0, 1');
    expect(await commitTrailers(task.root, result.commit!)).toEqual({ 'Oryon-Run': result.runId, 'Oryon-Model': 'scripted' });
    expect(extraWorktrees(task.root)).toEqual([]);
    expect(worktreesLeft(home, task.root)).toEqual([]);

    expect(events.map((e) => e.type).filter((t) => t !== 'model-text')).toEqual([
      'run-started',
      'worktree',
      'context',
      'model-start',
      'model-done',
      'plan',
      'iteration',
      'model-start',
      'model-done',
      'edit',
      'test-start',
      'test',
      'diff',
      'commit',
    ]);
    // The plan request carried the structured-output schema and the relevant file.
    expect(model.requests[0]!.format).toMatchObject({ type: 'object' });
    expect(requestText(model, 0)).toContain('a, b = 1, 1');
    expect(requestText(model, 1)).toContain('[edit: whole]');

    const run = journal.getRun(result.runId)!;
    expect(run).toMatchObject({ status: 'succeeded', branch: result.branch, commit_sha: result.commit, worktree: null });
    expect(JSON.parse(run.plan_json!)).toMatchObject({ files: ['fib.py'] });
    expect(journal.steps(result.runId).map((s) => `${s.kind}:${s.outcome}`)).toEqual([
      'environment:none',
      'context:ok',
      'plan:ok',
      'edit:applied',
      'test:passed',
      'commit:committed',
    ]);
    const edit = journal.steps(result.runId).find((step) => step.kind === 'edit')!;
    expect(edit.tokens_in).toBeGreaterThan(0);
    expect(JSON.parse(edit.prompt!)).toHaveLength(2);
  });

  it('sends the failing test output back and passes on the second iteration', async () => {
    const task = datasetRepo('py-fizzbuzz');
    const wrong =
      'fizzbuzz.py\n```\ndef fizzbuzz(n):\n    if n % 3 == 0:\n        return "Fizz"\n    if n % 5 == 0:\n        return "Buzz"\n    return str(n) + ""\n```\n';
    const { result, model, events } = await runScripted(task.root, task.issue, [planReply(['fizzbuzz.py']), wrong, task.solution]);
    expect(result).toMatchObject({ status: 'succeeded', iterations: 2 });
    expect(events.find((e) => e.type === 'test')).toMatchObject({ passed: false, failed: 1 });
    const second = requestText(model, 2);
    expect(second).toContain('the tests failed');
    expect(second).toMatch(/AssertionError: (assert )?'Fizz' (!=|==) 'FizzBuzz'/);
    expect(model.requests[2]!.messages.at(-2)).toEqual({ role: 'assistant', content: wrong });
  });

  it('feeds the edit engine’s feedback back after a malformed edit', async () => {
    const task = datasetRepo('js-is-prime');
    const bad = 'src/primes.js\n<<<<<<< SEARCH\nthis line is not in the file\n=======\nif (n < 2) return false;\n>>>>>>> REPLACE\n';
    const { result, model, events, journal } = await runScripted(task.root, task.issue, [planReply(['src/primes.js']), bad, task.solution]);
    expect(result).toMatchObject({ status: 'succeeded', iterations: 1, tests: { command: 'npm test --silent', passed: true } });
    expect(events.find((e) => e.type === 'edit-failed')).toMatchObject({ reflection: 1 });
    expect(requestText(model, 2)).toContain('were NOT applied');
    expect(journal.steps(result.runId).map((s) => `${s.kind}:${s.outcome}`)).toContain('edit:failed');
    expect(journal.steps(result.runId).map((s) => `${s.kind}:${s.outcome}`)).toContain('reflect:applied');
  });

  it('stops when the model repeats the same failing edit', async () => {
    const task = datasetRepo('py-fib');
    const { result, events } = await runScripted(task.root, task.issue, [planReply(['fib.py']), WRONG_FIB, WRONG_FIB]);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/same|repeated/);
    expect(events.some((e) => e.type === 'doom-loop')).toBe(true);
    expect(branches(task.root)).toEqual(['main']);
  });

  it('fails after max iterations with no commit, no branch and no worktree', async () => {
    const task = datasetRepo('py-fib');
    const wrong = (k: number) => `fib.py\n\`\`\`\ndef fib(n):\n    return n * ${k}\n\`\`\`\n`;
    const { result, home } = await runScripted(task.root, task.issue, [planReply(['fib.py']), wrong(2), wrong(3)], { maxIterations: 2 });
    expect(result).toMatchObject({ status: 'failed', iterations: 2, commit: null, branch: null, tests: { passed: false } });
    expect(result.reason).toMatch(/iterations ran out/);
    expect(branches(task.root)).toEqual(['main']);
    expect(extraWorktrees(task.root)).toEqual([]);
    expect(worktreesLeft(home, task.root)).toEqual([]);
  });

  it('advisor shows the plan and the diff and leaves nothing behind', async () => {
    const task = datasetRepo('js-fizzbuzz');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const { result, home } = await runScripted(task.root, task.issue, [planReply(['src/fizzbuzz.js']), task.solution], { mode: 'advisor' });
    expect(result).toMatchObject({ status: 'succeeded', mode: 'advisor', branch: null, commit: null });
    expect(result.diff).toContain("+  if (n % 15 === 0) return 'FizzBuzz';");
    expect(snapshot(task.root)).toEqual(before);
    expect(branches(task.root)).toEqual(['main']);
    expect(worktreesLeft(home, task.root)).toEqual([]);
  });

  it('on a scratch repository (the bench) deletes the worktree without asking git; git still sees a worktree it can prune', async () => {
    const task = datasetRepo('py-fib');
    const { result, home } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], { mode: 'advisor', scratchRepo: true });
    expect(result).toMatchObject({ status: 'succeeded', mode: 'advisor' });
    expect(worktreesLeft(home, task.root)).toEqual([]);
    // The record stays in the repository, which the bench deletes next; git would prune it.
    expect(git(task.root, 'worktree', 'list', '--porcelain')).toContain('prunable');
  });

  it('caps the mode by policy and says so', async () => {
    const task = datasetRepo('py-fib');
    const { result, events, journal } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], {
      mode: 'sovereign',
      policy: { ...(await import('../../../src/config/load.js')).loadPolicy(task.root), max_mode: 'advisor' },
    });
    expect(result.mode).toBe('advisor');
    expect(events.find((e) => e.type === 'notice')).toMatchObject({ message: expect.stringContaining('mode capped at advisor') });
    expect(journal.decisions(result.runId).find((d) => d.kind === 'mode')).toMatchObject({ allowed: 0, rule: 'max_mode' });
  });

  it('starts the branch at --base; sovereign without the required gates run does not merge, and says why', async () => {
    const task = datasetRepo('py-fib');
    git(task.root, 'checkout', '-q', '-b', 'release');
    git(task.root, 'commit', '-q', '--allow-empty', '-m', 'release point');
    const release = git(task.root, 'rev-parse', 'HEAD').trim();
    git(task.root, 'checkout', '-q', 'main');
    makeDirty(task.root);
    const before = snapshot(task.root);
    const { result, events } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], { mode: 'sovereign', base: 'release' });
    expect(result).toMatchObject({ status: 'succeeded', mode: 'sovereign' });
    expect(events.find((e) => e.type === 'run-started')).toMatchObject({ base: release });
    const merge = events.find((e) => e.type === 'publish' && e.action === 'merge');
    expect(merge).toMatchObject({ done: false, message: expect.stringContaining('the required gates (lint, security, secrets, policy) did not run and pass') });
    expect(git(task.root, 'rev-parse', 'release').trim()).toBe(release);
    expect(git(task.root, 'rev-parse', `${result.commit}^`).trim()).toBe(release);
    expect(git(task.root, 'rev-parse', result.branch!).trim()).toBe(result.commit);
    expect(snapshot(task.root)).toEqual(before);
  });

  it('is interrupted by the abort signal mid-model-call and cleans up', async () => {
    const task = datasetRepo('py-fib');
    const controller = new AbortController();
    const before = snapshot(task.root);
    const { result, home, journal } = await runScripted(
      task.root,
      task.issue,
      [
        planReply(['fib.py']),
        () => {
          controller.abort();
          return { content: '', error: new InterruptedError() };
        },
      ],
      { signal: controller.signal },
    );
    expect(result.status).toBe('interrupted');
    expect(journal.getRun(result.runId)!.status).toBe('interrupted');
    expect(snapshot(task.root)).toEqual(before);
    expect(worktreesLeft(home, task.root)).toEqual([]);
    expect(branches(task.root)).toEqual(['main']);
  });

  it('never sends files the policy hides, and sends blocking gate findings back', async () => {
    const task = datasetRepo('py-fib');
    const { writeFile } = await import('../../helpers/git-repo.js');
    writeFile(task.root, '.env', 'API_KEY=super-secret-value\n');
    git(task.root, 'add', '.env');
    git(task.root, 'commit', '-q', '-m', 'env');
    let gateCalls = 0;
    const { result, model, journal, events } = await runScripted(
      task.root,
      `${task.issue} (see .env)`,
      [planReply(['fib.py', '.env']), task.solution, task.solution.replace('"""Return', '"""Compute and return')],
      {
        gates: async (context) => {
          expect(context.base).toBe(git(task.root, 'rev-parse', 'HEAD').trim());
          expect(context.changedFiles).toEqual(['fib.py']);
          gateCalls++;
          // Every gate run says the same thing; the user hears it once per run.
          const notices = ['the repo has Semgrep rules (.semgrep.yml) but semgrep is not on PATH, so they did not run'];
          return gateCalls === 1
            ? {
                passed: false,
                findings: [{ gate: 'lint', rule: 'docstring', severity: 'high', message: 'bad docstring', blocking: true }],
                feedback: 'fib.py:2 lint/docstring: bad docstring',
                notices,
              }
            : { passed: true, findings: [], feedback: '', notices };
        },
      },
    );
    expect(result).toMatchObject({ status: 'succeeded', iterations: 2 });
    for (const request of model.requests) {
      expect(request.messages.map((m) => m.content).join('\n')).not.toContain('super-secret-value');
    }
    expect(requestText(model, 2)).toContain('fib.py:2 lint/docstring: bad docstring');
    expect(journal.decisions(result.runId).some((d) => d.subject === '.env' && d.allowed === 0)).toBe(true);
    expect(journal.findings(result.runId)).toMatchObject([{ gate: 'lint', rule: 'docstring', severity: 'high', blocking: 1 }]);
    expect(gateCalls).toBe(2);
    expect(events.filter((event) => event.type === 'notice' && event.message.includes('Semgrep rules'))).toHaveLength(1);
  });

  it('shrinks the context to fit a small window and says what it left out', async () => {
    const task = datasetRepo('py-fib');
    const { writeFile } = await import('../../helpers/git-repo.js');
    const big = Array.from({ length: 3000 }, (_, i) => `def fib_helper_${i}(n):\n    return fib(n) + ${i}\n`).join('');
    writeFile(task.root, 'fib_helpers.py', big);
    for (let i = 0; i < 800; i++) writeFile(task.root, `pkg/module_${i}.py`, `x = ${i}\n`);
    git(task.root, 'add', '-A');
    git(task.root, 'commit', '-q', '-m', 'big');
    const { result, model } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], {
      numCtx: 4096,
      configPatch: (config) => {
        config.model.reply_reserve_tokens = 1024;
      },
    });
    expect(result.reason).toBeNull();
    expect(result.status).toBe('succeeded');
    const { estimateMessagesTokens } = await import('../../../src/core/model/token-budget.js');
    for (const request of model.requests) expect(estimateMessagesTokens(request.messages)).toBeLessThanOrEqual(4096 - 1024);
    const plan = requestText(model, 0);
    expect(plan).toMatch(/fib_helpers\.py \(6000 lines; excerpt: lines [\d, -]+; the rest does not fit the context window\)/);
    expect(plan).toMatch(/more tracked files, not listed/);
    expect(plan).toContain('a, b = 1, 1');
  });

  it('edits a file too large for the window through an excerpt and SEARCH/REPLACE', async () => {
    const { makeRepo } = await import('../../helpers/git-repo.js');
    const lines = Array.from({ length: 3000 }, (_, i) => `def helper_${i}(x):\n    return x + ${i}\n`);
    lines[1500] = 'def discount_price(price):\n    return price * 0.8\n';
    const root = makeRepo({
      'shop.py': lines.join(''),
      'test_shop.py':
        'import unittest\nfrom shop import discount_price\n\nclass T(unittest.TestCase):\n    def test_discount(self):\n        self.assertEqual(discount_price(100), 90)\n',
    });
    const edit =
      'shop.py\n<<<<<<< SEARCH\ndef discount_price(price):\n    return price * 0.8\n=======\ndef discount_price(price):\n    return price * 0.9\n>>>>>>> REPLACE\n';
    const { result, model } = await runScripted(root, 'discount_price should take 10% off, not 20%', [planReply(['shop.py']), edit], {
      numCtx: 4096,
      testCommand: 'python3 -m unittest',
      configPatch: (config) => {
        config.model.reply_reserve_tokens = 1024;
      },
    });
    expect(result.reason).toBeNull();
    expect(result).toMatchObject({ status: 'succeeded', tests: { passed: true } });
    const prompt = requestText(model, 1);
    expect(prompt).toMatch(/## shop\.py \[edit: diff\] \(6000 lines; excerpt: lines [\d, -]+; the rest does not fit the context window\)/);
    expect(prompt).toContain('    return price * 0.8');
    expect(prompt).toContain('<<<<<<< SEARCH');
  });
});
