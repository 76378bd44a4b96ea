// What the sandbox can read: the home (credential stores on no list, histories, any file),
// the repo's own secrets, oryon's state, and secrets printed by a test that oryon would
// otherwise put in a prompt and the journal. Toolchains in the home must still run.
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bwrap, withBwrap } from '../../core/sandbox/fixture.js';
import { build } from '../build.js';
import { attackTest, closeFakes, fixWithAttack, testOutput } from './fix-harness.js';
import { RAN, attackDir, attackEnv, attackRepo, attackTask, cleanupAttackDirs, marker, plant, sandbox, sh } from './harness.js';

beforeAll(build, 120_000);
afterEach(closeFakes);
afterAll(cleanupAttackDirs);

/** Plant each file under HOME holding its own marker; cat them all inside; none may leak. */
async function homeFilesStayHidden(files: string[]): Promise<void> {
  const env = attackEnv();
  const secrets = Object.fromEntries(files.map((file) => [file, `${marker('home-secret')}\n`]));
  plant(env.HOME, secrets, 0o600);
  const repo = attackRepo({ 'a.txt': 'a\n' });
  const result = await sandbox(repo, sh(files.map((file) => `cat "$HOME/${file}"`).join('; ')), { env });
  expect(result.stdout).toContain(RAN);
  for (const [file, secret] of Object.entries(secrets)) expect(result.stdout + result.stderr, file).not.toContain(secret.trim());
}

