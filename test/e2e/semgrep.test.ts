import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { fakeSemgrep } from '../helpers/fake-semgrep.js';
import { git, makeRepo, writeFile } from '../helpers/git-repo.js';

// The repo's own Semgrep rules through the built CLI, with the Semgrep stand-in on PATH.

const RULE =
  'rules:\n  - id: no-shell-true\n    pattern: subprocess.run(..., shell=True)\n    message: no shell=True\n    languages: [python]\n    severity: ERROR\n';

function stagedRepo(config?: string): string {
  const repo = makeRepo({ '.semgrep/python.yml': RULE, 'README.md': 'hi\n', ...(config ? { '.oryon/config.yaml': config } : {}) });
  writeFile(repo, 'run.py', 'import subprocess\nsubprocess.run(cmd, shell=True)\n');
  git(repo, 'add', 'run.py');
  return repo;
}

const withPath = (dir: string): Record<string, string> => isolatedEnv({ PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}` });

describe("oryon gate with the repo's Semgrep rules", () => {
  it('gates.semgrep: always — the pre-commit path runs them and blocks on their findings', async () => {
    const repo = stagedRepo('gates:\n  semgrep: always\n');
    const fake = fakeSemgrep([{ when: '.semgrep/python.yml', results: [{ check_id: 'no-shell-true', path: 'run.py', line: 2, message: 'no shell=True' }] }]);
    const result = await runCli(['gate', '--staged'], { cwd: repo, env: withPath(fake.dir) });
    expect(result.stdout).toContain('run.py:2  high  security/semgrep/no-shell-true  no shell=True');
    expect(result.code).toBe(1);
    expect(fake.calls().some((call) => call.argv.includes(path.join(repo, '.semgrep/python.yml')))).toBe(true);
  });

  it('by default the commit path leaves semgrep out, and `gate --all` runs it', async () => {
    const repo = stagedRepo();
    const fake = fakeSemgrep([{ when: '.semgrep/python.yml', results: [{ check_id: 'no-shell-true', path: 'run.py', line: 2 }] }]);
    const staged = await runCli(['gate', '--staged', '--json'], { cwd: repo, env: withPath(fake.dir) });
    expect(fake.calls()).toEqual([]);
    expect(JSON.parse(staged.stdout).gates.security.skipped).toBe('semgrep: not run on the commit path (gates.semgrep: fix)');
    git(repo, 'commit', '-q', '-m', 'run');
    const all = await runCli(['gate', '--all'], { cwd: repo, env: withPath(fake.dir) });
    expect(all.stdout).toContain('security/semgrep/no-shell-true');
    expect(all.code).toBe(1);
  });

  it('semgrep missing: one note with the install hint, and doctor flags it', async () => {
    const repo = stagedRepo('gates:\n  semgrep: always\n');
    const env = isolatedEnv({ PATH: path.dirname(process.execPath) + ':/usr/bin:/bin' });
    const result = await runCli(['gate', '--staged'], { cwd: repo, env });
    const notes = result.stderr.split('\n').filter((line) => line.includes('Semgrep rules'));
    expect(notes).toEqual([
      'note: the repo has Semgrep rules (.semgrep/python.yml) but semgrep is not on PATH, so they did not run; install it: pipx install semgrep (or: brew install semgrep)',
    ]);
    const json = await runCli(['gate', '--staged', '--json'], { cwd: repo, env });
    expect(JSON.parse(json.stdout).notices).toEqual([expect.stringContaining('semgrep is not on PATH')]);
    const doctor = await runCli(['doctor', '--json'], { cwd: repo, env });
    const check = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string }> }).checks.find((c) => c.name === 'semgrep');
    expect(check).toMatchObject({
      ok: false,
      detail: "semgrep not found on PATH: the repo's Semgrep rules (.semgrep/python.yml) do not run",
      fix: 'pipx install semgrep (or: brew install semgrep)',
    });
  });

  it('a rule file Semgrep rejects: exit 2, one line naming the file', async () => {
    const repo = stagedRepo('gates:\n  semgrep: always\n');
    const rejected = {
      code: 7,
      level: 'error',
      type: 'InvalidRuleSchemaError',
      message: 'Invalid rule schema: missing languages',
      spans: [{ file: '{config}', start: { line: 3, col: 5, offset: 0 } }],
    };
    const fake = fakeSemgrep([{ when: '.semgrep/python.yml', errors: [rejected], exitCode: 7 }]);
    const result = await runCli(['gate', '--staged'], { cwd: repo, env: withPath(fake.dir) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "oryon: security gate: semgrep rejected the repo's rule file .semgrep/python.yml:3: Invalid rule schema: missing languages\n",
    );
  });
});
