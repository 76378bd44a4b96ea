import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SandboxRunner } from '../sandbox/types.js';
import { maskSecrets } from './secrets.js';
import type { CheckedFile } from './changes.js';
import type { RawFinding } from './finding.js';
import { parseLintOutput, toolOf, type LintTool } from './lint-parse.js';

// The lint gate: the repo's own linters (configured in lint.commands, else detected from
// the repo's config files), run through the sandbox in the checked tree, parsed into
// findings. Findings in files outside the change are dropped; the caller marks which of
// the rest sit on changed lines (only those block).

export interface LintCommand {
  tool: LintTool;
  argv: string[];
}

const JS_EXT = /\.(?:[cm]?[jt]sx?)$/;
const PY_EXT = /\.pyi?$/;
const GO_EXT = /\.go$/;

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(path.join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function fileContains(file: string, needle: RegExp): boolean {
  try {
    return needle.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** Split a configured command line into argv: whitespace, with '…' and "…" quoting; no shell. */
export function splitCommandLine(line: string): string[] {
  const argv: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) argv.push(match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3]!);
  return argv;
}

/**
 * The repo's own linters, from their config files: eslint (eslint.config.* or .eslintrc*
 * plus a local eslint), ruff (ruff.toml or [tool.ruff]), flake8 (.flake8 or a [flake8]
 * section), tsc (tsconfig.json plus a local typescript), go vet (go.mod). Only those
 * relevant to the changed files.
 */
export function detectLinters(root: string, files: readonly string[], env: NodeJS.ProcessEnv = process.env): LintCommand[] {
  const commands: LintCommand[] = [];
  const js = files.filter((file) => JS_EXT.test(file));
  const py = files.filter((file) => PY_EXT.test(file));
  const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
  const has = (name: string) => existsSync(path.join(root, name));

  if (js.length > 0) {
    const eslintConfig = [
      'eslint.config.js',
      'eslint.config.mjs',
      'eslint.config.cjs',
      'eslint.config.ts',
      '.eslintrc',
      '.eslintrc.js',
      '.eslintrc.cjs',
      '.eslintrc.json',
      '.eslintrc.yml',
      '.eslintrc.yaml',
    ].some(has);
    if (eslintConfig && existsSync(bin('eslint'))) commands.push({ tool: 'eslint', argv: [bin('eslint'), '-f', 'json', ...js.map((file) => `./${file}`)] });
    if (has('tsconfig.json') && existsSync(bin('tsc')) && js.some((file) => /\.[cm]?tsx?$/.test(file))) {
      commands.push({ tool: 'tsc', argv: [bin('tsc'), '--noEmit', '--pretty', 'false', '-p', 'tsconfig.json'] });
    }
  }
  if (py.length > 0) {
    const ruffConfig = has('ruff.toml') || has('.ruff.toml') || fileContains(path.join(root, 'pyproject.toml'), /^\[tool\.ruff/m);
    const flake8Config = has('.flake8') || ['setup.cfg', 'tox.ini'].some((name) => fileContains(path.join(root, name), /^\[flake8\]/m));
    if (ruffConfig && onPath('ruff', env)) commands.push({ tool: 'ruff', argv: ['ruff', 'check', '--output-format', 'json', '--no-fix', '--', ...py] });
    else if (flake8Config && onPath('flake8', env)) commands.push({ tool: 'flake8', argv: ['flake8', '--', ...py] });
  }
  if (files.some((file) => GO_EXT.test(file)) && has('go.mod') && onPath('go', env)) {
    commands.push({ tool: 'go-vet', argv: ['go', 'vet', './...'] });
  }
  return commands;
}

export function configuredLinters(lines: readonly string[]): LintCommand[] {
  return lines
    .map(splitCommandLine)
    .filter((argv) => argv.length > 0)
    .map((argv) => ({ tool: toolOf(argv), argv }));
}

export interface LintResult {
  findings: RawFinding[];
  ran: string[];
  skipped: string[];
}

export async function runLint(options: {
  root: string;
  files: readonly CheckedFile[];
  commands: readonly string[];
  runner: SandboxRunner;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<LintResult> {
  const paths = options.files.filter((file) => file.content !== undefined).map((file) => file.path);
  const commands = options.commands.length > 0 ? configuredLinters(options.commands) : detectLinters(options.root, paths);
  const changed = new Set(paths);
  const findings: RawFinding[] = [];
  const ran: string[] = [];
  const skipped: string[] = [];
  if (commands.length === 0) return { findings, ran, skipped: ['no linter configured or detected'] };
  for (const command of commands) {
    const label = [path.basename(command.argv[0]!), ...command.argv.slice(1, 3)].join(' ');
    // Read-only: a linter (a plugin of the repo's) must not change the tree it checks.
    const result = await options.runner.run({
      argv: command.argv,
      cwd: options.root,
      writable: false,
      signal: options.signal,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    if (
      result.exitCode === 127 ||
      (/command not found|No such file or directory.*exec|executable file not found/i.test(result.stderr) && result.exitCode !== 0 && result.stdout === '')
    ) {
      skipped.push(`${label}: not installed`);
      continue;
    }
    ran.push(label);
    // Lint messages quote source lines and reach the model and the journal: mask first.
    const output = maskSecrets(result.output);
    const parsed = parseLintOutput(command.tool, command.tool === 'eslint' || command.tool === 'ruff' ? maskSecrets(result.stdout) : output, options.root);
    const relevant = parsed.filter((finding) => changed.has(finding.file));
    findings.push(...relevant);
    if (result.timedOut) {
      findings.push({ gate: 'lint', rule: `lint/${command.tool}/timeout`, severity: 'high', file: '', line: 0, message: `${label} timed out` });
    } else if (result.exitCode !== 0 && parsed.length === 0) {
      // It failed and said nothing we can place: report it rather than pass silently.
      const tail = output.trim().split('\n').slice(-3).join(' | ').slice(0, 300);
      findings.push({
        gate: 'lint',
        rule: `lint/${command.tool}/failed`,
        severity: 'high',
        file: '',
        line: 0,
        message: `${label} exited ${result.exitCode ?? result.signal}: ${tail}`,
      });
    }
  }
  return { findings, ran, skipped };
}