describe.skipIf(!bwrap.usable)(withBwrap('reading secrets through oryon sandbox'), () => {
  it('database and sync credentials in the home (.pgpass, .my.cnf, rclone, s3cmd) are not readable', async () => {
    await homeFilesStayHidden(['.pgpass', '.my.cnf', '.config/rclone/rclone.conf', '.s3cfg']);
  });

  it('shell and REPL histories are not readable', async () => {
    await homeFilesStayHidden([
      '.bash_history',
      '.zsh_history',
      '.python_history',
      '.psql_history',
      '.mysql_history',
      '.node_repl_history',
      '.local/share/fish/fish_history',
    ]);
  });

  it("AI tools' credentials (Codex, Claude Code, Ollama's key, Hugging Face) are not readable", async () => {
    await homeFilesStayHidden(['.codex/auth.json', '.claude/.credentials.json', '.ollama/id_ed25519', '.cache/huggingface/token', '.huggingface/token']);
  });

  it('package manager auth (Maven, Gradle, Yarn, pip, Composer) is not readable', async () => {
    await homeFilesStayHidden([
      '.m2/settings.xml',
      '.gradle/gradle.properties',
      '.yarnrc.yml',
      '.config/pip/pip.conf',
      '.pip/pip.conf',
      '.composer/auth.json',
      '.config/composer/auth.json',
    ]);
  });

  it('cloud, container and keyring files (Kaggle, containers auth, GNOME keyring) are not readable', async () => {
    await homeFilesStayHidden([
      '.kaggle/kaggle.json',
      '.config/containers/auth.json',
      '.local/share/keyrings/login.keyring',
      '.docker/config.json',
      '.config/gcloud/credentials.db',
    ]);
  });

  it('a file in the home on no list at all is not readable, and the home lists none of what was planted', async () => {
    const env = attackEnv();
    const secret = marker('unlisted');
    plant(env.HOME, { 'notes/passwords.txt': `${secret}\n`, '.config/someapp/token': `${secret}\n`, 'projects/other/config.ini': `${secret}\n` });
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(
      repo,
      sh('cat "$HOME/notes/passwords.txt" "$HOME/.config/someapp/token" "$HOME/projects/other/config.ini"; ls -A "$HOME" "$HOME/.config"'),
      { env },
    );
    expect(result.stdout).toContain(RAN);
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout).not.toMatch(/^(notes|projects|someapp)$/m);
  });

  it("the repo's own .env, .env.local, *.pem, *.key and id_rsa are not readable by the code it runs", async () => {
    const secret = marker('repo-secret');
    const files = ['.env', '.env.local', 'config/prod.pem', 'certs/server.key', 'deploy/id_rsa', 'services/api/.env.production'];
    const repo = attackRepo({ 'a.txt': 'a\n', ...Object.fromEntries(files.map((file) => [file, `${secret}\n`])) });
    const result = await sandbox(repo, sh(files.map((file) => `cat ${file}`).join('; ')));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('a .env deep in the tree and one deep in a sibling project in the home are not readable', async () => {
    const env = attackEnv();
    const secret = marker('deep-env');
    const repo = attackRepo({ 'a.txt': 'a\n', 'a/b/c/d/e/f/.env': `${secret}\n` }, path.join(env.HOME, 'src', 'repo'));
    const sibling = path.join(env.HOME, 'src', 'other-project', 'apps', 'web', 'config');
    plant(sibling, { '.env': `${secret}\n` });
    const result = await sandbox(repo, sh(`cat a/b/c/d/e/f/.env; cat ${sibling}/.env`), { env });
    expect(result.stdout).toContain(RAN);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  // Not promised (docs/sandbox.md): outside the home and the tree only the .env scan near the
  // repo (parent two levels down) masks anything. To close: mask every paths.deny secret glob
  // below the repo's parent with git-less walking, or hide the parent except the tree.
  it.skip('a .env deep in a sibling project outside the home (/srv/projects/…) is not readable', async () => {
    const secret = marker('deep-env-outside');
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const sibling = path.join(path.dirname(repo), 'other-project', 'apps', 'web', 'config');
    plant(sibling, { '.env': `${secret}\n` });
    const result = await sandbox(repo, sh(`cat ${sibling}/.env`));
    expect(result.stdout).toContain(RAN);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("oryon's state directory is hidden, also when ORYON_HOME is a symlink to it", async () => {
    const dir = attackDir('state-');
    const real = path.join(dir, 'real-state');
    const secret = marker('state');
    plant(real, { 'journal-copy.txt': `${secret}\n` });
    const link = path.join(dir, 'state-link');
    symlinkSync(real, link);
    const env = attackEnv({ ORYON_HOME: link });
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(repo, sh(`cat ${real}/journal-copy.txt; cat ${link}/journal-copy.txt; ls -A ${real}`), { env });
    expect(result.stdout).toContain(RAN);
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain('journal-copy.txt');
  });

  it('toolchains in the home still run: a tool in ~/.local/bin, the python3 and cargo on PATH', async () => {
    const env = attackEnv();
    const tag = marker('tool');
    // pip --user puts tools here; `ruff` is on the default commands.allow.
    plant(env.HOME, { '.local/bin/ruff': `#!/bin/sh\necho ${tag}\n` }, 0o755);
    env.PATH = `${env.HOME}/.local/bin:${env.PATH}`;
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const tool = await sandbox(repo, ['ruff'], { env });
    expect(tool.stderr).toBe('');
    expect(tool.stdout).toBe(`${tag}\n`);
    const python = await sandbox(repo, ['python3', '-c', 'import sys, json; print("python", sys.version_info[0], sys.prefix)'], { env });
    expect(python.stderr).toBe('');
    expect(python.code).toBe(0);
    expect(python.stdout).toMatch(/^python 3 /);
  });

  it.skipIf(!existsSync(path.join(process.env.CARGO_HOME ?? path.join(process.env.HOME ?? '/', '.cargo'), 'bin', 'cargo')))(
    'cargo from rustup in the home still runs',
    async () => {
      const env = attackEnv();
      const repo = attackRepo({ 'a.txt': 'a\n' });
      const cargo = await sandbox(repo, ['cargo', '--version'], { env });
      expect(cargo.stderr).toBe('');
      expect(cargo.stdout).toMatch(/^cargo \d+\.\d+/);
    },
  );

  it('sandbox.home_allow brings one folder of the home back, read-only', async () => {
    const env = attackEnv();
    const tag = marker('allowed');
    plant(env.HOME, { '.toolrc/settings': `${tag}\n`, 'private/secret': `${tag}-private\n` });
    plant(env.XDG_CONFIG_HOME, { 'oryon/config.yaml': 'sandbox:\n  home_allow: [".toolrc"]\n' });
    const repo = attackRepo({ 'a.txt': 'a\n' });
    const result = await sandbox(repo, sh('cat "$HOME/.toolrc/settings"; cat "$HOME/private/secret"; echo x > "$HOME/.toolrc/settings"'), { env });
    expect(result.stdout).toContain(`${tag}\n`);
    expect(result.stdout).not.toContain(`${tag}-private`);
    expect(result.stderr).toMatch(/Read-only file system/);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('secrets printed by a repo test during oryon fix'), () => {
  it('secrets a test prints (a .env, a home credential, token-shaped values) reach neither the prompt nor the journal', async () => {
    const repoSecret = marker('dotenv');
    const env = attackEnv();
    const homeSecret = marker('pgpass');
    plant(env.HOME, { '.pgpass': `db:5432:app:admin:${homeSecret}\n` }, 0o600);
    // Built at run time, so the test file itself holds no token for the gates to find.
    const body = [
      'for f in [".env", os.path.join(os.environ["HOME"], ".pgpass")]:',
      '    try:',
      '        print("read", f, open(f).read(), flush=True)',
      '    except OSError as e:',
      '        print("blocked", f, type(e).__name__, flush=True)',
      'print("aws", "AKIA" + "Z7Q3" * 4, flush=True)',
      'print("gh", "ghp_" + "aB3dE6gH9j" * 3 + "kL2mN5", flush=True)',
      'print("pk", "-----BEGIN OPENSSH " + "PRIVATE KEY-----", flush=True)',
    ].join('\n');
    const task = attackTask({ '.env': `API_TOKEN=${repoSecret}\n`, 'test_attack.py': attackTest(body) });
    const { result, run, fake } = await fixWithAttack(task, env);
    expect(result.code).toBe(1);
    expect(testOutput(run)).toContain(RAN);
    const everything = JSON.stringify(run) + JSON.stringify(fake.chatRequests()) + result.stdout + result.stderr;
    for (const secret of [repoSecret, homeSecret, `AKIA${'Z7Q3'.repeat(4)}`, `ghp_${'aB3dE6gH9j'.repeat(3)}kL2mN5`, 'BEGIN OPENSSH PRIVATE KEY']) {
      expect(everything.includes(secret), `${secret} leaked`).toBe(false);
    }
  }, 60_000);
});
