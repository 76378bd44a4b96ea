import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/core/errors.js';
import type { ChangeSet } from '../../../src/core/gates/changes.js';
import { findSemgrep, parseSemgrepJson, runSemgrep, SEMGREP_RULES } from '../../../src/core/gates/semgrep.js';
import { mergeFindings, runSecurity } from '../../../src/core/gates/security.js';
import { fakeSemgrep } from '../../helpers/fake-semgrep.js';
import { tempDir, writeFile } from '../../helpers/git-repo.js';

// Semgrep is optional and not installed here. The stand-in on PATH (test/helpers/fake-semgrep.ts)
// checks the argv oryon sends (local config, metrics off) and replays Semgrep's JSON;
// a real run happens only where semgrep is installed.

const realSemgrep = findSemgrep();

const result = (check: string, file: string, line: number, severity = 'ERROR') => ({
  check_id: check,
  path: file,
  start: { line, col: 1 },
  end: { line, col: 10 },
  extra: { message: 'from semgrep', severity, metadata: {} },
});

describe('parseSemgrepJson', () => {
  it('strips the config-path prefix from rule ids and maps severities', () => {
    const stdout = JSON.stringify({ results: [result('tmp.rules.semgrep.py-eval-input', './a.py', 4), result('x.custom', 'b.py', 1, 'WARNING')] });
    expect(parseSemgrepJson(stdout)).toEqual([
      { gate: 'security', rule: 'security/py-eval-input', severity: 'high', file: 'a.py', line: 4, message: 'from semgrep' },
      { gate: 'security', rule: 'security/custom', severity: 'medium', file: 'b.py', line: 1, message: 'from semgrep' },
    ]);
  });
});

