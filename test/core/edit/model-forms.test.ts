import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEditText } from '../../../src/core/edit/index.js';
import { git, removeDir, snapshot, tempRepo } from './helpers.js';

// Replies as models really write them (after the edit-block cases of a widely used peer
// agent's test suite): placeholder paths, file names in a fence or comment of their own,
// extensionless names, SEARCH/REPLACE sections fenced inside the block.

const repos: string[] = [];
afterEach(() => repos.splice(0).forEach(removeDir));

/** A git repo with `files` tracked. */
function repoWith(files: Record<string, string>): string {
  const repo = tempRepo();
  repos.push(repo);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    writeFileSync(path.join(repo, name), text);
  }
  git(repo, 'add', '-A');
  return repo;
}

const read = (repo: string, file: string): string => readFileSync(path.join(repo, file), 'utf8');
const F = '```';

describe('a placeholder path copied from the prompt', () => {
  test('a whole-file block headed path/to/app.py replaces the one app.py and makes no folder', async () => {
    const repo = repoWith({ 'app.py': 'print(1)\n', 'README.md': '# demo\n' });
    const result = await applyEditText(repo, `Here it is:\n\npath/to/app.py\n${F}python\nprint(2)\n${F}\n`);
    expect(result.ok).toBe(true);
    expect(result.blocks).toEqual([
      { index: 1, path: 'app.py', status: 'applied', message: 'path/to/app.py does not exist; app.py is the one file named app.py' },
    ]);
    expect(read(repo, 'app.py')).toBe('print(2)\n');
    expect(existsSync(path.join(repo, 'path'))).toBe(false);
  });

  test('the file the model was shown wins over other files by that name', async () => {
    const repo = repoWith({ 'web/app.py': 'web = 1\n', 'cli/app.py': 'cli = 1\n' });
    const text = `path/to/app.py\n${F}\ncli = 2\n${F}\n`;
    const result = await applyEditText(repo, text, { shownFiles: ['cli/app.py'] });
    expect(result.ok).toBe(true);
    expect(read(repo, 'cli/app.py')).toBe('cli = 2\n');
    expect(read(repo, 'web/app.py')).toBe('web = 1\n');
  });

  test('several files by that name and none shown: refused with the candidates, nothing written', async () => {
    const repo = repoWith({ 'web/app.py': 'web = 1\n', 'cli/app.py': 'cli = 1\n' });
    const before = snapshot(repo);
    const result = await applyEditText(repo, `path/to/app.py\n${F}\nx = 2\n${F}\n`);
    expect(result.ok).toBe(false);
    expect(result.blocks[0]!.message).toBe('path/to/app.py does not exist and 2 files are named app.py: cli/app.py, web/app.py; write the full path');
    expect(snapshot(repo)).toEqual(before);
  });

  test('a placeholder path to a file that exists nowhere never becomes a folder', async () => {
    const repo = repoWith({ 'app.py': 'print(1)\n' });
    for (const text of [`path/to/new.py\n${F}\nx = 1\n${F}\n`, `path/to/new.py\n<<<<<<< SEARCH\n=======\nx = 1\n>>>>>>> REPLACE\n`]) {
      const result = await applyEditText(repo, text);
      expect(result.ok).toBe(false);
      expect(result.blocks[0]!.message).toBe(
        "path/to/new.py starts with an example folder (path/to/) that the repository does not have; write the file's real path",
      );
      expect(existsSync(path.join(repo, 'path'))).toBe(false);
    }
  });

  test('a SEARCH block under a misplaced path edits the one file by that name', async () => {
    const repo = repoWith({ 'src/app.py': 'x = 1\n' });
    const result = await applyEditText(repo, 'lib/app.py\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n');
    expect(result.ok).toBe(true);
    expect(read(repo, 'src/app.py')).toBe('x = 2\n');
  });

  test('a whole-file block that would make a new folder beside a file by that name is refused with it', async () => {
    const repo = repoWith({ 'src/__init__.py': '' });
    const result = await applyEditText(repo, `tests/__init__.py\n${F}\nimport os\n${F}\n`);
    expect(result.blocks[0]!.message).toBe(
      'tests/__init__.py does not exist and src/__init__.py is named __init__.py; write its path to change it, or create tests/__init__.py with an empty SEARCH',
    );
    // An empty SEARCH says "new file" for certain.
    const created = await applyEditText(repo, 'tests/__init__.py\n<<<<<<< SEARCH\n=======\nimport os\n>>>>>>> REPLACE\n');
    expect(created.ok).toBe(true);
    expect(read(repo, 'tests/__init__.py')).toBe('import os\n');
  });

  test('a real folder with a placeholder-like name is a real folder', async () => {
    const repo = repoWith({ 'example/app.py': 'x = 1\n', 'app.py': 'y = 1\n' });
    const result = await applyEditText(repo, `example/new.py\n${F}\nz = 1\n${F}\n`);
    expect(result.ok).toBe(true);
    expect(read(repo, 'example/new.py')).toBe('z = 1\n');
  });
});

