import { describe, expect, it } from 'vitest';
import { datasetRepo, git, writeFile } from '../../helpers/git-repo.js';
import { planReply, requestText, runScripted } from './fixture.js';

describe('runFix memory seam', () => {
  it('ranks recalled files first, puts lessons in the plan prompt and journals the recall', async () => {
    const task = datasetRepo('py-fib');
    writeFile(task.root, 'zzz/unrelated_name.py', 'def helper():\n    return 42\n');
    git(task.root, 'add', '-A');
    git(task.root, 'commit', '-q', '-m', 'more');
    const seen: string[] = [];
    const { result, model, journal } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], {
      memory: async (issue) => {
        seen.push(issue);
        // Shaped like the memory's Recall: extra fields ride along into the journal.
        const recall = {
          files: ['zzz/unrelated_name.py', 'not/tracked.py'],
          notes: '- fib off by one → start at 0, 1',
          chunks: [{ path: 'zzz/unrelated_name.py', startLine: 1, endLine: 2, score: 0.9 }],
        };
        return recall;
      },
    });
    expect(result.status).toBe('succeeded');
    expect(seen).toEqual([task.issue]);
    const plan = requestText(model, 0);
    expect(plan).toContain('# Lessons from earlier fixes\n- fib off by one → start at 0, 1');
    expect(plan.indexOf('## zzz/unrelated_name.py')).toBeGreaterThan(-1);
    expect(plan.indexOf('## zzz/unrelated_name.py')).toBeLessThan(plan.indexOf('## fib.py'));
    expect(plan).not.toContain('not/tracked.py');
    const context = JSON.parse(journal.steps(result.runId).find((step) => step.kind === 'context')!.detail_json!);
    expect(context.memory.chunks).toEqual([{ path: 'zzz/unrelated_name.py', startLine: 1, endLine: 2, score: 0.9 }]);
  });

  it('leaves out lessons too large for their share of the prompt, and the journal says so', async () => {
    const task = datasetRepo('py-fib');
    const notes = `- ${'an enormous lesson '.repeat(6000)}`;
    const { result, model, journal } = await runScripted(task.root, task.issue, [planReply(['fib.py']), task.solution], {
      memory: async () => ({ files: [], notes, lessons: [{ runId: 'old-run', issue: 'fib', score: 0.5 }] }),
    });
    expect(result.status).toBe('succeeded');
    expect(requestText(model, 0)).not.toContain('Lessons from earlier fixes');
    const context = JSON.parse(journal.steps(result.runId).find((step) => step.kind === 'context')!.detail_json!);
    expect(context.memory.lessons).toEqual([{ runId: 'old-run', issue: 'fib', score: 0.5 }]);
    expect(context.omitted).toContainEqual({
      path: '(lessons from earlier fixes)',
      reason: expect.stringMatching(/^about \d+ tokens, over their tenth of the context window$/),
    });
  });
});
