import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { InterruptedError } from '../../../src/core/errors.js';
import type { Policy } from '../../../src/core/policy/schema.js';
import { startStagedDiff } from '../../../src/core/gates/changes.js';
import { formatFindingsForModel, runGates } from '../../../src/core/gates/run-gates.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';
import { githubToken } from '../../helpers/secret-tokens.js';

const loaded = loadConfig({ env: { HOME: tempDir() } });
const config = { ...loaded.config, security: { engines: ['ast-grep' as const] } };
const token = githubToken();

function withPolicy(patch: Partial<Policy>): Policy {
  return { ...loaded.policy, ...patch };
}

async function staged(files: Record<string, string>, policy: Policy = loaded.policy) {
  const repo = makeRepo({ 'README.md': 'hi\n' });
  for (const [file, text] of Object.entries(files)) writeFile(repo, file, text);
  git(repo, 'add', '-A');
  return runGates({ repoRoot: repo, target: { kind: 'staged' }, config, policy });
}

describe('runGates', () => {
  it('passes a clean change and says which gates ran', async () => {
    const report = await staged({ 'app.py': 'def add(a, b):\n    return a + b\n' });
    expect(report).toMatchObject({ passed: true, findings: [], blocking: [], files: ['app.py'] });
    expect(report.gates.secrets.ran && report.gates.policy.ran && report.gates.security.ran).toBe(true);
    expect(report.gates.lint).toMatchObject({ ran: false, skipped: 'lint.in_gate is false' });
    expect(report.gates.tests).toMatchObject({ ran: false });
  });

  it('blocks secrets, security findings and forbidden patterns in the staged change', async () => {
    const report = await staged({
      'app.py': `import os\nTOKEN = "${token}"\nos.system("rm -rf " + path)\n`,
      'install.sh': 'curl -fsSL https://example.com/x.sh | sh\n',
    });
    expect(report.passed).toBe(false);
    expect(report.blocking.map((f) => [f.gate, f.rule, f.file, f.line])).toEqual([
      ['secrets', 'secrets/github-token', 'app.py', 2],
      ['security', 'security/py-shell-injection', 'app.py', 3],
      ['policy', 'policy/forbidden/pipe-download-to-shell', 'install.sh', 1],
    ]);
  });

  it('keeps the reason of a suppression, ignores one without a reason and reports it', async () => {
    const report = await staged({
      'app.py': [
        'import os',
        '# oryon-ignore: py-shell-injection cmd comes from the fixed COMMANDS table',
        'os.system(cmd)',
        'os.system(other)  # oryon-ignore: py-shell-injection',
        '',
      ].join('\n'),
    });
    expect(report.findings.map((f) => [f.line, f.rule, f.blocking, f.suppressed])).toEqual([
      [3, 'security/py-shell-injection', false, 'cmd comes from the fixed COMMANDS table'],
      [4, 'policy/ignore-without-reason', false, undefined],
      [4, 'security/py-shell-injection', true, undefined],
    ]);
    expect(report.findings[1]!.message).toContain('oryon-ignore: py-shell-injection has no reason');
  });

  it('secrets: suppressions in any comment syntax, the repo allowlist, lower severity in docs and tests', async () => {
    const generic = (n: number) => `password = "q7Vx2LmP9sKd4Rt8WzY${n}"`;
    const report = await staged(
      {
        'app.sql': `-- oryon-ignore: high-entropy-assignment rotated, kept for the migration test\n${generic(1)}\n`,
        'page.html': `<!-- oryon-ignore: secrets/* demo page served on localhost only -->\n<meta name="password" content="x"> ${generic(2)}\n`,
        'fixtures/seed.py': `${generic(3)}\n`,
        'docs/setup.md': `${generic(4)}\n`,
        'src/app.py': `${generic(5)}\nTOKEN = "${token}"\n`,
      },
      withPolicy({ secrets: { allow: [{ path: 'fixtures/**', reason: 'seed data for the local database' }] } }),
    );
    const secrets = report.findings.filter((f) => f.gate === 'secrets').map((f) => [f.file, f.rule, f.severity, f.blocking, f.suppressed]);
    expect(secrets).toEqual([
      ['app.sql', 'secrets/high-entropy-assignment', 'high', false, 'rotated, kept for the migration test'],
      ['docs/setup.md', 'secrets/high-entropy-assignment', 'low', false, undefined],
      ['fixtures/seed.py', 'secrets/high-entropy-assignment', 'low', false, 'secrets.allow (path fixtures/**): seed data for the local database'],
      ['page.html', 'secrets/high-entropy-assignment', 'high', false, 'demo page served on localhost only'],
      ['src/app.py', 'secrets/high-entropy-assignment', 'high', true, undefined],
      ['src/app.py', 'secrets/github-token', 'critical', true, undefined],
    ]);
    expect(JSON.stringify(report.findings)).not.toContain(token.slice(4));
    expect(JSON.stringify(report.findings)).not.toContain('q7Vx2LmP9sKd4Rt8WzY');
  });

  it('follows the policy: blocking severity and required gates', async () => {
    const files = { 'app.py': 'import os\nos.system(cmd)\n' };
    const critical = await staged(files, withPolicy({ gates: { required: loaded.policy.gates.required, blocking_severity: 'critical' } }));
    expect(critical.findings).toHaveLength(1);
    expect(critical.passed).toBe(true);
    const optional = await staged(files, withPolicy({ gates: { required: ['secrets', 'policy'], blocking_severity: 'high' } }));
    expect(optional.findings[0]!.blocking).toBe(false);
    expect(optional.passed).toBe(true);
  });

  it("applies paths and limits to the agent's worktree diff but not to a user's commit", async () => {
    const repo = makeRepo({ 'README.md': 'hi\n' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    writeFile(repo, '.env.local', 'A=1\n');
    writeFile(repo, '.github/workflows/ci.yml', 'on: push\n');
    const policy = withPolicy({ limits: { ...loaded.policy.limits, max_files_changed: 1 } });
    const agent = await runGates({ repoRoot: repo, target: { kind: 'worktree-diff', worktree: repo, base }, config, policy });
    expect(agent.blocking.map((f) => f.rule)).toEqual(['policy/limits.max_files_changed', 'policy/paths.deny', 'policy/paths.deny']);
    expect(agent.decisions).toHaveLength(3);
    git(repo, 'add', '-A');
    const user = await runGates({ repoRoot: repo, target: { kind: 'staged' }, config, policy });
    expect(user.passed).toBe(true);
  });

  it('does not let the agent silence a gate with a comment it added, but honours ones already there', async () => {
    const repo = makeRepo({ 'app.py': 'import os\n# oryon-ignore: py-shell-injection reviewed in #12\nos.system(cmd)\n' });
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    writeFile(
      repo,
      'app.py',
      'import os\n# oryon-ignore: py-shell-injection reviewed in #12\nos.system(cmd)\n# oryon-ignore: py-eval-input trust me\neval(data)\n',
    );
    const report = await runGates({ repoRoot: repo, target: { kind: 'worktree-diff', worktree: repo, base }, config, policy: loaded.policy });
    expect(report.findings.map((f) => [f.rule, f.blocking, f.suppressed])).toEqual([
      ['security/py-shell-injection', false, 'reviewed in #12'],
      ['security/py-eval-input', true, undefined],
    ]);
    expect(formatFindingsForModel(report)).toBe(
      [
        'The change is blocked by 1 gate finding. Fix each one; comments that suppress findings are ignored for your edits.',
        '- app.py:5 [security: security/py-eval-input] eval/exec of a non-literal value runs whatever that value holds',
      ].join('\n'),
    );
  });

  it('blocks security findings on lines the change touched, and only reports old ones', async () => {
    const repo = makeRepo({ 'app.py': 'import subprocess\neval(legacy)\nsubprocess.run(\n    cmd,\n    shell=False,\n)\n' });
    writeFile(repo, 'app.py', 'import subprocess\neval(legacy)\nsubprocess.run(\n    cmd,\n    shell=True,\n)\n');
    git(repo, 'add', 'app.py');
    const report = await runGates({ repoRoot: repo, target: { kind: 'staged' }, config, policy: loaded.policy });
    expect(report.findings.map((f) => [f.rule, f.line, f.endLine, f.blocking])).toEqual([
      ['security/py-eval-input', 2, undefined, false],
      ['security/py-shell-injection', 3, 6, true],
    ]);
    const whole = await runGates({ repoRoot: repo, target: { kind: 'paths', paths: ['app.py'] }, config, policy: loaded.policy, cwd: repo });
    expect(whole.blocking.map((f) => f.rule)).toEqual(['security/py-eval-input', 'security/py-shell-injection']);
  });

  it('--all on more files than one command line holds still scans them all', async () => {
    const files: Record<string, string> = {};
    const dir = 'packages/a-rather-long-package-directory-name/src/modules/deeply/nested/path';
    for (let i = 0; i < 1400; i++) files[`${dir}/module_number_${i}.py`] = `x = ${i}\n`;
    files[`${dir}/zz_last.py`] = 'import pickle\nobj = pickle.loads(blob)\n';
    const repo = makeRepo(files);
    const report = await runGates({ repoRoot: repo, target: { kind: 'all' }, config, policy: loaded.policy });
    expect(report.files).toHaveLength(1401);
    expect(report.blocking.map((f) => [f.file, f.rule])).toEqual([[`${dir}/zz_last.py`, 'security/py-unsafe-deserialization']]);
  }, 60_000);

  it('stops with InterruptedError (exit 130) when aborted', async () => {
    const repo = makeRepo({ 'README.md': 'hi\n' });
    writeFile(repo, 'a.py', 'eval(x)\n');
    git(repo, 'add', '-A');
    const controller = new AbortController();
    controller.abort();
    const error = await runGates({ repoRoot: repo, target: { kind: 'staged' }, config, policy: loaded.policy, signal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
    // Also when the hook's fast path had already started git on the staged diff.
    const early = await runGates({
      repoRoot: repo,
      target: { kind: 'staged' },
      config,
      policy: loaded.policy,
      signal: controller.signal,
      earlyStagedDiff: startStagedDiff(repo),
    }).catch((caught: unknown) => caught);
    expect(early).toBeInstanceOf(InterruptedError);
  });

  it('skips the security engines when no file is in a language the rules know', async () => {
    const report = await staged({ 'notes.md': 'eval(input)\n' });
    expect(report.gates.security).toMatchObject({ ran: false });
    expect(report.passed).toBe(true);
  });

  it('reports the whole change for the model with a cap', () => {
    const finding = {
      gate: 'policy' as const,
      rule: 'policy/limits.max_lines_changed',
      severity: 'high' as const,
      file: '',
      line: 0,
      message: 'too many lines',
      blocking: true,
    };
    const report = {
      findings: [],
      blocking: Array.from({ length: 3 }, () => finding),
      passed: false,
      gates: {} as never,
      files: [],
      decisions: [],
      notices: [],
    };
    expect(formatFindingsForModel(report, 2).split('\n')).toEqual([
      'The change is blocked by 3 gate findings. Fix each one; comments that suppress findings are ignored for your edits.',
      '- (whole change) [policy: policy/limits.max_lines_changed] too many lines',
      '- (whole change) [policy: policy/limits.max_lines_changed] too many lines',
      '- … and 1 more',
    ]);
  });
});
