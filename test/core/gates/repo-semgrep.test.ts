import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { OryonError } from '../../../src/core/errors.js';
import { findRepoSemgrepRules } from '../../../src/core/gates/repo-semgrep.js';
import { runGates, semgrepOffHere } from '../../../src/core/gates/run-gates.js';
import { SEMGREP_RULES } from '../../../src/core/gates/semgrep.js';
import { fakeSemgrep } from '../../helpers/fake-semgrep.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

// The repo's own Semgrep rules in the gate, with the Semgrep stand-in on PATH.

const loaded = loadConfig({ env: { HOME: tempDir() } });
const RULE = 'rules:\n  - id: no-print\n    pattern: print(...)\n    message: use logging\n    languages: [python]\n    severity: WARNING\n';

function repoWithRules(files: Record<string, string>): string {
  const repo = makeRepo({ '.semgrep.yml': RULE, 'README.md': 'hi\n' });
  for (const [file, text] of Object.entries(files)) writeFile(repo, file, text);
  git(repo, 'add', '-A');
  return repo;
}

const gates = (
  repo: string,
  env: NodeJS.ProcessEnv,
  semgrep: 'hook' | 'fix' | 'always' = 'always',
  engines: Array<'ast-grep' | 'semgrep'> = ['ast-grep', 'semgrep'],
) =>
  runGates({ repoRoot: repo, target: { kind: 'staged' }, config: { ...loaded.config, security: { engines }, gates: { semgrep } }, policy: loaded.policy, env });

describe('findRepoSemgrepRules', () => {
  it('finds .semgrep.yml, .semgrep.yaml and the YAML files under .semgrep/, never through a symlink', () => {
    const repo = tempDir();
    expect(findRepoSemgrepRules(repo)).toEqual([]);
    writeFile(repo, '.semgrep.yml', RULE);
    writeFile(repo, '.semgrep.yaml', RULE);
    writeFile(repo, '.semgrep/python/a.yaml', RULE);
    writeFile(repo, '.semgrep/b.yml', RULE);
    writeFile(repo, '.semgrep/notes.md', 'not a rule\n');
    const outside = tempDir();
    writeFile(outside, 'evil.yml', RULE);
    symlinkSync(path.join(outside, 'evil.yml'), path.join(repo, '.semgrep', 'linked.yml'));
    symlinkSync(outside, path.join(repo, '.semgrep', 'linked-dir'));
    expect(findRepoSemgrepRules(repo)).toEqual(['.semgrep.yaml', '.semgrep.yml', '.semgrep/b.yml', '.semgrep/python/a.yaml']);
  });

  it('ignores a .semgrep.yml that is a symlink or a folder', () => {
    const repo = tempDir();
    const outside = tempDir();
    writeFile(outside, 'rules.yml', RULE);
    symlinkSync(path.join(outside, 'rules.yml'), path.join(repo, '.semgrep.yml'));
    mkdirSync(path.join(repo, '.semgrep.yaml'));
    expect(findRepoSemgrepRules(repo)).toEqual([]);
  });
});

