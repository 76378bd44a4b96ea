import { chmodSync, cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { collectChanges } from '../../../src/core/gates/changes.js';
import { configuredLinters, detectLinters, runLint, splitCommandLine } from '../../../src/core/gates/lint.js';
import { parseEslintJson, parseFileLineCol, parseGoVet, parseRuffJson, parseTsc, toolOf } from '../../../src/core/gates/lint-parse.js';
import { runGates } from '../../../src/core/gates/run-gates.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { detectBubblewrapSync } from '../../../src/core/sandbox/detect.js';
import { git, makeRepo, tempDir, writeFile } from '../../helpers/git-repo.js';

const packageRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const hasFlake8 = (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, 'flake8')));
const root = '/repo';

describe('linter output parsers', () => {
  it('eslint -f json', () => {
    const output = JSON.stringify([
      {
        filePath: '/repo/src/a.js',
        messages: [
          { ruleId: 'no-unused-vars', severity: 2, line: 3, column: 7, message: "'x' is assigned a value but never used." },
          { ruleId: 'semi', severity: 1, line: 4, message: 'Missing semicolon.' },
        ],
      },
      { filePath: '/repo/src/b.js', messages: [{ ruleId: null, fatal: true, severity: 2, line: 1, message: 'Parsing error: Unexpected token' }] },
    ]);
    expect(parseEslintJson(output, root)).toEqual([
      { gate: 'lint', rule: 'lint/eslint/no-unused-vars', severity: 'high', file: 'src/a.js', line: 3, message: "'x' is assigned a value but never used." },
      { gate: 'lint', rule: 'lint/eslint/semi', severity: 'low', file: 'src/a.js', line: 4, message: 'Missing semicolon.' },
      { gate: 'lint', rule: 'lint/eslint/parse-error', severity: 'high', file: 'src/b.js', line: 1, message: 'Parsing error: Unexpected token' },
    ]);
  });

  it('ruff --output-format json', () => {
    const output = JSON.stringify([
      { code: 'F401', message: '`os` imported but unused', filename: '/repo/app/x.py', location: { row: 1, column: 8 }, end_location: { row: 1, column: 10 } },
    ]);
    expect(parseRuffJson(output, root)).toEqual([
      { gate: 'lint', rule: 'lint/ruff/F401', severity: 'high', file: 'app/x.py', line: 1, message: '`os` imported but unused' },
    ]);
  });

  it('flake8 default format', () => {
    const output = "./app/x.py:1:1: F401 'os' imported but unused\napp/y.py:12:80: E501 line too long (88 > 79 characters)\n";
    expect(parseFileLineCol(output, root, 'flake8').map((f) => [f.rule, f.file, f.line])).toEqual([
      ['lint/flake8/F401', 'app/x.py', 1],
      ['lint/flake8/E501', 'app/y.py', 12],
    ]);
  });

  it('tsc --pretty false', () => {
    const output = "src/a.ts(4,7): error TS2322: Type 'string' is not assignable to type 'number'.\nFound 1 error in src/a.ts:4\n";
    expect(parseTsc(output, root)).toEqual([
      { gate: 'lint', rule: 'lint/tsc/TS2322', severity: 'high', file: 'src/a.ts', line: 4, message: "Type 'string' is not assignable to type 'number'." },
    ]);
  });

  it('go vet', () => {
    const output = '# example.com/m\nvet: ./main.go:7:2: fmt.Printf format %d has arg s of wrong type string\n';
    expect(parseGoVet(output, root).map((f) => [f.rule, f.file, f.line])).toEqual([['lint/go-vet/vet', 'main.go', 7]]);
  });

  it('picks the parser from a configured command', () => {
    expect(toolOf(['npx', 'eslint', '.'])).toBe('eslint');
    expect(toolOf(['go', 'vet', './...'])).toBe('go-vet');
    expect(toolOf(['mypy', 'src'])).toBe('generic');
    expect(splitCommandLine(`ruff check --select "E,F" 'a b.py'`)).toEqual(['ruff', 'check', '--select', 'E,F', 'a b.py']);
    expect(configuredLinters(['flake8 --max-line-length 100', ' '])).toEqual([{ tool: 'flake8', argv: ['flake8', '--max-line-length', '100'] }]);
  });
});

describe('detectLinters', () => {
  it('uses only the linters the repo configured, for the changed languages', () => {
    const dir = tempDir();
    writeFile(dir, 'eslint.config.js', 'export default [];\n');
    writeFile(dir, 'node_modules/.bin/eslint', '');
    writeFile(dir, 'node_modules/.bin/tsc', '');
    writeFile(dir, 'tsconfig.json', '{}');
    writeFile(dir, 'bin/ruff', '#!/bin/sh\n');
    writeFile(dir, 'pyproject.toml', '[tool.ruff]\nline-length = 100\n');
    const env = { PATH: path.join(dir, 'bin') };
    expect(detectLinters(dir, ['a.py'], env).map((c) => c.tool)).toEqual([]);
    // ruff needs to be executable on PATH
    chmodSync(path.join(dir, 'bin/ruff'), 0o755);
    expect(detectLinters(dir, ['a.py'], env).map((c) => c.tool)).toEqual(['ruff']);
    expect(detectLinters(dir, ['a.ts', 'b.js'], env).map((c) => c.tool)).toEqual(['eslint', 'tsc']);
    expect(detectLinters(dir, ['README.md'], env)).toEqual([]);
  });
});

