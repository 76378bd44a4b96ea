import { describe, expect, it } from 'vitest';
import { datasetRepo } from '../../helpers/git-repo.js';
import { planReply, runScripted } from './fixture.js';

// The model client warns when prompt_eval_count shows Ollama dropped part of a prompt;
// the loop must pass that on as a notice (printed on stderr), not only journal it.
describe('truncation warnings during a fix', () => {
  it('become notices for the plan and the edit replies, and are journaled', async () => {
    const task = datasetRepo('py-fib');
    const { result, events, journal } = await runScripted(task.root, task.issue, [
      { content: planReply(['fib.py']), truncationWarning: 'plan prompt was cut' },
      { content: task.solution, truncationWarning: 'edit prompt was cut' },
    ]);
    expect(result.status).toBe('succeeded');
    const notices = events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
    expect(notices).toEqual(expect.arrayContaining(['plan prompt was cut', 'edit prompt was cut']));
    const details = journal.steps(result.runId).map((step) => JSON.stringify(step));
    expect(details.some((d) => d.includes('edit prompt was cut'))).toBe(true);
  });
});
