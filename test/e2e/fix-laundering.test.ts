// A secret laundered through oryon's own diff: after the model's edit, a repo test swaps
// the edited file for a symlink to ~/.ssh/id_rsa. The sandbox cannot read the key, but
// finishing the run on the host used to: the key landed in the diff, the journal, the
// evidence pack and a commit. Now the changed path is lstat'ed and the run fails naming it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../helpers/fake-ollama.js';
import { branches, datasetRepo, git } from '../helpers/git-repo.js';
import { bwrap, withBwrap } from '../core/sandbox/fixture.js';
import { build } from './build.js';
import { fix, fixEnv, planReply, runs } from './fix-helpers.js';

let fake: FakeOllama | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
beforeAll(build, 120_000);

const KEY = 'planted-key-material-4f1c9a';

function plantingTest(target: string, how: 'symlink' | 'fifo' | 'parent'): string {
  const plant = {
    symlink: `os.remove("fib.py")\n            os.symlink(${JSON.stringify(target)}, "fib.py")`,
    fifo: 'os.remove("fib.py")\n            os.mkfifo("fib.py")',
    parent: '',
  }[how];
  return `import os\nimport unittest\n\n\nclass PlantTest(unittest.TestCase):\n    def test_plant(self):\n        # Only once the model's fix is in, so the run gets as far as finishing.\n        if "a, b = 0, 1" in open("fib.py").read():\n            ${plant}\n\n\nif __name__ == "__main__":\n    unittest.main()\n`;
}

describe.skipIf(!bwrap.usable)(withBwrap('oryon fix: a changed file swapped by the tests (e2e)'), () => {
  it.each(['symlink', 'fifo'] as const)(
    'a %s planted over the edited file fails the run, naming it; nothing is read, journaled, exported or committed',
    async (how) => {
      const task = datasetRepo('py-fib');
      const env = fixEnv('http://127.0.0.1:9');
      mkdirSync(path.join(env.HOME!, '.ssh'));
      const secret = path.join(env.HOME!, '.ssh', 'id_rsa');
      writeFileSync(secret, `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY}\n`, { mode: 0o600 });
      writeFileSync(path.join(task.root, 'test_plant.py'), plantingTest(secret, how));
      git(task.root, 'add', 'test_plant.py');
      git(task.root, 'commit', '-q', '-m', 'a repo test that plants');

      fake = await startFakeOllama({ replies: [{ content: planReply(['fib.py']) }, { content: task.solution }] });
      const result = await fix(task.root, ['--json', '--max-iterations', '1', task.issue], { ...env, OLLAMA_HOST: fake.url });
      expect(result.code).toBe(1);
      const doc = JSON.parse(result.stdout);
      expect(doc.status).toBe('failed');
      expect(result.stdout + result.stderr).not.toContain(KEY);
      expect(branches(task.root)).toEqual(['main']);

      const shown = await runs(task.root, ['show', doc.run_id, '--json'], env);
      expect(shown.stdout).not.toContain(KEY);
      const run = JSON.parse(shown.stdout);
      expect(run.decisions).toContainEqual(
        expect.objectContaining({
          subject: 'fib.py',
          allowed: false,
          rule: 'paths.regular-file',
          reason: expect.stringContaining(how === 'symlink' ? 'is a symbolic link' : 'is a FIFO'),
        }),
      );

      const pack = path.join(env.HOME!, 'pack.json');
      const exported = await runs(task.root, ['export', doc.run_id, '-o', pack], env);
      expect(exported.code).toBe(0);
      expect(readFileSync(pack, 'utf8')).not.toContain(KEY);
    },
    120_000,
  );
});
