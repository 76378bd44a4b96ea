import { describe, expect, it } from 'vitest';
import { runTests } from '../../../src/core/agent/test-run.js';
import type { SandboxRequest, SandboxResult, SandboxRunner } from '../../../src/core/sandbox/types.js';
import { tempDir } from '../../helpers/git-repo.js';

describe('runTests', () => {
  it('asks for a writable worktree: tests may write (fixtures, build output), unlike lint', async () => {
    const requests: SandboxRequest[] = [];
    const sandbox: SandboxRunner = {
      isolation: 'bwrap',
      run: async (request): Promise<SandboxResult> => {
        requests.push(request);
        return {
          argv: request.argv,
          exitCode: 0,
          signal: null,
          output: '',
          stdout: '',
          stderr: '',
          timedOut: false,
          outputTruncated: false,
          isolation: 'bwrap',
          durationMs: 1,
        };
      },
    };
    const outcome = await runTests(sandbox, ['pytest', '-q'], tempDir(), { timeoutMs: 1000, feedbackBytes: 100 });
    expect(outcome.passed).toBe(true);
    expect(requests.map((request) => request.writable)).toEqual([true]);
  });
});
