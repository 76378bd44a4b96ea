import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { git, makeRepo, tempDir, writeFile } from '../helpers/git-repo.js';
import { githubToken } from '../helpers/secret-tokens.js';
import { validateFullSarif } from '../core/gates/sarif-schema.js';

// The built CLI on real temp repos. Tokens are assembled at run time (see secrets.test.ts).
const token = githubToken();
let env: Record<string, string>;

beforeAll(() => {
  env = isolatedEnv();
});

describe('oryon gate', () => {
  it('checks the staged content, not the working tree (exit 1, then 0 once the index is clean)', async () => {
    const repo = makeRepo({ 'app.py': 'def main():\n    return 1\n' });
    writeFile(repo, 'app.py', `def main():\n    token = "${token}"\n    return 1\n`);
    git(repo, 'add', 'app.py');
    writeFile(repo, 'app.py', 'def main():\n    return 1\n');
    const blocked = await runCli(['gate', '--staged'], { cwd: repo, env });
    expect(blocked.code).toBe(1);
    // Grouped by file: the file name on its own line, then its findings.
    expect(blocked.stdout.startsWith('app.py\n  app.py:2  critical  secrets/github-token  GitHub token')).toBe(true);
    expect(blocked.stdout).toContain('app.py:2  critical  secrets/github-token  GitHub token');
    expect(blocked.stdout).not.toContain(token);
    expect(blocked.stdout).toMatch(/gate failed: 1 file, 1 finding \(1 blocking, 0 suppressed\)/);
    // The working tree is clean, so checking the path passes.
    expect((await runCli(['gate', 'app.py'], { cwd: repo, env })).code).toBe(0);
    git(repo, 'add', 'app.py');
    const clean = await runCli(['gate', '--staged'], { cwd: repo, env });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('gate passed');
  });

  it('shows secrets masked (first 4 characters and the length) in the terminal, --json and SARIF', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' });
    const password = ['q7Vx2LmP9s', 'Kd4Rt8WzYb'].join('');
    writeFile(repo, 'deploy.sh', `export DEPLOY_TOKEN="${token}"\nexport DB_PASSWORD="${password}"\n`);
    git(repo, 'add', '-A');
    const sarifFile = path.join(tempDir(), 'out.sarif');
    const human = await runCli(['gate', '--staged'], { cwd: repo, env });
    const json = await runCli(['gate', '--staged', '--json', '--sarif', sarifFile], { cwd: repo, env });
    const sarif = readFileSync(sarifFile, 'utf8');
    for (const output of [human.stdout, json.stdout, sarif]) {
      expect(output).toContain('ghp_… (40 chars)');
      expect(output).toContain('q7Vx… (20 chars)');
      expect(output).not.toContain(token.slice(4));
      expect(output).not.toContain(password);
    }
    expect(JSON.parse(json.stdout).findings.map((finding: { rule: string }) => finding.rule)).toEqual([
      'secrets/github-token',
      'secrets/high-entropy-assignment',
    ]);
  });

  it('--json prints one document with findings, suppressions and gate timings', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' });
    writeFile(
      repo,
      'srv.js',
      [
        'const https = require("https");',
        '// oryon-ignore: js-tls-verify-disabled talks to the local test CA only',
        'https.request({ host, rejectUnauthorized: false });',
        'eval(req.body.code);',
        '',
      ].join('\n'),
    );
    git(repo, 'add', '-A');
    const result = await runCli(['gate', '--staged', '--json'], { cwd: repo, env });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.passed).toBe(false);
    expect(report.findings).toEqual([
      {
        gate: 'security',
        rule: 'security/js-tls-verify-disabled',
        severity: 'high',
        file: 'srv.js',
        line: 3,
        message: expect.any(String),
        suppressed: 'talks to the local test CA only',
        blocking: false,
      },
      { gate: 'security', rule: 'security/js-eval-input', severity: 'high', file: 'srv.js', line: 4, message: expect.any(String), blocking: true },
    ]);
    expect(report.summary).toEqual({ files: 1, findings: 2, blocking: 1, suppressed: 1 });
    expect(report.gates.security.ran).toBe(true);
    expect(typeof report.gates.secrets.ms).toBe('number');
  });

  it('human output shows suppressed findings with their reason', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    writeFile(repo, 'a.py', 'import pickle\ndata = pickle.loads(blob)  # oryon-ignore: py-unsafe-deserialization blob is our own cache\n');
    const result = await runCli(['gate', 'a.py'], { cwd: repo, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('a.py:2  high  security/py-unsafe-deserialization');
    expect(result.stdout).toContain('[suppressed: blob is our own cache]');
    expect(result.stdout).toContain('gate passed: 1 file, 1 finding (0 blocking, 1 suppressed)');
  });

  it('--sarif writes a SARIF 2.1.0 log next to the normal output', async () => {
    const repo = makeRepo({ 'README.md': 'x\n' });
    writeFile(repo, 'db.py', 'cur.execute(f"SELECT * FROM t WHERE id = {uid}")\n');
    git(repo, 'add', '-A');
    const sarifFile = path.join(tempDir(), 'out', 'gate.sarif');
    const result = await runCli(['gate', '--staged', '--sarif', sarifFile], { cwd: repo, env });
    expect(result.code).toBe(1);
    const log = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(log.version).toBe('2.1.0');
    const valid = validateFullSarif(log);
    expect(validateFullSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: 'security/py-sql-string-build',
        level: 'error',
        locations: [{ physicalLocation: { artifactLocation: { uri: 'db.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }],
      }),
    ]);
  });

  it('--all checks every tracked file', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n', 'lib/b.py': 'import yaml\ncfg = yaml.load(text)\n' });
    writeFile(repo, 'untracked.py', 'eval(x)\n');
    const result = await runCli(['gate', '--all', '--json'], { cwd: repo, env });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.files.sort()).toEqual(['a.py', 'lib/b.py']);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['security/py-yaml-unsafe-load']);
  });

  it('exit 2 on bad input: no target, two targets, unknown path, not a repo, invalid config', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const none = await runCli(['gate'], { cwd: repo, env });
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('nothing to check')]);
    expect((await runCli(['gate', '--staged', '--all'], { cwd: repo, env })).code).toBe(2);
    const missing = await runCli(['gate', 'nope.py'], { cwd: repo, env });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no such file: nope.py')]);
    const notRepo = await runCli(['gate', '--staged'], { cwd: tempDir(), env });
    expect([notRepo.code, notRepo.stderr]).toEqual([2, expect.stringContaining('not a git repository')]);
    writeFile(repo, '.oryon/config.yaml', 'security:\n  engines: [grep]\n');
    const badConfig = await runCli(['gate', '--staged'], { cwd: repo, env });
    expect([badConfig.code, badConfig.stderr]).toEqual([2, expect.stringContaining('security.engines')]);
    expect(badConfig.stderr).not.toContain('    at ');
  });

  it('runs lint only when lint.in_gate is set', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    writeFile(
      repo,
      '.oryon/config.yaml',
      'lint:\n  in_gate: true\n  commands: ["sh -c \\"echo a.py:1:1: E999 lint says no; exit 1\\""]\nsandbox:\n  isolation: best-effort\n',
    );
    expect((await runCli(['trust'], { cwd: repo, env })).code).toBe(0);
    const result = await runCli(['gate', 'a.py', '--json'], { cwd: repo, env });
    const report = JSON.parse(result.stdout);
    expect(report.gates.lint.ran).toBe(true);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['lint/generic/E999']);
    expect(result.code).toBe(1);
  });
});