describe('runSemgrep', () => {
  it('runs offline with the local rules only', async () => {
    const fake = fakeSemgrep([{ when: 'config/rules/semgrep', results: [{ check_id: 'py-eval-input', path: 'a.py', line: 2 }] }]);
    const cwd = tempDir();
    writeFile(cwd, 'a.py', 'eval(input())\n');
    const findings = await runSemgrep({ executable: fake.executable, cwd, files: ['a.py'] });
    expect(findings.map((f) => f.rule)).toEqual(['security/py-eval-input']);
    const { argv, metrics } = fake.calls()[0]!;
    expect(argv).toEqual(['scan', '--config', SEMGREP_RULES, '--metrics=off', '--disable-version-check', '--json', '--quiet', '--', 'a.py']);
    expect(metrics).toBe('off');
  });

  it("an error in Semgrep's errors array fails the run with its message", async () => {
    const fake = fakeSemgrep([
      { when: 'config/rules/semgrep', errors: [{ code: 2, level: 'error', type: 'SemgrepError', message: 'invalid pattern' }], exitCode: 2 },
    ]);
    const cwd = tempDir();
    writeFile(cwd, 'a.py', 'x = 1\n');
    await expect(runSemgrep({ executable: fake.executable, cwd, files: ['a.py'] })).rejects.toThrow('security gate: semgrep failed: invalid pattern');
  });

  it('fails loudly when semgrep itself fails', async () => {
    const dir = tempDir();
    writeFile(dir, 'semgrep', '#!/bin/sh\necho "invalid rule" >&2\nexit 7\n');
    chmodSync(path.join(dir, 'semgrep'), 0o755);
    await expect(runSemgrep({ executable: path.join(dir, 'semgrep'), cwd: dir, files: ['a.py'] })).rejects.toThrow(/semgrep failed \(exit 7\)/);
  });

  it('reads findings when semgrep exits 1, and names a missing executable', async () => {
    const dir = tempDir();
    writeFile(dir, 'semgrep', `#!/bin/sh\necho '${JSON.stringify({ results: [result('oryon.py-eval-input', 'a.py', 3)] })}'\nexit 1\n`);
    chmodSync(path.join(dir, 'semgrep'), 0o755);
    expect((await runSemgrep({ executable: path.join(dir, 'semgrep'), cwd: dir, files: ['a.py'] })).map((f) => [f.rule, f.line])).toEqual([
      ['security/py-eval-input', 3],
    ]);
    await expect(runSemgrep({ executable: path.join(dir, 'missing'), cwd: dir, files: ['a.py'] })).rejects.toThrow(/semgrep failed \(exit ENOENT\)/);
  });

  it('stops a running semgrep on abort with an InterruptedError', async () => {
    const dir = tempDir();
    writeFile(dir, 'semgrep', '#!/bin/sh\nexec sleep 30\n');
    chmodSync(path.join(dir, 'semgrep'), 0o755);
    const controller = new AbortController();
    const running = runSemgrep({ executable: path.join(dir, 'semgrep'), cwd: dir, files: ['a.py'], signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    setTimeout(() => controller.abort(), 100);
    expect(await running).toBeInstanceOf(InterruptedError);
  });

  it.skipIf(!realSemgrep)('finds eval of input with the shipped Semgrep rules', async () => {
    const dir = tempDir();
    writeFile(dir, 'a.py', 'eval(user_input)\n');
    const findings = await runSemgrep({ executable: realSemgrep!, cwd: dir, files: ['a.py'] });
    expect(findings.map((f) => f.rule)).toContain('security/py-eval-input');
  });
});

describe('runSecurity with both engines', () => {
  it('merges ast-grep and semgrep into one finding per file, line and rule', async () => {
    const fake = fakeSemgrep([
      {
        when: 'config/rules/semgrep',
        results: [
          { check_id: 'py-eval-input', path: 'a.py', line: 1 },
          { check_id: 'py-weird', path: 'a.py', line: 1 },
        ],
      },
    ]);
    const root = tempDir();
    writeFile(root, 'a.py', 'eval(user_input)\n');
    const changes: ChangeSet = {
      contentRoot: root,
      files: [{ path: 'a.py', content: 'eval(user_input)\n', added: [{ line: 1, text: 'eval(user_input)' }], removedCount: 0, wholeFile: true }],
    };
    const both = await runSecurity({ changes, engines: ['ast-grep', 'semgrep'], env: { PATH: fake.dir } });
    expect(both.engines).toEqual(['ast-grep', 'semgrep']);
    expect(both.findings.map((f) => f.rule).sort()).toEqual(['security/py-eval-input', 'security/py-weird']);
    const without = await runSecurity({ changes, engines: ['ast-grep', 'semgrep'], env: { PATH: '' } });
    expect(without.engines).toEqual(['ast-grep']);
    expect(without.skipped).toEqual(['semgrep: not on PATH']);
  });

  it('keeps the ast-grep result and says why when semgrep fails', async () => {
    const dir = tempDir();
    writeFile(dir, 'semgrep', '#!/bin/sh\necho "rule parse error" >&2\nexit 7\n');
    chmodSync(path.join(dir, 'semgrep'), 0o755);
    const root = tempDir();
    writeFile(root, 'a.py', 'eval(user_input)\n');
    const changes: ChangeSet = {
      contentRoot: root,
      files: [{ path: 'a.py', content: 'eval(user_input)\n', added: [{ line: 1, text: 'eval(user_input)' }], removedCount: 0, wholeFile: true }],
    };
    const result = await runSecurity({ changes, engines: ['ast-grep', 'semgrep'], env: { PATH: dir } });
    expect(result.findings.map((f) => f.rule)).toEqual(['security/py-eval-input']);
    expect(result.engines).toEqual(['ast-grep']);
    expect(result.skipped).toEqual([expect.stringMatching(/^semgrep failed \(exit 7\)/)]);
    await expect(runSecurity({ changes, engines: ['semgrep'], env: { PATH: dir } })).rejects.toThrow(/semgrep failed/);
  });

  it('scans staged blobs from a private copy, never the working tree', async () => {
    const changes: ChangeSet = {
      contentRoot: undefined,
      files: [{ path: 'deep/x.ts', content: 'eval(req.body);\n', added: [{ line: 1, text: 'eval(req.body);' }], removedCount: 0, wholeFile: true }],
    };
    const { findings } = await runSecurity({ changes, engines: ['ast-grep'] });
    expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([['deep/x.ts', 1, 'security/js-eval-input']]);
  });

  it('keeps the more severe copy when merging', () => {
    const base = { gate: 'security' as const, rule: 'security/r', file: 'a', line: 1, message: 'm' };
    expect(
      mergeFindings([
        { ...base, severity: 'medium' },
        { ...base, severity: 'critical' },
        { ...base, severity: 'high' },
      ]),
    ).toEqual([{ ...base, severity: 'critical' }]);
  });
});