describe('the file name on a line of its own before the edit', () => {
  test('in its own closed fence before the fence holding a SEARCH/REPLACE block', async () => {
    const repo = repoWith({ 'foo.txt': 'one\n' });
    const text = `${F}python\nfoo.txt\n${F}\n${F}python\n<<<<<<< SEARCH\none\n=======\ntwo\n>>>>>>> REPLACE\n${F}\n`;
    const result = await applyEditText(repo, text);
    expect(result.ok).toBe(true);
    expect(read(repo, 'foo.txt')).toBe('two\n');
  });

  test('in its own closed fence before a whole-file fence', async () => {
    const repo = repoWith({ 'src/app.js': 'let a = 1;\n' });
    const result = await applyEditText(repo, `${F}\nsrc/app.js\n${F}\n\n${F}javascript\nlet a = 2;\n${F}\n`);
    expect(result.ok).toBe(true);
    expect(read(repo, 'src/app.js')).toBe('let a = 2;\n');
  });

  test('on a # or // comment line before the fence', async () => {
    const repo = repoWith({ 'app.py': 'x = 1\n', 'main.js': 'let a = 1;\n', runme: 'echo 1\n' });
    const text = [
      `# app.py\n${F}python\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n${F}\n`,
      `// main.js\n${F}js\nlet a = 2;\n${F}\n`,
      `# runme\n${F}sh\n<<<<<<< SEARCH\necho 1\n=======\necho 2\n>>>>>>> REPLACE\n${F}\n`,
    ].join('\n');
    const result = await applyEditText(repo, text);
    expect(result.parseErrors).toEqual([]);
    expect(result.ok).toBe(true);
    expect([read(repo, 'app.py'), read(repo, 'main.js'), read(repo, 'runme')]).toEqual(['x = 2\n', 'let a = 2;\n', 'echo 2\n']);
  });

  test('a prose code block that is not just a path stays prose', async () => {
    const repo = repoWith({ 'app.py': 'x = 1\n' });
    const result = await applyEditText(repo, `Run:\n${F}\npython app.py --fast\n${F}\n${F}python\nx = 3\n${F}\n`);
    expect(result.blocks).toEqual([]);
    expect(read(repo, 'app.py')).toBe('x = 1\n');
  });
});

