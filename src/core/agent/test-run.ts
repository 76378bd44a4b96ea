import { realpathSync } from 'node:fs';
import { maskSecrets } from '../gates/secrets.js';
import type { SandboxRunner } from '../sandbox/types.js';
import { countFailures, outputTail } from './test-summary.js';

export interface TestOutcome {
  argv: string[];
  passed: boolean;
  failed: number | undefined;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The bounded end of the output, for the model and the journal. */
  tail: string;
}

// Test runners that write bytecode or caches into the worktree would otherwise leave
// files behind; these keep the worktree to what the model changed.
const TEST_ENV: Record<string, string> = { PYTHONDONTWRITEBYTECODE: '1', CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' };

export async function runTests(
  sandbox: SandboxRunner,
  argv: string[],
  cwd: string,
  options: { signal?: AbortSignal | undefined; timeoutMs: number; feedbackBytes: number },
): Promise<TestOutcome> {
  // Tests may write (fixtures, build output); lint and `oryon sandbox` get a read-only tree.
  const result = await sandbox.run({
    argv,
    cwd,
    writable: true,
    timeoutMs: options.timeoutMs,
    env: TEST_ENV,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const passed = result.exitCode === 0 && !result.timedOut && result.signal === null;
  // Paths relative to the worktree read the same as in the repo the model was shown.
  // Whatever the tests could read and print (a credential, a key) is masked before the
  // output reaches the model's prompt or the journal.
  let output = maskSecrets(result.output).replaceAll(`${cwd}/`, '');
  const real = realpathSync(cwd);
  if (real !== cwd) output = output.replaceAll(`${real}/`, '');
  const note = result.timedOut ? `\n[the test command was stopped after ${options.timeoutMs} ms]` : '';
  return {
    argv,
    passed,
    failed: passed ? 0 : countFailures(output),
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
    tail: outputTail(output, options.feedbackBytes) + note,
  };
}
