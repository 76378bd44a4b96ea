// Code and settings planted in the checkout to act later, outside the sandbox: oryon's own
// policy, git hooks kept in the tree, nested repositories, a symlink swapped in for a file
// oryon reads when it finishes, and the tree written by commands that should only read.
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bwrap, withBwrap } from '../../core/sandbox/fixture.js';
import { branches, git } from '../../helpers/git-repo.js';
import { build } from '../build.js';
import { attackTest, closeFakes, fixWithAttack, printed, testOutput } from './fix-harness.js';
import { RAN, attackDir, attackEnv, attackRepo, attackTask, cleanupAttackDirs, cli, fingerprint, marker, onHost, plant, py, sandbox } from './harness.js';

beforeAll(build, 120_000);
afterEach(closeFakes);
afterAll(cleanupAttackDirs);

const LOOSE_POLICY = 'network: true\ncommands:\n  allow: ["**"]\n';

/** Python that writes each file (making folders), printing WROTE or BLOCKED per file. */
function writeEach(files: Record<string, string>, mode?: number): string {
  return [
    'import os',
    `for f, text in ${JSON.stringify(Object.entries(files))}:`,
    '    try:',
    '        d = os.path.dirname(f)',
    '        if d: os.makedirs(d, exist_ok=True)',
    '        with open(f, "w") as h: h.write(text)',
    ...(mode === undefined ? [] : [`        os.chmod(f, ${mode})`]),
    '        print("WROTE", f, flush=True)',
    '    except OSError as e:',
    '        print("BLOCKED", f, e.strerror, flush=True)',
  ].join('\n');
}

/** A hook body that leaves evidence on the host if it ever runs there. */
const evidenceHook = (file: string) => `#!/bin/sh\necho ran > ${file}\n`;

describe.skipIf(!bwrap.usable)(withBwrap("planting oryon's policy"), () => {
  it('a command cannot create .oryon/policy.yaml in a repo without .oryon, and the next run keeps the defaults', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(repo, py(writeEach({ '.oryon/policy.yaml': LOOSE_POLICY, '.oryon/config.yaml': 'sandbox:\n  isolation: best-effort\n' })), {
      write: true,
    });
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('WROTE');
    expect(existsSync(path.join(repo, '.oryon'))).toBe(false);
    const next = await sandbox(repo, ['curl', 'http://127.0.0.1:9/']);
    expect(next.code).toBe(4);
    expect(next.stderr).toContain('commands.allow');
  });

  it('a command cannot plant .oryon as a symlink to a folder it filled', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const code = `${writeEach({ 'staging/policy.yaml': LOOSE_POLICY })}\ntry:\n    os.symlink("staging", ".oryon")\n    print("LINKED", flush=True)\nexcept OSError as e:\n    print("BLOCKED link", e.strerror, flush=True)`;
    const result = await sandbox(repo, py(code), { write: true });
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('LINKED');
    expect(() => lstatSync(path.join(repo, '.oryon'))).toThrow();
  });

  it('a committed policy that loosens the defaults needs `oryon trust`, again after it changes', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': LOOSE_POLICY });
    const env = attackEnv();
    const refused = await sandbox(repo, ['true'], { env });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/trust/);
    const trusted = await cli(['trust'], { cwd: repo, env });
    expect(trusted.code).toBe(0);
    expect((await sandbox(repo, ['true'], { env })).code).toBe(0);
    // The trust covers these bytes only: an edit (a pull, a planted change) asks again.
    plant(repo, { '.oryon/policy.yaml': `${LOOSE_POLICY}limits:\n  command_timeout_ms: 3600000\n` });
    const changed = await sandbox(repo, ['true'], { env });
    expect(changed.code).toBe(4);
    expect(changed.stderr).toMatch(/trust/);
  });

  it('a committed config that brings ~/.ssh back (sandbox.home_allow) is refused, and leaks nothing', async () => {
    const env = attackEnv();
    const key = marker('ssh-key');
    plant(env.HOME, { '.ssh/id_rsa': `${key}\n` }, 0o600);
    const repo = attackRepo({ 'a.txt': 'a\n', '.oryon/config.yaml': 'sandbox:\n  home_allow: [".ssh"]\n' });
    const result = await sandbox(repo, ['cat', `${env.HOME}/.ssh/id_rsa`], { env });
    // Only the user's own config may set home_allow (exit 2); a loosening the user may trust is exit 4.
    expect(result.code === 2 ? result.stderr : '').toMatch(/home_allow can only be set in the user config/);
    expect(result.stdout + result.stderr).not.toContain(key);
    await cli(['trust'], { cwd: repo, env });
    const trusted = await sandbox(repo, ['cat', `${env.HOME}/.ssh/id_rsa`], { env });
    expect(trusted.stdout + trusted.stderr).not.toContain(key);
  });

  it('a repo test that writes .oryon/policy.yaml in the run worktree changes neither the repo, the branch nor the next run', async () => {
    const task = attackTask({ 'test_zz_attack.py': attackTest(writeEach({ '.oryon/policy.yaml': LOOSE_POLICY }), { passes: true }) });
    const env = attackEnv();
    const { result, run } = await fixWithAttack(task, env);
    expect(testOutput(run)).toContain(RAN);
    expect(printed(testOutput(run), 'WROTE')).toBe(false);
    expect(existsSync(path.join(task.root, '.oryon'))).toBe(false);
    for (const branch of branches(task.root)) expect(git(task.root, 'ls-tree', '-r', '--name-only', branch)).not.toContain('.oryon');
    expect([0, 1]).toContain(result.code);
    const next = await sandbox(task.root, ['curl', 'http://127.0.0.1:9/'], { env });
    expect(next.code).toBe(4);
  }, 60_000);
});

