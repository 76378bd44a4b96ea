import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { makeRepo, snapshot } from '../helpers/git-repo.js';

// `oryon apply` as a user runs it: the built CLI on temp git repos.

const FIZZ = 'def fizzbuzz(n):\n    if n % 3 == 0:\n        return "Fizz"\n    return str(n)\n';
const EDIT = [
  'Here is the fix.',
  '',
  'fizzbuzz.py',
  '```python',
  '<<<<<<< SEARCH',
  '    if n % 3 == 0:',
  '=======',
  '    if n % 15 == 0:',
  '        return "FizzBuzz"',
  '    if n % 3 == 0:',
  '>>>>>>> REPLACE',
  '```',
  '',
].join('\n');
const FIXED = 'def fizzbuzz(n):\n    if n % 15 == 0:\n        return "FizzBuzz"\n    if n % 3 == 0:\n        return "Fizz"\n    return str(n)\n';

const block = (file: string, search: string, replace: string): string => `${file}\n<<<<<<< SEARCH\n${search}=======\n${replace}>>>>>>> REPLACE\n`;

describe('oryon apply', () => {
  it('applies blocks from stdin, finds the file by its short name, prints results and a diffstat', async () => {
    const repo = makeRepo({ 'src/fizzbuzz.py': FIZZ });
    const result = await runCli(['apply'], { cwd: path.join(repo, 'src'), input: EDIT });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ block 1 src/fizzbuzz.py: applied');
    expect(result.stdout).toContain(' src/fizzbuzz.py |    2 ++\n 1 file changed, 2 insertions(+)');
    expect(readFileSync(path.join(repo, 'src/fizzbuzz.py'), 'utf8')).toBe(FIXED);
  });

  it('reads a file argument, and `-` for stdin, with --repo from elsewhere', async () => {
    const repo = makeRepo({ 'a.txt': 'one\n' });
    const replyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'oryon-reply-')), 'reply.md');
    writeFileSync(replyFile, block('a.txt', 'one\n', 'two\n'));
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'oryon-cwd-'));
    expect((await runCli(['apply', replyFile, '--repo', repo], { cwd: elsewhere })).code).toBe(0);
    expect(readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe('two\n');
    const again = await runCli(['apply', '-', '--repo', repo], { cwd: elsewhere, input: block('a.txt', 'two\n', 'three\n') });
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe('three\n');
  });

  it('--dry-run prints the unified diff and writes nothing', async () => {
    const repo = makeRepo({ 'src/fizzbuzz.py': FIZZ });
    const before = snapshot(repo);
    const result = await runCli(['apply', '--dry-run'], { cwd: repo, input: EDIT });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ block 1 src/fizzbuzz.py: would apply');
    expect(result.stdout).toContain(
      'diff --git a/src/fizzbuzz.py b/src/fizzbuzz.py\n--- a/src/fizzbuzz.py\n+++ b/src/fizzbuzz.py\n@@ -1,4 +1,6 @@\n def fizzbuzz(n):\n+    if n % 15 == 0:\n+        return "FizzBuzz"\n     if n % 3 == 0:\n',
    );
    expect(result.stdout).toContain('dry run: nothing was written');
    expect(snapshot(repo)).toEqual(before);
  });

  it('--dry-run exits 0 for replies as models write them, and the same reply then applies', async () => {
    const repo = makeRepo({ 'app.py': 'def f():\n    return 1\n', 'bin/deploy': 'echo old\n' });
    const before = snapshot(repo);
    const input = [
      'path/to/app.py',
      '<<<<<<< SEARCH',
      '```python',
      '    return 1',
      '```',
      '=======',
      '```python',
      '    return 2',
      '```',
      '>>>>>>> REPLACE',
      '',
      '```',
      'deploy',
      '```',
      '```sh',
      'echo new',
      '```',
      '',
      'notes/todo.txt',
      '<<<<<<< SEARCH',
      '=======',
      'one',
      '>>>>>>> REPLACE',
      '',
      'notes/todo.txt',
      '<<<<<<< SEARCH',
      'one',
      '=======',
      'two',
      '>>>>>>> REPLACE',
      '',
    ].join('\n');
    const dry = await runCli(['apply', '--dry-run'], { cwd: repo, input });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('✓ block 1 app.py: would apply (inner-fence)\n    path/to/app.py does not exist; app.py is the one file named app.py');
    expect(dry.stdout).toContain('✓ block 2 bin/deploy: would apply');
    expect(dry.stdout).toContain('✓ block 3 notes/todo.txt: would create');
    expect(dry.stdout).toContain('✓ block 4 notes/todo.txt: would apply');
    expect(snapshot(repo)).toEqual(before);
    const real = await runCli(['apply'], { cwd: repo, input });
    expect(real.code).toBe(0);
    expect(readFileSync(path.join(repo, 'app.py'), 'utf8')).toBe('def f():\n    return 2\n');
    expect(readFileSync(path.join(repo, 'bin/deploy'), 'utf8')).toBe('echo new\n');
    expect(readFileSync(path.join(repo, 'notes/todo.txt'), 'utf8')).toBe('two\n');
    expect(existsSync(path.join(repo, 'path'))).toBe(false);
  });

  it('--json prints one document for scripts', async () => {
    const repo = makeRepo({ 'src/fizzbuzz.py': FIZZ });
    const result = await runCli(['apply', '--json', '--dry-run'], { cwd: repo, input: EDIT });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({
      ok: true,
      blocks: [{ index: 1, path: 'src/fizzbuzz.py', status: 'applied' }],
      parse_errors: [],
      files_changed: [{ path: 'src/fizzbuzz.py', created: false, insertions: 2, deletions: 0 }],
    });
    expect(doc.diff).toContain('+        return "FizzBuzz"');
    expect(doc.feedback).toBe('');

    const written = JSON.parse((await runCli(['apply', '--json'], { cwd: repo, input: EDIT })).stdout);
    expect(written.diff).toBeUndefined();
    expect(readFileSync(path.join(repo, 'src/fizzbuzz.py'), 'utf8')).toBe(FIXED);
  });

  it('one failing block: exit 1, every file untouched, the failure shown with the closest lines', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n', 'b.py': 'def f():\n    y = 1\n    return y\n' });
    const before = snapshot(repo);
    const input = block('a.py', 'x = 1\n', 'x = 2\n') + block('b.py', '    y = 2\n    return y\n', '    return 2\n');
    const result = await runCli(['apply'], { cwd: repo, input });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✓ block 1 a.py: would apply');
    expect(result.stdout).toContain(
      '✗ block 2 b.py: failed\n    the SEARCH lines are not in b.py. The closest is lines 1-3:\n    1 | def f():\n    2 |     y = 1',
    );
    expect(result.stdout).toContain('nothing was changed');
    expect(result.stderr).toBe('oryon: 1 of 2 edit blocks failed; nothing was changed\n');
    expect(snapshot(repo)).toEqual(before);

    const json = await runCli(['apply', '--json'], { cwd: repo, input });
    expect(json.code).toBe(1);
    const failedDoc = JSON.parse(json.stdout);
    expect(failedDoc).toMatchObject({ ok: false, files_changed: [], blocks: [{ status: 'applied' }, { status: 'failed' }] });
    expect(failedDoc.feedback).toMatch(/^1 of 2 edit blocks failed, so nothing was changed\./);
    expect(failedDoc.feedback).toContain('Block 2 (b.py): the SEARCH lines are not in b.py. The closest is lines 1-3:\n1 | def f():');
    expect(snapshot(repo)).toEqual(before);
  });

  it('a malformed block fails with its position (exit 1)', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const result = await runCli(['apply'], { cwd: repo, input: 'a.py\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ block 1 (line 2): malformed: cut off: the reply ends before the >>>>>>> REPLACE line');
    expect(readFileSync(path.join(repo, 'a.py'), 'utf8')).toBe('x = 1\n');
  });

  it('a path the policy denies is refused with exit 4 naming the rule', async () => {
    const repo = makeRepo({ '.env': 'TOKEN=abc\n', 'a.py': 'x = 1\n' });
    const before = snapshot(repo);
    const input = block('a.py', 'x = 1\n', 'x = 2\n') + block('.env', 'TOKEN=abc\n', 'TOKEN=leaked\n');
    const result = await runCli(['apply'], { cwd: repo, input });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('✗ block 2 .env: denied');
    expect(result.stderr).toMatch(/^oryon: edit refused by policy rule paths\.deny: \.env\*/);
    expect(snapshot(repo)).toEqual(before);

    const json = await runCli(['apply', '--json'], { cwd: repo, input });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, blocks: [{ status: 'applied' }, { status: 'denied', path: '.env' }] });
    expect(snapshot(repo)).toEqual(before);
  });

  it("the policy's protected files are refused even when the policy allows everything", async () => {
    const repo = makeRepo({ '.oryon/policy.yaml': 'paths:\n  allow: ["**"]\n  deny: []\n' });
    const env = isolatedEnv();
    expect((await runCli(['trust'], { cwd: repo, env })).code).toBe(0);
    const result = await runCli(['apply'], { cwd: repo, env, input: block('.oryon/policy.yaml', '  deny: []\n', '  deny: ["nothing"]\n') });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('paths.protected');
  });

  it('a path that leaves the repo is refused and nothing outside changes', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'oryon-parent-'));
    mkdirSync(path.join(parent, 'repo'));
    const repo = makeRepo({ 'a.py': 'x = 1\n' }, path.join(parent, 'repo'));
    writeFileSync(path.join(parent, 'victim.txt'), 'safe\n');
    const result = await runCli(['apply'], { cwd: repo, input: block('../victim.txt', 'safe\n', 'owned\n') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('../victim.txt leaves the repository');
    expect(readFileSync(path.join(parent, 'victim.txt'), 'utf8')).toBe('safe\n');
  });

  it('bad input exits 2: a missing file, input with no blocks, outside a git repo', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    const missing = await runCli(['apply', 'nope.md'], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('oryon: cannot read nope.md: no such file');

    const empty = await runCli(['apply'], { cwd: repo, input: 'Sorry, I cannot help with that.\n' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no edit blocks found in the input');

    const notRepo = await runCli(['apply'], { cwd: mkdtempSync(path.join(os.tmpdir(), 'oryon-norepo-')), input: EDIT });
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toContain('not a git repository');
  });

  it('keeps CRLF, a missing final newline and non-ASCII text byte for byte', async () => {
    const repo = makeRepo({ 'README.md': 'r\n' });
    writeFileSync(path.join(repo, 'w.txt'), 'héllo\r\nwörld\r\nend');
    const result = await runCli(['apply'], { cwd: repo, input: block('w.txt', 'wörld\n', 'wörld 🎉\n') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('applied (line-endings)');
    expect(readFileSync(path.join(repo, 'w.txt'), 'utf8')).toBe('héllo\r\nwörld 🎉\r\nend');
  });
});
