// A suite is a folder of tasks: the built-in `datasets`, a folder of oryon task folders,
// or an Exercism / polyglot tree. Tasks that fail to load are reported and skipped.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { picomatch } from '../fs/glob.js';
import { BadInputError } from '../errors.js';
import { isExercise, loadExercise } from './exercism.js';
import { loadOryonTask, type BenchTask, type TaskFormat } from './task.js';

export interface TaskProblem {
  task: string;
  message: string;
}

export interface Suite {
  name: string;
  dir: string;
  format: TaskFormat;
  tasks: BenchTask[];
  /** Tasks that could not be loaded: reported, and the rest still run. */
  problems: TaskProblem[];
}

const isDir = (p: string): boolean => existsSync(p) && lstatSync(p).isDirectory();
const isOryonTask = (dir: string): boolean => existsSync(path.join(dir, 'task.yaml')) || existsSync(path.join(dir, 'task.json'));

/** Exercise folders below root (polyglot layout: <lang>/exercises/practice/<slug>), a few levels deep. */
function findExercises(root: string, depth: number, found: string[]): void {
  if (isExercise(root)) {
    found.push(root);
    return;
  }
  if (depth === 0) return;
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    findExercises(path.join(root, entry.name), depth - 1, found);
  }
}

function loadEach(dirs: string[], load: (dir: string) => BenchTask): { tasks: BenchTask[]; problems: TaskProblem[] } {
  const tasks: BenchTask[] = [];
  const problems: TaskProblem[] = [];
  for (const dir of dirs.sort()) {
    try {
      tasks.push(load(dir));
    } catch (error) {
      problems.push({ task: path.basename(dir), message: (error as Error).message });
    }
  }
  return { tasks, problems };
}

/** `datasets` names the built-in suite; anything else is a path. */
export function loadSuite(nameOrPath: string, options: { packageRoot: string; cwd?: string; only?: string | undefined }): Suite {
  const builtIn = nameOrPath === 'datasets';
  const dir = builtIn ? path.join(options.packageRoot, 'datasets') : path.resolve(options.cwd ?? process.cwd(), nameOrPath);
  if (!isDir(dir))
    throw new BadInputError(`--suite ${nameOrPath}: ${dir} is not a folder`, {
      hint: 'use --suite datasets (built in), a folder of task folders, or an Exercism exercise tree',
    });
  const name = builtIn ? 'datasets' : path.basename(dir);

  const children = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => path.join(dir, entry.name));
  const oryonDirs = children.filter(isOryonTask);
  let suite: Suite;
  if (oryonDirs.length) {
    suite = { name, dir, format: 'oryon', ...loadEach(oryonDirs, loadOryonTask) };
  } else {
    const exercises: string[] = [];
    findExercises(dir, 4, exercises);
    if (!exercises.length) {
      throw new BadInputError(
        `--suite ${nameOrPath}: ${dir} is not a suite: no task folder (with task.yaml) and no Exercism exercise (with .meta/config.json) in it`,
      );
    }
    suite = { name, dir, format: 'exercism', ...loadEach(exercises, loadExercise) };
  }
  if (options.only) {
    const match = picomatch(options.only);
    suite.tasks = suite.tasks.filter((task) => match(task.id) || match(path.basename(task.dir)));
    if (!suite.tasks.length) throw new BadInputError(`--only ${options.only}: no task of suite ${name} matches`);
  }
  return suite;
}
