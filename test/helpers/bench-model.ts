// A scripted "model" for `oryon bench` tests: it recognises the task by its issue text
// in the prompt and answers with the task's plan and, by a per-model script, the task's
// real solution (solves), a wrong edit (fails), or a wrong edit then the solution on the
// second try (solves-on-retry). Every reply is a pure function of the request, so the
// same run twice yields the same transcript.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/config/paths.js';
import { loadSuite } from '../../src/core/task-bench/suite.js';
import type { FakeReply } from './fake-ollama.js';
import { datasetsDir } from './git-repo.js';

export type Script = 'solves' | 'fails' | 'solves-on-retry';

export interface ScriptedTask {
  id: string;
  issue: string;
  solution: string;
}

export function datasetTasks(dir: string = datasetsDir): ScriptedTask[] {
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .map((id) => ({ id, issue: readFileSync(path.join(dir, id, 'issue.md'), 'utf8').trim(), solution: readFileSync(path.join(dir, id, 'solution'), 'utf8') }));
}

/** The tasks of any suite (built in, a task folder, an Exercism tree), with their reference solutions. */
export function suiteTasks(suite: string): ScriptedTask[] {
  return loadSuite(suite, { packageRoot }).tasks.map((task) => ({ id: task.id, issue: task.issue, solution: task.solution ?? '' }));
}

/** Files a whole-file edit reply writes: the path line before each opening fence. */
export function solutionFiles(solution: string): string[] {
  const files: string[] = [];
  const lines = solution.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i + 1]?.startsWith('```') && lines[i]!.trim() && !lines[i]!.startsWith('```')) {
      files.push(lines[i]!.trim());
      i += 2;
      while (i < lines.length && !lines[i]!.startsWith('```')) i++;
    }
  }
  return files;
}

/** A reply that parses and applies but fixes nothing: each file it names is replaced by a comment. */
function wrongEdit(task: ScriptedTask): string {
  return solutionFiles(task.solution)
    .map((file) => {
      const comment = file.endsWith('.py') ? '# TODO: not fixed\n' : '// TODO: not fixed\n';
      return `${file}\n\`\`\`\n${comment}\`\`\`\n`;
    })
    .join('\n');
}

const text = (body: any): string => ((body.messages ?? []) as Array<{ content: string }>).map((m) => m.content).join('\n');

/** respond() for startFakeOllama: `scripts[model][taskId]`, or `scripts['VARIANT-x'][taskId]` for prompts carrying that marker (default: solves). */
export function benchResponder(tasks: ScriptedTask[], scripts: Record<string, Record<string, Script>>) {
  return (body: any): FakeReply => {
    const prompt = text(body);
    // Tasks may share an issue across languages (py-fib, js-fib): the files in the repo map tell them apart.
    const candidates = tasks.filter((t) => prompt.includes(t.issue));
    const task = candidates.find((t) => solutionFiles(t.solution).every((file) => prompt.includes(file))) ?? candidates[0];
    if (!task) return { content: 'I do not recognise this task.' };
    if (body.format) {
      return {
        content: JSON.stringify({
          summary: `Fix ${task.id}`,
          steps: ['edit the code'],
          files: solutionFiles(task.solution),
          verify: 'run the tests',
          confidence: 0.8,
        }),
      };
    }
    // A prompt set under test is recognised by a marker line its templates carry (`scripts[marker]`).
    const variant = Object.keys(scripts).find((key) => key.startsWith('VARIANT-') && prompt.includes(key));
    const script = (variant ? scripts[variant]?.[task.id] : scripts[body.model]?.[task.id]) ?? 'solves';
    // The second try carries the first one's test output back.
    const retry = prompt.includes('but the tests failed');
    if (script === 'solves' || (script === 'solves-on-retry' && retry)) return { content: task.solution };
    return { content: wrongEdit(task) };
  };
}
