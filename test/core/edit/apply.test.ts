import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { applyEditText, type PathGuard } from '../../../src/core/edit/index.js';
import { writeAtomically } from '../../../src/core/edit/write.js';
import { removeDir, snapshot, tempRepo } from './helpers.js';

const repos: string[] = [];
afterEach(() => repos.splice(0).forEach(removeDir));

function repoWith(files: Record<string, string>): string {
  const repo = tempRepo();
  repos.push(repo);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    writeFileSync(path.join(repo, name), text);
  }
  return repo;
}

const block = (file: string, search: string, replace: string): string => `${file}\n<<<<<<< SEARCH\n${search}=======\n${replace}>>>>>>> REPLACE\n`;

describe('applyEditText', () => {
  test('dry run computes the diff and writes nothing', async () => {
    const repo = repoWith({ 'a.py': 'x = 1\n' });
    const before = snapshot(repo);
    const result = await applyEditText(repo, block('a.py', 'x = 1\n', 'x = 2\n') + block('new/b.py', '', 'y\n'), { dryRun: true, trackedFiles: [] });
    expect(result.ok).toBe(true);
    expect(result.blocks.map((b) => b.status)).toEqual(['applied', 'created']);
    expect(result.diff).toBe(
      [
        'diff --git a/a.py b/a.py',
        '--- a/a.py',
        '+++ b/a.py',
        '@@ -1 +1 @@',
        '-x = 1',
        '+x = 2',
        'diff --git a/new/b.py b/new/b.py',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/new/b.py',
        '@@ -0,0 +1 @@',
        '+y',
        '',
      ].join('\n'),
    );
    expect(result.diffstat).toBe(' a.py     |    2 +-\n new/b.py |    1 +\n 2 files changed, 2 insertions(+), 1 deletion(-)');
    expect(snapshot(repo)).toEqual(before);
  });

  test('a denied path fails the whole reply and names the rule', async () => {
    const repo = repoWith({ 'a.py': 'x = 1\n', '.env': 'KEY=1\n' });
    const before = snapshot(repo);
    const seen: string[] = [];
    const guard: PathGuard = (rel) => {
      seen.push(rel);
      return rel === '.env' ? { allowed: false, rule: 'paths.deny: .env*', reason: 'secrets live there' } : { allowed: true };
    };
    const result = await applyEditText(repo, block('a.py', 'x = 1\n', 'x = 2\n') + block('.env', 'KEY=1\n', 'KEY=2\n'), { pathGuard: guard });
    expect(result).toMatchObject({ ok: false, denied: true });
    expect(result.blocks[1]).toEqual({
      index: 2,
      path: '.env',
      status: 'denied',
      rule: 'paths.deny: .env*',
      message: 'refused by policy rule paths.deny: .env*: secrets live there',
    });
    expect(result.feedback).toContain('Block 2 (.env): refused by policy rule paths.deny: .env*');
    expect(seen).toEqual(['a.py', '.env']);
    expect(snapshot(repo)).toEqual(before);
  });

  test('the guard also sees where a symlink inside the repo really points', async () => {
    const repo = repoWith({ '.env': 'KEY=1\n' });
    const { symlinkSync } = await import('node:fs');
    symlinkSync('.env', path.join(repo, 'config.txt'));
    const guard: PathGuard = (rel) => (rel === '.env' ? { allowed: false, rule: 'paths.deny: .env*', reason: 'no' } : { allowed: true });
    const result = await applyEditText(repo, block('config.txt', 'KEY=1\n', 'KEY=2\n'), { pathGuard: guard });
    expect(result.denied).toBe(true);
    expect(readFileSync(path.join(repo, '.env'), 'utf8')).toBe('KEY=1\n');
  });

  test('one failing block leaves every file untouched, and the feedback names it', async () => {
    const repo = repoWith({ 'a.py': 'x = 1\n', 'b.py': 'y = 1\n' });
    const before = snapshot(repo);
    const result = await applyEditText(repo, block('a.py', 'x = 1\n', 'x = 2\n') + block('b.py', 'y = 9\n', 'y = 2\n'));
    expect(result.ok).toBe(false);
    expect(result.blocks.map((b) => b.status)).toEqual(['applied', 'failed']);
    expect(result.feedback).toMatch(/^1 of 2 edit blocks failed, so nothing was changed/);
    expect(result.feedback).toContain('Block 2 (b.py): the SEARCH lines are not in b.py. The closest is line 1:\n1 | y = 1');
    expect(snapshot(repo)).toEqual(before);
  });

  test('a later block sees what an earlier block did to the same file', async () => {
    const repo = repoWith({ 's.py': 'a\nb\n' });
    const result = await applyEditText(repo, block('s.py', 'a\n', 'a\nc\n') + block('s.py', 'c\nb\n', 'c\nd\n'));
    expect(result.ok).toBe(true);
    expect(result.changes).toEqual([{ path: 's.py', before: 'a\nb\n', after: 'a\nc\nd\n' }]);
    expect(readFileSync(path.join(repo, 's.py'), 'utf8')).toBe('a\nc\nd\n');
  });

  test('keeps the permission bits of an edited file', async () => {
    const repo = repoWith({ 'run.sh': '#!/bin/sh\necho a\n' });
    chmodSync(path.join(repo, 'run.sh'), 0o755);
    await applyEditText(repo, block('run.sh', 'echo a\n', 'echo b\n'));
    expect(statSync(path.join(repo, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(repo, 'run.sh'), 'utf8')).toBe('#!/bin/sh\necho b\n');
  });

  test('reports the tolerance that found the match', async () => {
    const repo = repoWith({ 'a.py': 'def f():\n    return 1\n', 'w.txt': 'a\r\nb\r\n' });
    const result = await applyEditText(repo, block('a.py', 'return 1\n', 'return 2\n') + block('w.txt', 'b\n', 'c\n'));
    expect(result.blocks.map((b) => b.tolerance)).toEqual(['indentation', 'line-endings']);
    expect(readFileSync(path.join(repo, 'w.txt'), 'utf8')).toBe('a\r\nc\r\n');
  });

  test('applying the same reply twice changes nothing the second time', async () => {
    const repo = repoWith({ 'a.py': 'import os\n\ndef f():\n    pass\n' });
    const reply = block('a.py', 'import os\n', 'import os\nimport sys\n') + block('a.py', '    pass\n', '    return 1\n');
    expect((await applyEditText(repo, reply)).ok).toBe(true);
    const after = readFileSync(path.join(repo, 'a.py'), 'utf8');
    const again = await applyEditText(repo, reply);
    expect(again.ok).toBe(true);
    expect(again.blocks.map((b) => b.status)).toEqual(['already-applied', 'already-applied']);
    expect(readFileSync(path.join(repo, 'a.py'), 'utf8')).toBe(after);
  });

  test('a lone closing bracket is not evidence that an edit was already applied', async () => {
    const repo = repoWith({ 'a.js': 'function f() {\n  return 1;\n}\n' });
    const result = await applyEditText(repo, block('a.js', '  return 2;\n}\n', '}\n'));
    expect(result.blocks[0]!.status).toBe('failed');
  });

  test('a reply with no blocks is not ok and says how to write one', async () => {
    const repo = repoWith({ 'a.py': 'x\n' });
    const result = await applyEditText(repo, 'Just change x.');
    expect(result).toMatchObject({ ok: false, blocks: [], parseErrors: [], changes: [] });
    expect(result.feedback).toContain('<<<<<<< SEARCH');
  });

  test('a failed SEARCH shows at most 12 numbered lines of the closest window', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `line_${i + 1} = ${i + 1}`);
    const repo = repoWith({ 'big.py': `${lines.join('\n')}\n` });
    const search = `${lines.slice(20, 40).join('\n').replace('line_30 = 30', 'line_30 = 99')}\n`;
    const result = await applyEditText(repo, block('big.py', search, 'x\n'));
    const window = result.feedback.split('\n').filter((l) => /^\d+ \| /.test(l));
    expect(window).toHaveLength(12);
    expect(window[0]).toBe('21 | line_21 = 21');
    expect(result.feedback).toContain('your SEARCH line 10 is "line_30 = 99" but file line 30 is "line_30 = 30"');
  });

  test('feedback stays short when many blocks fail: past the budget only the reason line', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `value_${i} = compute(${i}, "${'x'.repeat(60)}")`);
    const repo = repoWith({ 'big.py': `${lines.join('\n')}\n` });
    const reply = Array.from({ length: 30 }, (_, b) => block('big.py', `${lines.slice(b * 12, b * 12 + 11).join('\n')}\nnot in the file\n`, 'x\n')).join('\n');
    const result = await applyEditText(repo, reply);
    expect(result.ok).toBe(false);
    expect(result.feedback.length).toBeLessThanOrEqual(6000);
    expect(result.feedback).toContain('Block 1 (big.py): the SEARCH lines are not in big.py. The closest is lines 1-12:\n 1 | value_0');
    expect(result.feedback.endsWith('\n\nBlock 30 (big.py): the SEARCH lines are not in big.py. The closest is lines 349-360.')).toBe(true);
  });

  test('content with ======= lines: the longest SEARCH the file confirms is the reading applied', async () => {
    const repo = repoWith({ 'n.rst': 'Intro\n=======\nOld\n=======\nKeep\n' });
    // Read by the middle line, SEARCH would be "Intro, =======, Old" and leave a stray underline.
    const result = await applyEditText(repo, block('n.rst', 'Intro\n=======\nOld\n=======\n', 'Summary\n'));
    expect(result.ok).toBe(true);
    expect(readFileSync(path.join(repo, 'n.rst'), 'utf8')).toBe('Summary\nKeep\n');
  });

  test('a SEARCH of blank lines creates a missing file, and matches blank lines in an existing one', async () => {
    const repo = repoWith({ 'a.py': 'x = 1\n\ny = 2\n' });
    const result = await applyEditText(repo, block('new.py', '\n', 'z = 3\n') + block('a.py', '\n', '\nw = 0\n\n'));
    expect(result.blocks.map((b) => [b.status, b.tolerance])).toEqual([
      ['created', 'blank-lines'],
      ['applied', undefined],
    ]);
    expect(readFileSync(path.join(repo, 'new.py'), 'utf8')).toBe('z = 3\n');
    expect(readFileSync(path.join(repo, 'a.py'), 'utf8')).toBe('x = 1\n\nw = 0\n\ny = 2\n');
  });

  test('a file that is not UTF-8 is refused rather than corrupted', async () => {
    const repo = repoWith({});
    writeFileSync(path.join(repo, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const result = await applyEditText(repo, block('latin1.txt', 'caf\n', 'x\n'), { trackedFiles: [] });
    expect(result.blocks[0]!.message).toContain('not UTF-8');
  });
});