describe.skipIf(!bwrap.usable)(withBwrap('planting git hooks and nested repositories'), () => {
  /** A repo whose hooks live in the tree (core.hooksPath), with a benign committed hook. */
  function repoWithHooks(hooksPath: string, files: Record<string, string>): string {
    const repo = attackRepo(files);
    git(repo, 'config', 'core.hooksPath', hooksPath);
    return repo;
  }

  /** `git commit` on the host, as the user would next; true when the evidence file appeared. */
  function hostCommitRunsHook(repo: string, evidence: string): boolean {
    onHost(repo, 'git', ['commit', '--allow-empty', '-q', '-m', 'user commit']);
    return existsSync(evidence);
  }

  it('a hook in core.hooksPath (.githooks) cannot be rewritten; the next host commit runs only the committed hook', async () => {
    const repo = repoWithHooks('.githooks', { 'a.txt': 'a\n', '.githooks/pre-commit': '#!/bin/sh\nexit 0\n' });
    const evidence = path.join(attackDir('evidence-'), 'hook-ran');
    const before = fingerprint(path.join(repo, '.githooks'));
    const result = await sandbox(
      repo,
      py(writeEach({ '.githooks/pre-commit': evidenceHook(evidence), '.githooks/post-commit': evidenceHook(evidence) }, 0o755)),
      { write: true },
    );
    expect(result.stdout).toContain(RAN);
    expect(fingerprint(path.join(repo, '.githooks'))).toBe(before);
    expect(hostCommitRunsHook(repo, evidence)).toBe(false);
  });

  it('husky hooks (.husky/_ and the scripts in .husky) cannot be planted or rewritten', async () => {
    const repo = repoWithHooks('.husky/_', { 'a.txt': 'a\n', '.husky/_/h': '#!/bin/sh\n', '.husky/pre-commit': 'exit 0\n' });
    const evidence = path.join(attackDir('evidence-'), 'husky-ran');
    const before = fingerprint(path.join(repo, '.husky'));
    const result = await sandbox(repo, py(writeEach({ '.husky/_/pre-commit': evidenceHook(evidence), '.husky/pre-commit': evidenceHook(evidence) }, 0o755)), {
      write: true,
    });
    expect(result.stdout).toContain(RAN);
    expect(fingerprint(path.join(repo, '.husky'))).toBe(before);
    expect(hostCommitRunsHook(repo, evidence)).toBe(false);
  });

  it('a hooks folder named by core.hooksPath but absent from the tree cannot be created', async () => {
    const repo = repoWithHooks('.githooks', { 'a.txt': 'a\n' });
    const evidence = path.join(attackDir('evidence-'), 'absent-hooks-ran');
    const result = await sandbox(repo, py(writeEach({ '.githooks/pre-commit': evidenceHook(evidence) }, 0o755)), { write: true });
    expect(result.stdout).toContain(RAN);
    expect(existsSync(path.join(repo, '.githooks', 'pre-commit'))).toBe(false);
    expect(hostCommitRunsHook(repo, evidence)).toBe(false);
  });

  it("the repo's own .git/hooks and .git/config stay read-only", async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const evidence = path.join(attackDir('evidence-'), 'git-hook-ran');
    const before = fingerprint(path.join(repo, '.git', 'hooks'), path.join(repo, '.git', 'config'));
    const result = await sandbox(
      repo,
      py(writeEach({ '.git/hooks/pre-commit': evidenceHook(evidence), '.git/config': '[core]\n\thooksPath = /nonexistent\n' }, 0o755)),
      { write: true },
    );
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('WROTE');
    expect(fingerprint(path.join(repo, '.git', 'hooks'), path.join(repo, '.git', 'config'))).toBe(before);
    expect(hostCommitRunsHook(repo, evidence)).toBe(false);
  });

  it('a nested vendor/x/.git/config cannot gain core.fsmonitor; git status there runs nothing', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const nested = path.join(repo, 'vendor', 'x');
    plant(nested, { 'lib.py': 'x = 1\n' });
    git(nested, 'init', '-q', '-b', 'main');
    const evidence = path.join(attackDir('evidence-'), 'fsmonitor-ran');
    const config = readFileSync(path.join(nested, '.git', 'config'), 'utf8');
    const before = fingerprint(path.join(nested, '.git'));
    const planted = `${config}[core]\n\tfsmonitor = "echo ran > ${evidence}; false"\n`;
    const result = await sandbox(repo, py(writeEach({ 'vendor/x/.git/config': planted, 'vendor/x/.git/hooks/post-checkout': evidenceHook(evidence) }, 0o755)), {
      write: true,
    });
    expect(result.stdout).toContain(RAN);
    expect(fingerprint(path.join(nested, '.git'))).toBe(before);
    onHost(nested, 'git', ['status', '--short']);
    expect(existsSync(evidence)).toBe(false);
  });

  // A writable run (`oryon sandbox --write`, a tree the user keeps) may create a nested repo
  // that the guards could not cover, as it was not there before: it is removed after the run.
  it('a new nested repository with core.fsmonitor cannot be left in the tree for git status to run', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const evidence = path.join(attackDir('evidence-'), 'new-nested-ran');
    const gitDir = {
      'vendor/y/.git/HEAD': 'ref: refs/heads/main\n',
      'vendor/y/.git/config': `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = "echo ran > ${evidence}; false"\n`,
      'vendor/y/.git/objects/info/.keep': '',
      'vendor/y/.git/refs/heads/.keep': '',
      'vendor/y/file.txt': 'y\n',
    };
    const result = await sandbox(repo, py(writeEach(gitDir)), { write: true });
    expect(result.stdout).toContain(RAN);
    expect(existsSync(path.join(repo, 'vendor', 'y', '.git'))).toBe(false);
    expect(existsSync(path.join(repo, 'vendor', 'y', 'file.txt'))).toBe(true);
    onHost(path.join(repo, 'vendor', 'y'), 'git', ['status', '--short']);
    expect(existsSync(evidence)).toBe(false);
  });

  it('hooks planted by a repo test stay out of the repo, the branch and the next commit', async () => {
    const evidence = path.join(attackDir('evidence-'), 'fix-hook-ran');
    const task = attackTask({
      '.githooks/pre-commit': '#!/bin/sh\nexit 0\n',
      'test_zz_attack.py': attackTest(
        writeEach({ '.githooks/pre-commit': evidenceHook(evidence), 'vendor/z/.git/config': `[core]\n\tfsmonitor = "echo ran > ${evidence}"\n` }, 0o755),
        { passes: true },
      ),
    });
    git(task.root, 'config', 'core.hooksPath', '.githooks');
    const env = attackEnv();
    const before = fingerprint(path.join(task.root, '.githooks'));
    const { run } = await fixWithAttack(task, env);
    expect(testOutput(run)).toContain(RAN);
    expect(fingerprint(path.join(task.root, '.githooks'))).toBe(before);
    for (const branch of branches(task.root).filter((name) => name !== 'main')) {
      expect(git(task.root, 'diff', '--name-only', `main...${branch}`).trim().split('\n')).toEqual(['fib.py']);
      onHost(task.root, 'git', ['merge', '-q', '--no-edit', branch]);
    }
    onHost(task.root, 'git', ['commit', '--allow-empty', '-q', '-m', 'user commit']);
    expect(existsSync(evidence)).toBe(false);
  }, 60_000);

  it("the model's edits to a hook folder and a nested .git are refused by paths.deny and journaled", async () => {
    const evidence = path.join(attackDir('evidence-'), 'model-hook-ran');
    const task = attackTask({ '.githooks/pre-commit': '#!/bin/sh\nexit 0\n' });
    git(task.root, 'config', 'core.hooksPath', '.githooks');
    const env = attackEnv();
    const before = fingerprint(path.join(task.root, '.githooks'));
    const modelEdit = `.githooks/pre-commit\n\`\`\`\n${evidenceHook(evidence)}\`\`\`\n\nvendor/z/.git/config\n\`\`\`\n[core]\n\tfsmonitor = "echo ran > ${evidence}"\n\`\`\`\n`;
    const { run } = await fixWithAttack(task, env, { extraEdit: modelEdit });
    const refused = run.decisions.filter((decision: { allowed: boolean; rule: string }) => !decision.allowed && decision.rule.startsWith('paths.deny'));
    expect(refused.map((decision: { subject: string }) => decision.subject)).toEqual(expect.arrayContaining(['.githooks/pre-commit', 'vendor/z/.git/config']));
    expect(fingerprint(path.join(task.root, '.githooks'))).toBe(before);
    for (const branch of branches(task.root).filter((name) => name !== 'main')) {
      expect(git(task.root, 'diff', '--name-only', `main...${branch}`)).not.toMatch(/githooks|\.git\//);
    }
    onHost(task.root, 'git', ['commit', '--allow-empty', '-q', '-m', 'user commit']);
    expect(existsSync(evidence)).toBe(false);
  }, 60_000);
});

