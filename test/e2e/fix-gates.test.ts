// `oryon fix` with the gates wired in: a change that passes the tests but carries a
// security finding goes back to the model, is journaled, and only the clean change lands.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { datasetRepo, git } from '../helpers/git-repo.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const withEval = [
  'fib.py',
  '```',
  'def fib(n):',
  '    """Return the n-th Fibonacci number, with fib(0) == 0 and fib(1) == 1."""',
  '    # oryon-ignore: py-eval-input the model cannot wave this through',
  '    a, b = eval("0, 1" if n >= 0 else n)',
  '    for _ in range(n):',
  '        a, b = b, a + b',
  '    return a',
  '```',
  '',
].join('\n');

describe('oryon fix with gates (e2e)', () => {
  it('sends blocking findings back to the model, journals them, and commits only the clean change', async () => {
    const task = datasetRepo('py-fib');
    fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: withEval }, { content: task.solution }] });
    const env = fixEnv(fake.url);
    const result = await fix(task.root, ['--json', task.issue], env);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ status: 'succeeded', iterations: 2 });
    // The third request carries the gate feedback, suppression comment notwithstanding.
    const third = (fake.chatRequests()[2].messages as Array<{ content: string }>).map((m) => m.content).join('\n');
    expect(third).toContain('security/py-eval-input');
    expect(third).toContain('- fib.py:4 [security: security/py-eval-input]');
    expect(git(task.root, 'show', `${doc.branch}:fib.py`)).not.toContain('eval(');
    const shown = await runs(task.root, ['show', doc.run_id, '--json'], env);
    const findings = JSON.parse(shown.stdout).findings as Array<{ gate: string; rule: string; file: string; line: number; blocking: boolean }>;
    expect(findings).toContainEqual(expect.objectContaining({ gate: 'security', rule: 'security/py-eval-input', file: 'fib.py', line: 4, blocking: true }));
  }, 120_000);

  it('fails (exit 1) when the model never clears the gate', async () => {
    const task = datasetRepo('py-fib');
    fake = await startFakeOllama({
      replies: [
        { content: planReply(['fib.py']) },
        { content: withEval },
        { content: withEval.replace('0, 1', '0,1') },
        { content: withEval.replace('0, 1', ' 0, 1') },
        { content: withEval.replace('0, 1', '0 ,1') },
      ],
    });
    const env = fixEnv(fake.url);
    const result = await fix(task.root, ['--json', '--max-iterations', '2', task.issue], env);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).status).toBe('failed');
    expect(git(task.root, 'branch', '--list', 'oryon/*').trim()).toBe('');
  }, 120_000);
});
