import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BadInputError } from '../errors.js';
import type { ProjectEnv } from '../env/find.js';

export interface TestCommand {
  argv: string[];
  /** How it was chosen, for progress lines and the journal. */
  source: 'flag' | 'config' | 'package.json' | 'pytest' | 'unittest' | 'go.mod' | 'Cargo.toml';
  /** The project virtualenv the command runs with, when it uses one. */
  venv?: string;
}

/**
 * Split a command line into argv without a shell: whitespace separates words, single
 * and double quotes group them, backslash escapes the next character outside single quotes.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new BadInputError(`test command: unterminated ${quote} quote in ${JSON.stringify(line)}`);
  if (inWord) words.push(current);
  return words;
}

function pytestImportable(cwd: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('python3', ['-c', 'import pytest'], { cwd, timeout: 10_000 }, (error) => resolve(!error));
  });
}

function hasPythonTests(root: string, tracked: readonly string[]): boolean {
  return (
    ['pyproject.toml', 'setup.py', 'setup.cfg', 'pytest.ini', 'tox.ini', 'conftest.py'].some((file) => existsSync(path.join(root, file))) ||
    tracked.some((file) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(file))
  );
}

/**
 * The test command: an explicit one (flag, then config), else detected from the repo.
 * Undefined when nothing is found: the loop then runs without tests and says so.
 */
export async function detectTestCommand(
  root: string,
  tracked: readonly string[],
  explicit: { flag?: string | undefined; config?: string | null | undefined },
  projectEnv?: ProjectEnv,
): Promise<TestCommand | undefined> {
  if (explicit.flag) return { argv: nonEmpty(splitCommandLine(explicit.flag), '--test-command'), source: 'flag' };
  if (explicit.config) return { argv: nonEmpty(splitCommandLine(explicit.config), 'test.command'), source: 'config' };

  const packageJson = path.join(root, 'package.json');
  if (existsSync(packageJson)) {
    try {
      const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts?: Record<string, unknown> };
      const script = pkg.scripts?.test;
      if (typeof script === 'string' && script.trim() && !/no test specified/.test(script)) {
        return { argv: ['npm', 'test', '--silent'], source: 'package.json' };
      }
    } catch {
      // An unreadable package.json is not ours to judge; fall through to other signals.
    }
  }
  if (hasPythonTests(root, tracked)) {
    const venv = projectEnv ? venvTestCommand(projectEnv) : undefined;
    if (venv) return venv;
    const configured = ['pytest.ini', 'conftest.py'].some((file) => existsSync(path.join(root, file)));
    if (configured || (await pytestImportable(root))) return { argv: ['python3', '-m', 'pytest', '-q'], source: 'pytest' };
    return { argv: ['python3', '-m', 'unittest'], source: 'unittest' };
  }
  if (existsSync(path.join(root, 'go.mod'))) return { argv: ['go', 'test', './...'], source: 'go.mod' };
  if (existsSync(path.join(root, 'Cargo.toml'))) return { argv: ['cargo', 'test'], source: 'Cargo.toml' };
  return undefined;
}

/**
 * The project's virtualenv runs the tests when it has an interpreter: pytest when the
 * venv has it installed (seen on disk, nothing is run on the host), else unittest.
 */
function venvTestCommand(projectEnv: ProjectEnv): TestCommand | undefined {
  const venv = projectEnv.dirs.find((dir) => dir.path === projectEnv.venv);
  if (!venv) return undefined;
  const interpreter = ['python', 'python3'].find((name) => existsSync(path.join(venv.source, 'bin', name)));
  if (!interpreter) return undefined;
  const python = `${venv.path}/bin/${interpreter}`;
  return venvHasPytest(venv.source)
    ? { argv: [python, '-m', 'pytest', '-q'], source: 'pytest', venv: venv.path }
    : { argv: [python, '-m', 'unittest'], source: 'unittest', venv: venv.path };
}

function venvHasPytest(venvDir: string): boolean {
  const lib = path.join(venvDir, 'lib');
  try {
    return readdirSync(lib).some((version) => existsSync(path.join(lib, version, 'site-packages', 'pytest')));
  } catch {
    return false;
  }
}

function nonEmpty(argv: string[], where: string): string[] {
  if (argv.length === 0) throw new BadInputError(`${where}: the test command is empty`);
  return argv;
}
