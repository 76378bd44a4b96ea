// `oryon fix` with the fake model for attacks that matter during a run: the repo's own
// tests (a cloned repo) carry the attack, the model only supplies the real fix.
import { expect } from 'vitest';
import type { CliResult } from '../../helpers/cli.js';
import { startFakeOllama, type FakeOllama } from '../../helpers/fake-ollama.js';
import { planReply } from '../fix-helpers.js';
import { cli, type AttackTask } from './harness.js';

const fakes: FakeOllama[] = [];
export async function closeFakes(): Promise<void> {
  for (const fake of fakes.splice(0)) await fake.close();
}

export interface FixAttack {
  result: CliResult;
  /** The journal (`oryon runs show ID --json`), or undefined when no run was recorded. */
  run: any;
  fake: FakeOllama;
}

/** A fix run whose every edit is the dataset's solution (plus `extraEdit` when given). */
export async function fixWithAttack(task: AttackTask, env: Record<string, string>, options: { iterations?: number; extraEdit?: string } = {}): Promise<FixAttack> {
  const fake = await startFakeOllama({
    respond: (_body, index) => ({ content: index === 0 ? planReply(['fib.py']) : `${task.solution}\n${options.extraEdit ?? ''}` }),
  });
  fakes.push(fake);
  const result = await cli(['fix', '--json', '--max-iterations', String(options.iterations ?? 1), task.issue], { cwd: task.root, env: { ...env, OLLAMA_HOST: fake.url } });
  let run: any;
  try {
    const runId = JSON.parse(result.stdout).run_id;
    const shown = await cli(['runs', 'show', runId, '--json'], { cwd: task.root, env });
    expect(shown.code).toBe(0);
    run = JSON.parse(shown.stdout);
  } catch {
    run = undefined;
  }
  return { result, run, fake };
}

/** Every test output the run journaled, joined. */
export function testOutput(run: any): string {
  return (run?.tests ?? []).map((test: { output: string }) => test.output).join('\n');
}

/** A unittest module whose one test runs `body` (indented Python) and prints what it saw. */
export function attackTest(body: string, options: { passes?: boolean } = {}): string {
  const indented = body.replace(/^/gm, '        ');
  // Failing shows the output in the journal; passing lets the run reach its commit.
  const end = options.passes ? '' : `        self.fail("report the attack's output")\n`;
  return `import os\nimport sys\nimport unittest\n\n\nclass AttackTest(unittest.TestCase):\n    def test_attack(self):\n        print("ATTACK-RAN", flush=True)\n${indented}\n        sys.stdout.flush()\n${end}\n\nif __name__ == "__main__":\n    unittest.main()\n`;
}
