import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, repoRoot, runCli } from '../helpers/cli.js';
import picomatch from 'picomatch';
import { loadOryonTask } from '../../src/core/task-bench/task.js';
import { datasetRepo, datasetsDir, git } from '../helpers/git-repo.js';

const tasks = readdirSync(datasetsDir).filter((name) => statSync(path.join(datasetsDir, name)).isDirectory());

// TypeScript tasks compile with the tsc oryon ships for development; no network needed.
// No bytecode cache: the solution is as long as the bug, and a .pyc written by the first
// run within the same second would otherwise be reused by the second.
const env = isolatedEnv({ PATH: `${path.join(repoRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`, PYTHONDONTWRITEBYTECODE: '1' });

function runTests(root: string, command: string) {
  const [program, ...args] = command.split(' ');
  return spawnSync(program!, args, { cwd: root, env, encoding: 'utf8' });
}

// Every task must be a real task: its tests fail as shipped and pass with its solution.
describe('datasets', () => {
  it('holds fib, fizzbuzz and is_prime in Python, JavaScript and TypeScript', () => {
    for (const language of ['py', 'js', 'ts']) {
      for (const task of ['fib', 'fizzbuzz', 'is-prime']) expect(tasks).toContain(`${language}-${task}`);
    }
  });

  it('has at least 24 tasks over Python, JavaScript and TypeScript and levels 1 to 5', () => {
    const loaded = tasks.map((name) => loadOryonTask(path.join(datasetsDir, name)));
    expect(loaded.length).toBeGreaterThanOrEqual(24);
    expect(new Set(loaded.map((task) => task.language))).toEqual(new Set(['python', 'javascript', 'typescript']));
    expect(new Set(loaded.map((task) => task.level))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it.each(tasks)(
    '%s fails as shipped and passes with its solution',
    async (name) => {
      const task = datasetRepo(name);
      expect(task.issue.length).toBeGreaterThan(20);
      // Every task hides its grading tests from the model, and the hidden globs name real files.
      const loaded = loadOryonTask(path.join(datasetsDir, name));
      expect(loaded.hidden.length).toBeGreaterThan(0);
      const files = git(task.root, 'ls-files').split('\n').filter(Boolean);
      for (const glob of loaded.hidden)
        expect(
          files.some((file) => picomatch(glob)(file)),
          `${name}: ${glob}`,
        ).toBe(true);
      expect(runTests(task.root, task.testCommand).status).not.toBe(0);
      const applied = await runCli(['apply', '-'], { cwd: task.root, env, input: task.solution });
      expect(applied.code, applied.stderr).toBe(0);
      const after = runTests(task.root, task.testCommand);
      expect(after.status, after.stdout + after.stderr).toBe(0);
    },
    180_000,
  );
});
