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
export async function fixWithAttack(
  task: AttackTask,
  env: Record<string, string>,
  options: { iterations?: number; extraEdit?: string } = {},
): Promise<FixAttack> {
  const fake = await startFakeOllama({
    respond: (_body, index) => ({ content: index === 0 ? planReply(['fib.py']) : `${task.solution}\n${options.extraEdit ?? ''}` }),
  });
  fakes.push(fake);
  const result = await cli(['fix', '--json', '--max-iterations', String(options.iterations ?? 1), task.issue], {
    cwd: task.root,
    env: { ...env, OLLAMA_HOST: fake.url },
  });
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

/** A line the attack printed (not the test's source, which pytest shows indented after `print(`). */
export function printed(output: string, word: string): boolean {
  return new RegExp(`^\\s*${word}\\b`, 'm').test(output);
}

/**
 * A unittest module whose one test runs `body` (indented Python) and reports what it saw.
 * `ATTACK-RAN` is built at run time, so the test's source (which pytest prints) never
 * holds it. A failing test shows its stdout in the output; a passing one (to let the run
 * reach its commit) reports through a warning, which pytest and unittest both print.
 */
export function attackTest(body: string, options: { passes?: boolean } = {}): string {
  const indented = body.replace(/^/gm, '            ');
  const report = options.passes
    ? '        warnings.warn("attack report\\n" + out.getvalue())\n'
    : '        sys.stdout.write(out.getvalue())\n        sys.stdout.flush()\n        self.fail("report the attack\'s output")\n';
  return `import contextlib\nimport io\nimport os\nimport sys\nimport unittest\nimport warnings\n\n\nclass AttackTest(unittest.TestCase):\n    def test_attack(self):\n        out = io.StringIO()\n        with contextlib.redirect_stdout(out):\n            print("ATTACK" + "-RAN", flush=True)\n${indented}\n${report}\n\nif __name__ == "__main__":\n    unittest.main()\n`;
}