describe('runLint in the real sandbox', () => {
  const loaded = loadConfig({ env: { HOME: tempDir() } });

  function tsRepo(): string {
    const repo = makeRepo({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, include: ['src'] }),
      'src/a.ts': 'export const a: number = 1;\nexport const old: number = "legacy";\n',
      '.gitignore': 'node_modules\n',
    });
    // A real local install, not a symlink: the sandbox's private /tmp would hide a link
    // target under /tmp (as when this checkout itself lives in /tmp, like CI's clone).
    cpSync(path.join(packageRoot, 'node_modules', 'typescript'), path.join(repo, 'node_modules', 'typescript'), { recursive: true });
    mkdirSync(path.join(repo, 'node_modules', '.bin'));
    symlinkSync('../typescript/bin/tsc', path.join(repo, 'node_modules', '.bin', 'tsc'));
    return repo;
  }

  it('runs tsc, keeps findings in changed files, and blocks only those on changed lines', async () => {
    const repo = tsRepo();
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    writeFile(repo, 'src/a.ts', 'export const a: number = 1;\nexport const old: number = "legacy";\nexport const b: string = 2;\n');
    const report = await runGates({
      repoRoot: repo,
      target: { kind: 'worktree-diff', worktree: repo, base },
      config: loaded.config,
      policy: loaded.policy,
      lint: true,
    });
    expect(report.gates.lint.ran).toBe(true);
    const lint = report.findings.filter((f) => f.gate === 'lint');
    expect(lint.map((f) => [f.rule, f.file, f.line, f.blocking])).toEqual([
      ['lint/tsc/TS2322', 'src/a.ts', 2, false],
      ['lint/tsc/TS2322', 'src/a.ts', 3, true],
    ]);
    expect(report.passed).toBe(false);
  }, 60_000);

  it.skipIf(!hasFlake8)(
    'runs the detected flake8 (.flake8 config) and blocks only the new violation',
    async () => {
      const repo = makeRepo({ '.flake8': '[flake8]\nmax-line-length = 100\n', 'app.py': 'import os\n\n\ndef f():\n    return 1\n' });
      const base = git(repo, 'rev-parse', 'HEAD').trim();
      writeFile(repo, 'app.py', 'import os\n\n\ndef f():\n    return undefined_name\n');
      const report = await runGates({
        repoRoot: repo,
        target: { kind: 'worktree-diff', worktree: repo, base },
        config: loaded.config,
        policy: loaded.policy,
        lint: true,
      });
      expect(report.gates.lint.ran).toBe(true);
      expect(report.findings.filter((f) => f.gate === 'lint').map((f) => [f.rule, f.line, f.blocking])).toEqual([
        ['lint/flake8/F401', 1, false],
        ['lint/flake8/F821', 5, true],
      ]);
    },
    60_000,
  );

  it('reports a linter that fails without parseable output, and skips one that is not installed', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const changes = await collectChanges(repo, { kind: 'all' });
    const runner = createSandboxRunner({
      policy: loaded.policy,
      config: { ...loaded.config, sandbox: { ...loaded.config.sandbox, isolation: 'best-effort' } },
    });
    const result = await runLint({
      root: repo,
      files: changes.files,
      commands: ['sh -c "echo config error >&2; exit 3"', 'sh -c "echo a.py:1:1: E999 broken; exit 1"', 'sh -c "exit 127"'],
      runner,
    });
    expect(result.findings.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['lint/generic/failed', '', 0],
      ['lint/generic/E999', 'a.py', 1],
    ]);
    expect(result.findings[0]!.message).toContain('config error');
    expect(result.skipped).toEqual(['sh -c exit 127: not installed']);
  }, 60_000);

  it.skipIf(!detectBubblewrapSync().usable)('runs linters on a read-only checkout: a linter cannot plant files or policy', async () => {
    // A linter plugin of the repo's that tries to leave code and policy behind, then reports.
    const linter = [
      'import os',
      'for path, text in [("planted.py", "x"), (".oryon/policy.yaml", "network: true")]:',
      '    try:',
      '        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)',
      '        open(path, "w").write(text)',
      '    except OSError:',
      '        pass',
      'print("a.py:1:1: E1 still linted")',
      'raise SystemExit(1)',
    ].join('\n');
    const repo = makeRepo({ 'a.py': 'x = 1\n', 'lint_plugin.py': `${linter}\n` });
    const changes = await collectChanges(repo, { kind: 'all' });
    const runner = createSandboxRunner({ policy: loaded.policy, config: loaded.config });
    const plant = 'python3 lint_plugin.py';
    const result = await runLint({ root: repo, files: changes.files, commands: [plant], runner });
    expect(result.findings.map((f) => [f.rule, f.file, f.line])).toEqual([['lint/generic/E1', 'a.py', 1]]);
    expect(existsSync(path.join(repo, 'planted.py'))).toBe(false);
    expect(existsSync(path.join(repo, '.oryon'))).toBe(false);
  });

  it('says so when nothing is configured or detected', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const changes = await collectChanges(repo, { kind: 'all' });
    const runner = createSandboxRunner({ policy: loaded.policy, config: loaded.config });
    expect(await runLint({ root: repo, files: changes.files, commands: [], runner })).toEqual({
      findings: [],
      ran: [],
      skipped: ['no linter configured or detected'],
    });
  });
});
