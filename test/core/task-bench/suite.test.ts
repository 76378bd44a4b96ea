import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/core/task-bench/suite.js';
import { loadOryonTask } from '../../../src/core/task-bench/task.js';
import { repoRoot } from '../../helpers/cli.js';
import { tempDir, writeFile } from '../../helpers/git-repo.js';

const exercism = path.join(repoRoot, 'test', 'fixtures', 'exercism');

function taskDir(
  root: string,
  name: string,
  yaml: string | undefined,
  files: Record<string, string> = { 'repo/a.py': 'x = 1\n', 'issue.md': 'Fix the thing in a.py please, it is broken.\n' },
): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  if (yaml !== undefined) writeFileSync(path.join(dir, 'task.yaml'), yaml);
  for (const [file, text] of Object.entries(files)) writeFile(dir, file, text);
  return dir;
}

describe('loadSuite', () => {
  it('loads the built-in datasets suite with levels, languages and hidden tests', () => {
    const suite = loadSuite('datasets', { packageRoot: repoRoot });
    expect(suite.format).toBe('oryon');
    expect(suite.problems).toEqual([]);
    expect(suite.tasks.length).toBeGreaterThanOrEqual(24);
    const fib = suite.tasks.find((task) => task.id === 'py-fib')!;
    expect(fib).toMatchObject({ language: 'python', level: 1, testCommand: 'python3 -m unittest', hidden: ['test_*.py'] });
    expect(fib.issue).toContain('fib(0)');
    expect(fib.solution).toContain('fib.py');
  });

  it('filters with --only and names a filter that matches nothing', () => {
    expect(loadSuite('datasets', { packageRoot: repoRoot, only: 'ts-*' }).tasks.every((task) => task.id.startsWith('ts-'))).toBe(true);
    expect(() => loadSuite('datasets', { packageRoot: repoRoot, only: 'nope-*' })).toThrow(/--only nope-\*: no task of suite datasets matches/);
  });

  it('refuses a path that is not a folder, or a folder that is not a suite', () => {
    const root = tempDir();
    expect(() => loadSuite(path.join(root, 'missing'), { packageRoot: repoRoot })).toThrow(/is not a folder/);
    writeFile(root, 'notes/readme.md', 'hello\n');
    expect(() => loadSuite(root, { packageRoot: repoRoot })).toThrow(/is not a suite: no task folder \(with task.yaml\) and no Exercism exercise/);
  });

  it('reports a broken task folder by name and file, and keeps the others', () => {
    const root = tempDir();
    taskDir(root, 'good', 'language: python\ntest_command: python3 -m unittest\n');
    taskDir(root, 'no-command', 'language: python\nlevel: 2\n');
    taskDir(root, 'bad-level', 'language: python\nlevel: 9\ntest_command: x\n');
    taskDir(root, 'no-issue', 'language: python\ntest_command: x\n', { 'repo/a.py': '' });
    const suite = loadSuite(root, { packageRoot: repoRoot });
    expect(suite.tasks.map((task) => task.id)).toEqual(['good']);
    const problems = Object.fromEntries(suite.problems.map((p) => [p.task, p.message]));
    expect(problems['no-command']).toMatch(/task no-command: .*no-command\/task.yaml: test_command: /);
    expect(problems['bad-level']).toMatch(/bad-level\/task.yaml: level: /);
    expect(problems['no-issue']).toMatch(/task no-issue: no issue text/);
  });

  it('names invalid YAML and a missing repo/', () => {
    const root = tempDir();
    expect(() => loadOryonTask(taskDir(root, 'broken-yaml', 'language: [python\n'))).toThrow(/task broken-yaml: .*task.yaml is not valid YAML/);
    expect(() => loadOryonTask(taskDir(root, 'no-repo', 'language: python\ntest_command: x\n', { 'issue.md': 'an issue long enough to count\n' }))).toThrow(
      /task no-repo: .*repo is missing/,
    );
  });
});

describe('Exercism / polyglot suites', () => {
  it('finds exercises in the polyglot layout, one per language, with their test commands', () => {
    const suite = loadSuite(exercism, { packageRoot: repoRoot });
    expect(suite.format).toBe('exercism');
    expect(suite.problems).toEqual([]);
    const byId = Object.fromEntries(suite.tasks.map((task) => [task.id, task]));
    expect(Object.keys(byId).sort()).toEqual(['javascript/two-fer', 'python/leap', 'typescript/reverse-string']);
    expect(byId['python/leap']).toMatchObject({ language: 'python', testCommand: 'python3 -m unittest discover -p *_test.py', hidden: ['leap_test.py'] });
    expect(byId['javascript/two-fer']).toMatchObject({ testCommand: 'npm test', hidden: ['two-fer.spec.js'] });
    expect(byId['typescript/reverse-string']!.testCommand).toBe('npm test');
    // The instructions and the append are the issue; the example becomes the reference solution.
    expect(byId['python/leap']!.issue).toContain('evenly divisible by 4');
    expect(byId['python/leap']!.issue).toContain('Implement `leap_year(year)`');
    expect(byId['python/leap']!.solution).toMatch(/^leap\.py\n```\ndef leap_year/);
    expect(byId['python/leap']!.exclude).toContain('.meta');
  });

  it('reports an exercise whose config does not name its tests', () => {
    const root = tempDir();
    writeFile(root, 'python/bob/.meta/config.json', JSON.stringify({ files: { solution: ['bob.py'], test: [] } }));
    writeFile(root, 'python/bob/.docs/instructions.md', 'Bob is a lackadaisical teenager.\n');
    writeFile(root, 'python/leap/.meta/config.json', JSON.stringify({ files: { solution: ['leap.py'], test: ['leap_test.py'] } }));
    writeFile(root, 'python/leap/.docs/instructions.md', 'Is it a leap year?\n');
    const suite = loadSuite(root, { packageRoot: repoRoot });
    expect(suite.tasks.map((t) => t.id)).toEqual(['python/leap']);
    expect(suite.problems[0]!.message).toMatch(/exercise bob: .*config.json: files.test: expected at least one test file/);
  });

  it('names a TypeScript exercise without a test script', () => {
    const root = tempDir();
    writeFile(root, 'ts/x/.meta/config.json', JSON.stringify({ files: { solution: ['x.ts'], test: ['x.test.ts'] } }));
    writeFile(root, 'ts/x/.docs/instructions.md', 'Do x.\n');
    expect(loadSuite(root, { packageRoot: repoRoot }).problems[0]!.message).toMatch(/exercise x: no test command for typescript/);
  });
});