describe('the repo rules in the gate', () => {
  it('run offline next to oryon own rules; findings join the report as security/semgrep/<id>', async () => {
    const repo = repoWithRules({ 'app.py': 'print("hi")\neval(input())\n', 'deploy.yaml': 'image: latest\n' });
    const fake = fakeSemgrep([
      {
        when: '.semgrep.yml',
        results: [
          { check_id: 'no-print', path: 'app.py', line: 1, message: 'use logging', severity: 'WARNING' },
          { check_id: 'no-latest', path: 'deploy.yaml', line: 1, message: 'pin the image' },
        ],
      },
      { when: 'config/rules/semgrep', results: [{ check_id: 'py-eval-input', path: 'app.py', line: 2 }] },
    ]);
    const report = await gates(repo, { PATH: fake.dir });
    expect(report.findings.filter((f) => f.gate === 'security').map((f) => [f.rule, f.file, f.line, f.severity, f.blocking])).toEqual([
      // A WARNING is medium: reported, below the default blocking severity.
      ['security/semgrep/no-print', 'app.py', 1, 'medium', false],
      ['security/py-eval-input', 'app.py', 2, 'high', true],
      ['security/semgrep/no-latest', 'deploy.yaml', 1, 'high', true],
    ]);
    expect(report.notices).toEqual([]);
    const calls = fake.calls();
    expect(calls).toHaveLength(2);
    const repoCall = calls.find((call) => call.argv.includes(path.join(repo, '.semgrep.yml')))!;
    // Local rule files only, metrics and version check off, every checked file a target.
    expect(repoCall.argv).toEqual([
      'scan',
      '--config',
      path.join(repo, '.semgrep.yml'),
      '--metrics=off',
      '--disable-version-check',
      '--json',
      '--quiet',
      '--',
      'app.py',
      'deploy.yaml',
    ]);
    expect(repoCall.metrics).toBe('off');
    const ownCall = calls.find((call) => call !== repoCall)!;
    expect(ownCall.argv.slice(0, 3)).toEqual(['scan', '--config', SEMGREP_RULES]);
    // The scan reads a private copy of the staged blobs, never the working tree.
    expect(repoCall.cwd).not.toBe(repo);
  });

  it('a rule finding blocks like any other and reaches the model feedback', async () => {
    const repo = repoWithRules({ 'app.py': 'print("hi")\n' });
    const fake = fakeSemgrep([{ when: '.semgrep.yml', results: [{ check_id: 'no-print', path: 'app.py', line: 1, message: 'use logging' }] }]);
    const { formatFindingsForModel } = await import('../../../src/core/gates/run-gates.js');
    const report = await gates(repo, { PATH: fake.dir }, 'always', ['ast-grep']);
    expect(report.passed).toBe(false);
    expect(formatFindingsForModel(report)).toContain('- app.py:1 [security: security/semgrep/no-print] use logging');
  });

  it('semgrep missing: the gate passes on, and says once why the rules did not run', async () => {
    const repo = repoWithRules({ 'app.py': 'print("hi")\n' });
    const report = await gates(repo, { PATH: tempDir() });
    expect(report.notices).toEqual([
      'the repo has Semgrep rules (.semgrep.yml) but semgrep is not on PATH, so they did not run; install it: pipx install semgrep (or: brew install semgrep)',
    ]);
    expect(report.gates.security).toMatchObject({ ran: true, skipped: 'semgrep: not on PATH' });
  });

  it("a rule file Semgrep rejects is an error naming the file and line (exit 2), from Semgrep's errors array", async () => {
    const repo = repoWithRules({ 'app.py': 'print("hi")\n' });
    const rejected = {
      code: 7,
      level: 'error',
      type: ['InvalidRuleSchemaError', [{ file: '{config}' }]],
      message: 'Invalid rule schema\n  One of these properties is missing: pattern, patterns',
      spans: [{ file: '{config}', start: { line: 2, col: 5, offset: 12 }, end: { line: 2, col: 16, offset: 23 }, config_path: ['rules', '0'] }],
    };
    const fake = fakeSemgrep([{ when: '.semgrep.yml', errors: [rejected], exitCode: 7 }]);
    const error = await gates(repo, { PATH: fake.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OryonError);
    expect((error as OryonError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      "security gate: semgrep rejected the repo's rule file .semgrep.yml:2: Invalid rule schema One of these properties is missing: pattern, patterns",
    );
  });

  it('warnings in the errors array (a target Semgrep cannot parse) do not fail the gate', async () => {
    const repo = repoWithRules({ 'app.py': 'print(\n' });
    const warning = {
      code: 3,
      level: 'warn',
      type: 'Syntax error',
      message: 'Syntax error at line app.py:1',
      path: 'app.py',
      spans: [{ file: 'app.py', start: { line: 1, col: 1, offset: 0 } }],
    };
    const fake = fakeSemgrep([{ when: '.semgrep.yml', errors: [warning] }]);
    const report = await gates(repo, { PATH: fake.dir }, 'always', ['ast-grep']);
    expect(report.gates.security.ran).toBe(true);
    expect(report.findings.filter((f) => f.gate === 'security')).toEqual([]);
  });

  it('gates.semgrep: fix keeps semgrep (and the notice) off the commit path; hook keeps it out of the fix loop', async () => {
    const repo = repoWithRules({ 'app.py': 'print("hi")\n' });
    const fake = fakeSemgrep([{ when: '.semgrep.yml', results: [{ check_id: 'no-print', path: 'app.py', line: 1 }] }]);
    const report = await gates(repo, { PATH: fake.dir }, 'fix');
    expect(fake.calls()).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.notices).toEqual([]);
    expect(report.gates.security.skipped).toBe('semgrep: not run on the commit path (gates.semgrep: fix)');
    expect(semgrepOffHere({ kind: 'worktree-diff', worktree: repo, base: 'HEAD', paths: [] }, 'hook')).toBe('not run in the fix loop (gates.semgrep: hook)');
    expect(semgrepOffHere({ kind: 'worktree-diff', worktree: repo, base: 'HEAD', paths: [] }, 'fix')).toBeUndefined();
    expect(semgrepOffHere({ kind: 'all' }, 'fix')).toBeUndefined();
    expect(semgrepOffHere({ kind: 'staged' }, 'hook')).toBeUndefined();
  });
});
