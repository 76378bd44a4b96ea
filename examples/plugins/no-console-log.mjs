// An example oryon plugin: a gate that refuses `console.log` in changed TypeScript lines,
// and a chat command, /console-logs, that lists them before you commit.
// List it in a config file:   plugins: ["./examples/plugins/no-console-log.mjs"]
// (paths are relative to the repository root; an npm package name works too).
// Its findings show in `oryon gate`, SARIF, and the fix loop's feedback to the model.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const TYPESCRIPT = /\.(ts|tsx|mts|cts)$/;
const CONSOLE_LOG = /\bconsole\.log\s*\(/;
// git's empty tree: what a repository without a commit yet is compared against.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Comments may mention it; code may not. */
const logs = (text) => CONSOLE_LOG.test(text.replace(/\/\/.*$/, ''));

/** Lines added against HEAD (staged or not) and every line of untracked files, per TypeScript file. */
function changedLines(repoRoot, paths) {
  const git = (...args) => execFileSync('git', ['-c', 'core.quotePath=false', ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let base = 'HEAD';
  try {
    git('rev-parse', '--verify', '--quiet', 'HEAD');
  } catch {
    base = EMPTY_TREE;
  }
  const files = new Map();
  let current;
  let line = 0;
  for (const text of git('diff', '--no-color', '--no-ext-diff', '--unified=0', base, '--', ...paths).split('\n')) {
    if (text.startsWith('+++ ')) {
      current = text.startsWith('+++ b/') ? text.slice(6) : undefined;
      if (current && !files.has(current)) files.set(current, []);
    } else if (text.startsWith('@@')) {
      line = Number(/\+(\d+)/.exec(text)?.[1] ?? 0);
    } else if (current && text.startsWith('+')) {
      files.get(current).push({ line: line++, text: text.slice(1) });
    }
  }
  for (const file of git('ls-files', '--others', '--exclude-standard', '-z', '--', ...paths).split('\0').filter(Boolean)) {
    const content = readFileSync(path.join(repoRoot, file), 'utf8');
    files.set(file, content.split('\n').map((text, index) => ({ line: index + 1, text })));
  }
  return files;
}

export default {
  name: 'no-console-log',
  gates: [
    {
      name: 'console-log',
      run({ files }) {
        const findings = [];
        for (const file of files) {
          if (!TYPESCRIPT.test(file.path)) continue;
          for (const { line, text } of file.added) {
            if (logs(text)) {
              findings.push({ rule: 'console-log', severity: 'high', file: file.path, line, message: 'console.log in a changed TypeScript line: use the logger, or remove it' });
            }
          }
        }
        return findings;
      },
    },
  ],
  commands: [
    {
      name: 'console-logs',
      description: 'list console.log in changed TypeScript lines (against HEAD, staged or not); args: paths to limit it to',
      run(args, { repoRoot }) {
        const found = [];
        for (const [file, lines] of changedLines(repoRoot, args.split(/\s+/).filter(Boolean))) {
          if (!TYPESCRIPT.test(file)) continue;
          for (const { line, text } of lines) if (logs(text)) found.push(`  ${file}:${line}  ${text.trim()}`);
        }
        return found.length ? `${found.length} console.log in changed TypeScript lines:\n${found.join('\n')}` : 'no console.log in changed TypeScript lines';
      },
    },
  ],
};