describe('writeAtomically', () => {
  test('a failure while staging removes the temp files and changes nothing', async () => {
    const repo = repoWith({ 'a.txt': 'a\n', blocker: 'a file where a directory should be\n' });
    const before = snapshot(repo);
    await expect(
      writeAtomically([
        { abs: path.join(repo, 'a.txt'), content: 'A\n', before: 'a\n', mode: 0o644 },
        { abs: path.join(repo, 'blocker', 'b.txt'), content: 'B\n', before: null, mode: undefined },
      ]),
    ).rejects.toThrow();
    expect(snapshot(repo)).toEqual(before);
  });

  test('a failure while renaming puts back what was already replaced and removes new directories', async () => {
    const repo = repoWith({ 'a.txt': 'a\n', 'dir/keep.txt': 'k\n' });
    const before = snapshot(repo);
    await expect(
      writeAtomically([
        { abs: path.join(repo, 'a.txt'), content: 'A\n', before: 'a\n', mode: 0o644 },
        { abs: path.join(repo, 'fresh', 'deep', 'n.txt'), content: 'N\n', before: null, mode: undefined },
        // Renaming a file onto a non-empty directory fails after the others were renamed.
        { abs: path.join(repo, 'dir'), content: 'D\n', before: 'x', mode: undefined },
      ]),
    ).rejects.toThrow();
    expect(snapshot(repo)).toEqual(before);
    expect(existsSync(path.join(repo, 'fresh'))).toBe(false);
  });
});
