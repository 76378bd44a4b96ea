// Fixture projects that look like real ones: dependencies installed and git-ignored
// (node_modules, an npm workspaces root, a python -m venv virtualenv), under a folder
// with a non-ASCII name. Nothing is downloaded: the installed packages are written here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { makeRepo, tempDir, writeFile } from './git-repo.js';

export interface Project {
  root: string;
  issue: string;
  /** The file the fix rewrites, and its fixed content (a whole-file edit block). */
  file: string;
  fixed: string;
  /** The model's reply that applies the fix. */
  reply: string;
}

const MS_PACKAGE = {
  'node_modules/ms/package.json': JSON.stringify({ name: 'ms', version: '2.1.3', main: 'index.js' }),
  // A cut-down `ms`: enough for the fixture's tests, and a package present only here.
  'node_modules/ms/index.js': `'use strict';
const units = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
module.exports = function ms(text) {
  const match = /^(\\d+)\\s*(ms|s|m|h|d)$/.exec(String(text).trim());
  if (!match) throw new Error('ms: cannot parse ' + text);
  return Number(match[1]) * units[match[2]];
};
`,
  'node_modules/.package-lock.json': JSON.stringify({ name: 'timeouts', lockfileVersion: 3, packages: { 'node_modules/ms': { version: '2.1.3' } } }),
};

const wholeFile = (file: string, content: string): string => `${file}\n\`\`\`\n${content}\`\`\`\n`;

function projectDir(name: string): string {
  const dir = path.join(tempDir('oryon-proj-'), 'projét ünïcode', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Node: `npm test` → `node --test`; src/timeout.js needs `ms`, which only node_modules has. */
export function nodeProject(): Project {
  const buggy = `const ms = require('ms');\n\n// Total wait in milliseconds for a list like ['1s', '500ms'].\nfunction totalWait(parts) {\n  return parts.reduce((sum, part) => sum + ms(part), 1);\n}\n\nmodule.exports = { totalWait };\n`;
  const fixed = buggy.replace('ms(part), 1)', 'ms(part), 0)');
  const root = makeRepo(
    {
      '.gitignore': 'node_modules/\n',
      'package.json':
        JSON.stringify({ name: 'timeouts', version: '1.0.0', private: true, scripts: { test: 'node --test' }, dependencies: { ms: '^2.1.3' } }, null, 2) + '\n',
      'src/timeout.js': buggy,
      'test/timeout.test.js': `const test = require('node:test');\nconst assert = require('node:assert');\nconst { totalWait } = require('../src/timeout.js');\n\ntest('sums the parts', () => {\n  assert.strictEqual(totalWait(['1s', '500ms']), 1500);\n});\n`,
    },
    projectDir('timeouts'),
  );
  for (const [file, text] of Object.entries(MS_PACKAGE)) writeFile(root, file, text);
  return { root, issue: 'totalWait is off by one millisecond', file: 'src/timeout.js', fixed, reply: wholeFile('src/timeout.js', fixed) };
}

/** An npm workspaces monorepo: packages/app resolves `ms` and `@acme/util` from the root node_modules only. */
export function workspaceProject(): Project {
  const buggy = `const ms = require('ms');\nconst { clamp } = require('@acme/util');\n\nfunction delay(text) {\n  return clamp(ms(text), 0, 1000);\n}\n\nmodule.exports = { delay };\n`;
  const fixed = buggy.replace('clamp(ms(text), 0, 1000)', 'clamp(ms(text), 0, 60000)');
  const root = makeRepo(
    {
      '.gitignore': 'node_modules\n',
      'package.json':
        JSON.stringify({ name: 'monorepo', private: true, workspaces: ['packages/*'], scripts: { test: 'npm test --workspaces --if-present' } }, null, 2) +
        '\n',
      'packages/util/package.json': JSON.stringify({ name: '@acme/util', version: '1.0.0', main: 'index.js' }),
      'packages/util/index.js': 'exports.clamp = (n, lo, hi) => Math.min(hi, Math.max(lo, n));\n',
      'packages/app/package.json': JSON.stringify({
        name: '@acme/app',
        version: '1.0.0',
        scripts: { test: 'node --test' },
        dependencies: { ms: '^2.1.3', '@acme/util': '1.0.0' },
      }),
      'packages/app/delay.js': buggy,
      'packages/app/delay.test.js': `const test = require('node:test');\nconst assert = require('node:assert');\nconst { delay } = require('./delay.js');\n\ntest('a two-second delay', () => {\n  assert.strictEqual(delay('2s'), 2000);\n});\n`,
    },
    projectDir('monorepo'),
  );
  for (const [file, text] of Object.entries(MS_PACKAGE)) writeFile(root, file, text);
  // As npm links workspaces: a relative link into packages/.
  mkdirSync(path.join(root, 'node_modules', '@acme'), { recursive: true });
  symlinkSync('../../packages/util', path.join(root, 'node_modules', '@acme', 'util'));
  return {
    root,
    issue: 'delay() caps at one second; it should allow up to a minute',
    file: 'packages/app/delay.js',
    fixed,
    reply: wholeFile('packages/app/delay.js', fixed),
  };
}

/** Python with an in-repo virtualenv made by `python3 -m venv`; `slugkit` is installed only in it. */
export function venvProject(): Project {
  const buggy = `from slugkit import slugify\n\n\ndef title_slug(title):\n    return slugify(title).upper()\n`;
  const fixed = `from slugkit import slugify\n\n\ndef title_slug(title):\n    return slugify(title)\n`;
  const root = makeRepo(
    {
      '.gitignore': '.venv/\n__pycache__/\n',
      'pyproject.toml': '[project]\nname = "titles"\nversion = "0.1.0"\ndependencies = ["slugkit"]\n',
      'titles.py': buggy,
      'test_titles.py': `import unittest\n\nfrom titles import title_slug\n\n\nclass TitleSlug(unittest.TestCase):\n    def test_lowercase(self):\n        self.assertEqual(title_slug("Hello World"), "hello-world")\n\n\nif __name__ == "__main__":\n    unittest.main()\n`,
    },
    projectDir('titles'),
  );
  execFileSync('python3', ['-m', 'venv', '--without-pip', '.venv'], { cwd: root, stdio: 'ignore' });
  const lib = path.join(root, '.venv', 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('python'))!;
  writeFile(
    root,
    `.venv/lib/${version}/site-packages/slugkit.py`,
    `import re\n\n\ndef slugify(text):\n    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")\n`,
  );
  return { root, issue: 'title_slug returns upper case; slugs are lower case', file: 'titles.py', fixed, reply: wholeFile('titles.py', fixed) };
}