describe('extensionless file names', () => {
  test('any tracked file without an extension is a path, by its full path or its name', async () => {
    const repo = repoWith({ 'bin/deploy': '#!/bin/sh\necho old\n', Procfile: 'web: old\n', Jenkinsfile: 'old\n' });
    const text = [
      'deploy\n<<<<<<< SEARCH\necho old\n=======\necho new\n>>>>>>> REPLACE\n',
      `bin/deploy\n<<<<<<< SEARCH\necho new\n=======\necho newer\n>>>>>>> REPLACE\n`,
      'Procfile\n<<<<<<< SEARCH\nweb: old\n=======\nweb: new\n>>>>>>> REPLACE\n',
    ].join('\n');
    const result = await applyEditText(repo, text);
    expect(result.parseErrors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(read(repo, 'bin/deploy')).toBe('#!/bin/sh\necho newer\n');
    expect(read(repo, 'Procfile')).toBe('web: new\n');
  });

  test('a bare word that names no file is still not a path', async () => {
    const repo = repoWith({ 'app.py': 'x = 1\n' });
    const result = await applyEditText(repo, 'deploy\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n');
    expect(result.ok).toBe(false);
    expect(result.parseErrors[0]!.message).toContain('no file path');
  });
});

describe('SEARCH and REPLACE sections in a fence of their own', () => {
  const wrapped = (search: string, replace: string, name = ''): string =>
    `app.py\n<<<<<<< SEARCH\n${F}python\n${name}${search}${F}\n=======\n${F}python\n${name}${replace}${F}\n>>>>>>> REPLACE\n`;

  test('apply when the unwrapped text is in the file', async () => {
    const repo = repoWith({ 'app.py': 'def f():\n    return 1\n' });
    const result = await applyEditText(repo, wrapped('    return 1\n', '    return 2\n'));
    expect(result.ok).toBe(true);
    expect(result.blocks[0]).toMatchObject({ status: 'applied', tolerance: 'inner-fence' });
    expect(read(repo, 'app.py')).toBe('def f():\n    return 2\n');
  });

  test('with the file name repeated inside the inner fence', async () => {
    const repo = repoWith({ 'app.py': 'def f():\n    return 1\n' });
    const result = await applyEditText(repo, wrapped('    return 1\n', '    return 2\n', 'app.py\n'));
    expect(result.ok).toBe(true);
    expect(read(repo, 'app.py')).toBe('def f():\n    return 2\n');
  });

  test('the literal text wins when the file really holds the fences (a markdown file)', async () => {
    const doc = `# Use\n${F}python\nprint(1)\n${F}\n`;
    const repo = repoWith({ 'app.py': 'print(1)\n', 'README.md': doc });
    const text = `README.md\n<<<<<<< SEARCH\n${F}python\nprint(1)\n${F}\n=======\n${F}python\nprint(2)\n${F}\n>>>>>>> REPLACE\n`;
    const result = await applyEditText(repo, text);
    expect(result.blocks[0]).toEqual({ index: 1, path: 'README.md', status: 'applied' });
    expect(read(repo, 'README.md')).toBe(`# Use\n${F}python\nprint(2)\n${F}\n`);
    expect(read(repo, 'app.py')).toBe('print(1)\n');
  });

  test('an ambiguous unwrapped match is still refused', async () => {
    const repo = repoWith({ 'app.py': 'x = 1\ny = 0\nx = 1\n' });
    const before = snapshot(repo);
    const result = await applyEditText(repo, wrapped('x = 1\n', 'x = 2\n'));
    expect(result.ok).toBe(false);
    expect(result.blocks[0]!.message).toMatch(/matches 2 places|more than one|2 places/);
    expect(snapshot(repo)).toEqual(before);
  });
});

describe('one reply, several blocks', () => {
  test('a file created by one block is edited by the next, in a dry run and for real', async () => {
    const repo = repoWith({ 'app.py': 'x = 1\n' });
    const text = 'new.py\n<<<<<<< SEARCH\n=======\na = 1\n>>>>>>> REPLACE\n\nnew.py\n<<<<<<< SEARCH\na = 1\n=======\na = 2\n>>>>>>> REPLACE\n';
    const before = snapshot(repo);
    const dry = await applyEditText(repo, text, { dryRun: true });
    expect(dry.ok).toBe(true);
    expect(dry.blocks.map((b) => b.status)).toEqual(['created', 'applied']);
    expect(snapshot(repo)).toEqual(before);
    const real = await applyEditText(repo, text);
    expect(real.ok).toBe(true);
    expect(read(repo, 'new.py')).toBe('a = 2\n');
  });
});

describe("the prompts' example path", () => {
  test('is a placeholder no repo has, and a reply that copies its folder still finds the real file', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    for (const name of ['edit-diff.md', 'edit-whole.md']) {
      const prompt = readFileSync(path.join(root, 'prompts', name), 'utf8');
      expect(prompt).not.toContain('path/to/');
      expect(prompt.split('\n')).toContain('example/path/file.py');
    }
    const repo = repoWith({ 'app.py': 'print(1)\n' });
    const result = await applyEditText(repo, `example/path/app.py\n${F}\nprint(2)\n${F}\n`);
    expect(result.ok).toBe(true);
    expect(read(repo, 'app.py')).toBe('print(2)\n');
    expect(existsSync(path.join(repo, 'example'))).toBe(false);
  });
});