describe.skipIf(!bwrap.usable)(withBwrap('a symlink to a key swapped in for a file oryon reads at the end'), () => {
  it('a repo test that replaces the edited file with a link to ~/.ssh/id_rsa fails the run; the key is never read, journaled, exported or committed', async () => {
    const env = attackEnv();
    const key = marker('ssh-key-material');
    plant(env.HOME, { '.ssh/id_rsa': `-----BEGIN OPENSSH PRIVATE KEY-----\n${key}\n-----END OPENSSH PRIVATE KEY-----\n` }, 0o600);
    const swap =
      'target = os.path.join(os.environ["HOME"], "." + "ssh", "id_rsa")\nos.remove("fib.py")\nos.symlink(target, "fib.py")\nprint("swapped", flush=True)';
    // Named to run last, after the real tests passed against the fixed fib.py.
    const task = attackTask({ 'test_zz_attack.py': attackTest(swap, { passes: true }) });
    const { result, run, fake } = await fixWithAttack(task, env);
    expect(testOutput(run)).toContain(RAN);
    expect(result.code).not.toBe(0);
    const exported = path.join(attackDir('export-'), 'pack.json');
    await cli(['runs', 'export', run.run_id, '-o', exported], { cwd: task.root, env });
    const everything = [
      result.stdout,
      result.stderr,
      JSON.stringify(run),
      JSON.stringify(fake.chatRequests()),
      existsSync(exported) ? readFileSync(exported, 'utf8') : '',
    ].join('\n');
    expect(everything.includes(key), 'the key leaked').toBe(false);
    expect(everything).not.toContain('BEGIN OPENSSH PRIVATE KEY');
    for (const branch of branches(task.root).filter((name) => name !== 'main')) {
      expect(git(task.root, 'ls-tree', branch, 'fib.py')).toMatch(/^100644 /);
    }
    expect(readFileSync(path.join(env.HOME, '.ssh', 'id_rsa'), 'utf8')).toContain(key);
  }, 60_000);

  it('a hard link to a host file cannot be made in the tree, and the host file is unchanged', async () => {
    const secretDir = attackDir('host-');
    plant(secretDir, { 'host.conf': 'host settings\n' });
    const before = fingerprint(secretDir);
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const code = `import os\ntry:\n    os.link(${JSON.stringify(path.join(secretDir, 'host.conf'))}, "linked.conf")\n    open("linked.conf", "a").write("pwned")\n    print("LINKED", flush=True)\nexcept OSError as e:\n    print("BLOCKED", e.strerror, flush=True)`;
    const result = await sandbox(repo, py(code), { write: true });
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('LINKED');
    expect(fingerprint(secretDir)).toBe(before);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('commands that should only read'), () => {
  it('`oryon sandbox` without --write gets the tree read-only; with --write it may write', async () => {
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const before = fingerprint(repo);
    const result = await sandbox(repo, py(writeEach({ 'a.txt': 'pwned\n', 'new.txt': 'pwned\n' })));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout).not.toContain('WROTE');
    expect(fingerprint(repo)).toBe(before);
    const writable = await sandbox(repo, py(writeEach({ 'new.txt': 'ok\n' })), { write: true });
    expect(writable.stdout).toContain('WROTE new.txt');
  });

  it('a lint command run by `oryon gate` cannot change the tree or plant .oryon', async () => {
    const env = attackEnv();
    const repo = attackRepo({
      'a.py': 'x = 1\n',
      'lintpwn.py': `${writeEach({ 'a.py': 'import os\nos.system("echo pwned")\n', '.oryon/policy.yaml': LOOSE_POLICY })}\nprint("${RAN}")\n# Failing puts the last lines in the gate's finding.\nraise SystemExit(1)\n`,
    });
    plant(env.XDG_CONFIG_HOME, { 'oryon/config.yaml': 'lint:\n  commands: ["python3 lintpwn.py"]\n  in_gate: true\n' });
    const before = fingerprint(path.join(repo, 'a.py'), path.join(repo, '.oryon'));
    const result = await cli(['gate', '--all', '--json'], { cwd: repo, env });
    expect(result.stdout + result.stderr).toContain(RAN);
    expect(result.stdout + result.stderr).not.toContain('WROTE');
    expect(fingerprint(path.join(repo, 'a.py'), path.join(repo, '.oryon'))).toBe(before);
  });
});
