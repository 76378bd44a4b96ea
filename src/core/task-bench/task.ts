// One benchmark task: where its repo is, the issue the model is given, how it is graded
// (the test command), and which files the model must not see (the hidden grading tests).
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { BadInputError } from '../errors.js';

export type TaskFormat = 'oryon' | 'exercism';

export interface BenchTask {
  /** Stable name within the suite (the task's folder name). */
  id: string;
  /** The task's folder. */
  dir: string;
  /** The folder copied into a fresh git repository for every run. */
  repoDir: string;
  /** Paths under repoDir that are not copied (the Exercism `.meta`, `.docs`). */
  exclude: string[];
  format: TaskFormat;
  issue: string;
  /** 1 (easiest) to 5; the curriculum climbs these in order. */
  level: number;
  language: string;
  /** Shell-free command line; its exit status is the grade. */
  testCommand: string;
  /** Globs (repo-relative) the model may neither read nor write: the grading tests. */
  hidden: string[];
  /** A reference solution in oryon's edit format, when the task ships one. */
  solution: string | undefined;
}

const TaskFile = z.strictObject({
  issue: z.string().min(1, { error: 'expected the issue text' }).optional(),
  language: z.string({ error: 'expected a language (python, javascript, typescript...)' }).min(1),
  level: z.number({ error: 'expected a level from 1 to 5' }).int().min(1).max(5).default(1),
  test_command: z
    .string({ error: 'expected the command that grades the task, e.g. "python3 -m unittest"' })
    .trim()
    .min(1, { error: 'expected a non-empty command' }),
  hidden: z.array(z.string().min(1), { error: 'expected a list of globs' }).default([]),
});

function readText(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8');
}

function issueOf(file: string, error: z.ZodError): string {
  const first = error.issues[0]!;
  const key = first.path.length ? first.path.join('.') : '(top level)';
  return `${file}: ${key}: ${first.message}`;
}

/** A task folder in oryon's format: task.yaml (or the older task.json), issue.md, repo/, solution. */
export function loadOryonTask(dir: string): BenchTask {
  const id = path.basename(dir);
  const yamlFile = path.join(dir, 'task.yaml');
  const jsonFile = path.join(dir, 'task.json');
  const file = existsSync(yamlFile) ? yamlFile : jsonFile;
  const text = readText(file);
  if (text === undefined)
    throw new BadInputError(`task ${id}: no task.yaml in ${dir}`, {
      hint: 'a task needs task.yaml (language, level, test_command, hidden), issue.md or issue:, and repo/',
    });
  let raw: unknown;
  try {
    raw = file === yamlFile ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new BadInputError(`task ${id}: ${file} is not valid ${file === yamlFile ? 'YAML' : 'JSON'}: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = TaskFile.safeParse(raw ?? {});
  if (!parsed.success) throw new BadInputError(`task ${id}: ${issueOf(file, parsed.error)}`);
  const issue = (parsed.data.issue ?? readText(path.join(dir, 'issue.md')) ?? '').trim();
  if (!issue) throw new BadInputError(`task ${id}: no issue text (issue: in ${file}, or ${path.join(dir, 'issue.md')})`);
  const repoDir = path.join(dir, 'repo');
  if (!existsSync(repoDir) || !lstatSync(repoDir).isDirectory()) throw new BadInputError(`task ${id}: ${repoDir} is missing (the repository to fix)`);
  return {
    id,
    dir,
    repoDir,
    exclude: [],
    format: 'oryon',
    issue,
    level: parsed.data.level,
    language: parsed.data.language,
    testCommand: parsed.data.test_command,
    hidden: parsed.data.hidden,
    solution: readText(path.join(dir, 'solution')),
  };
}
