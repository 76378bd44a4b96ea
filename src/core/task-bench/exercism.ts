// The Exercism / polyglot format aider's public benchmark uses: one folder per exercise,
// `.docs/instructions.md` (+ `instructions.append.md`) is the issue, `.meta/config.json`
// names the solution stub, the test files (the hidden grade) and the example solution.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BadInputError } from '../errors.js';
import type { BenchTask } from './task.js';

const MetaConfig = z.object({
  files: z.object({
    solution: z.array(z.string().min(1), { error: 'expected files.solution: a list of paths' }).min(1, { error: 'expected at least one solution file' }),
    test: z.array(z.string().min(1), { error: 'expected files.test: a list of paths' }).min(1, { error: 'expected at least one test file' }),
    example: z.array(z.string().min(1)).default([]),
  }),
});

const EXTENSION_LANGUAGE: Record<string, string> = { '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.ts': 'typescript' };

/** The grading command for an exercise, by language (Exercism's own runners, minus network). */
export function exerciseTestCommand(language: string, dir: string): string | undefined {
  const packageJson = path.join(dir, 'package.json');
  const hasTestScript = (): boolean => {
    if (!existsSync(packageJson)) return false;
    try {
      return typeof (JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts?: { test?: unknown } }).scripts?.test === 'string';
    } catch {
      return false;
    }
  };
  switch (language) {
    case 'python':
      // Exercism's Python tests are unittest classes in <slug>_test.py.
      return 'python3 -m unittest discover -p *_test.py';
    case 'javascript':
      return hasTestScript() ? 'npm test' : 'node --test';
    case 'typescript':
      return hasTestScript() ? 'npm test' : undefined;
    default:
      return undefined;
  }
}

/** Whole-file edit blocks that turn the stub into the example: the exercise's reference answer. */
function exampleSolution(dir: string, solutionFiles: string[], exampleFiles: string[]): string | undefined {
  if (exampleFiles.length !== solutionFiles.length) return undefined;
  const blocks: string[] = [];
  for (const [i, example] of exampleFiles.entries()) {
    const file = path.join(dir, example);
    if (!existsSync(file)) return undefined;
    const text = readFileSync(file, 'utf8');
    blocks.push(`${solutionFiles[i]}\n\`\`\`\n${text.endsWith('\n') ? text : `${text}\n`}\`\`\`\n`);
  }
  return blocks.join('\n');
}

export function isExercise(dir: string): boolean {
  return existsSync(path.join(dir, '.meta', 'config.json'));
}

/** One exercise folder; `id` is `<language>/<slug>` so a polyglot suite's names stay unique. */
export function loadExercise(dir: string): BenchTask {
  const slug = path.basename(dir);
  const metaFile = path.join(dir, '.meta', 'config.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(metaFile, 'utf8'));
  } catch (error) {
    throw new BadInputError(`exercise ${slug}: ${metaFile} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = MetaConfig.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new BadInputError(`exercise ${slug}: ${metaFile}: ${first.path.join('.') || '(top level)'}: ${first.message}`);
  }
  const { solution, test, example } = parsed.data.files;
  const language = EXTENSION_LANGUAGE[path.extname(solution[0]!)];
  if (!language) throw new BadInputError(`exercise ${slug}: ${metaFile}: files.solution ${solution[0]} is not Python, JavaScript or TypeScript`);
  const instructions = path.join(dir, '.docs', 'instructions.md');
  if (!existsSync(instructions)) throw new BadInputError(`exercise ${slug}: ${instructions} is missing (the issue text)`);
  const append = path.join(dir, '.docs', 'instructions.append.md');
  let issue = readFileSync(instructions, 'utf8').trim();
  if (existsSync(append)) issue += `\n\n${readFileSync(append, 'utf8').trim()}`;
  issue += `\n\nUse the above instructions to modify the supplied files: ${solution.join(', ')}. Keep the existing function names, and do not change the tests.`;
  const testCommand = exerciseTestCommand(language, dir);
  if (!testCommand)
    throw new BadInputError(`exercise ${slug}: no test command for ${language} (a TypeScript exercise needs package.json with a "test" script)`, {
      hint: `add "scripts": { "test": ... } to ${path.join(dir, 'package.json')}`,
    });
  return {
    id: `${language}/${slug}`,
    dir,
    repoDir: dir,
    exclude: ['.meta', '.docs', '.exercism', 'node_modules'],
    format: 'exercism',
    issue,
    level: 1,
    language,
    testCommand,
    hidden: test,
    solution: exampleSolution(dir, solution, example),
  };
}
