import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/schema.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { checkoutIsPrivate } from '../../helpers/checkout.js';
import { git, makeRepo } from '../../helpers/git-repo.js';
import { bwrap, testConfig, testPolicy, withBwrap } from './fixture.js';

// What a sandboxed command can see and write (issue 11): an empty home with toolchains
// bound back, ORYON_HOME through a link, secrets in the tree, guarded paths, and the
// read-only checkout. Homes and state live under the checkout's .attacks/ here, because
// the sandbox's private /tmp and /var/tmp would hide them whatever the code under test did.

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function visibleDir(prefix: string): string {
  const base = path.resolve(import.meta.dirname, '..', '..', '..', '.attacks');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, prefix));
  // 0755 like a project folder: under a dropped uid (sandbox.uid) mkdtemp's 0700 reads as a refusal.
  chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

function touch(file: string, text = 'x\n'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const allowGit = () =>
  testPolicy({}, { commands: { allow: [...testPolicy().commands.allow, 'git', 'mkdir', 'rm', 'mv', 'ln', 'printf', 'sort', 'tr', 'hello'] } });

function runner(env: Record<string, string>, config: Config = testConfig('required')) {
  return createSandboxRunner({ policy: allowGit(), config, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...env } });
}

describe.skipIf(!bwrap.usable)(withBwrap('what the sandbox sees of the homes'), () => {
  it('shows an empty home with only the PATH toolchain, caches and home_allow bound back, secrets masked inside them', async () => {
    const home = visibleDir('oryon-home-');
    for (const file of ['.bashrc', '.pgpass', '.zsh_history', '.gitconfig', '.codex/auth.json', 'notes/todo.txt'])
      touch(path.join(home, file), `secret ${file}\n`);
    touch(path.join(home, '.mytools', 'bin', 'hello'), '#!/bin/sh\necho hello from the home toolchain\n');
    chmodSync(path.join(home, '.mytools', 'bin', 'hello'), 0o755);
    touch(path.join(home, '.cargo', 'bin', 'tool'), '#!/bin/sh\n');
    touch(path.join(home, '.cargo', 'credentials.toml'), 'token = "cargo-secret"\n');
    touch(path.join(home, '.config', 'mytool', 'settings'), 'allowed\n');
    touch(path.join(home, '.npm', '_cacache', 'index'), 'cache\n');
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const { config } = { config: testConfig('required') };
    const allowing = { ...config, sandbox: { ...config.sandbox, home_allow: ['.config/mytool'] } };
    const script =
      'ls -A "$HOME" | sort | tr "\\n" " "; echo; hello; cat ~/.config/mytool/settings; cat ~/.npm/_cacache/index; cat ~/.pgpass ~/.bashrc ~/.cargo/credentials.toml ~/notes/todo.txt 2>&1; true';
    const result = await runner(
      { HOME: home, PATH: `${path.join(home, '.mytools', 'bin')}:${path.join(home, '.cargo', 'bin')}:${process.env.PATH}` },
      allowing,
    ).run({ argv: ['sh', '-c', script], cwd: repo });
    const [listing] = result.stdout.split('\n');
    expect(listing!.trim().split(' ').sort()).toEqual(['.cargo', '.config', '.mytools', '.npm']);
    expect(result.stdout).toContain('hello from the home toolchain\n');
    expect(result.stdout).toContain('allowed\n');
    expect(result.stdout).toContain('cache\n');
    expect(result.output).not.toMatch(/secret|cargo-secret/);
  });

  it('runs the real pyenv python3 and rustup cargo from the real home, which is otherwise empty', async () => {
    const real = os.homedir();
    const hasPyenv = existsSync(path.join(real, '.pyenv', 'shims', 'python3'));
    const hasCargo = existsSync(path.join(real, '.cargo', 'bin', 'cargo')) && existsSync(path.join(real, '.rustup', 'toolchains'));
    if (!hasPyenv && !hasCargo) return;
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const policy = testPolicy({}, { commands: { allow: [...testPolicy().commands.allow, 'cargo', 'python3'] } });
    const sandbox = createSandboxRunner({ policy, config: testConfig('required'), env: { PATH: process.env.PATH ?? '', HOME: real, LANG: 'C.UTF-8' } });
    if (hasPyenv) {
      const python = await sandbox.run({ argv: ['python3', '-c', 'import sys; print(sys.executable)'], cwd: repo });
      expect(python).toMatchObject({ exitCode: 0 });
      expect(python.stdout.trim().startsWith(path.join(real, '.pyenv', 'versions'))).toBe(true);
    }
    if (hasCargo) {
      const cargo = await sandbox.run({ argv: ['cargo', '--version'], cwd: repo });
      expect(cargo.stderr).toBe('');
      expect(cargo).toMatchObject({ exitCode: 0 });
      expect(cargo.stdout).toMatch(/^cargo \d/);
    }
    // What the host home holds besides toolchains (shell rc files, tool configs) is gone.
    const hostEntries = readdirSync(real);
    const listing = await sandbox.run({ argv: ['ls', '-A', real], cwd: repo });
    const seen = listing.stdout.split('\n').filter(Boolean);
    for (const entry of ['.bashrc', '.profile', '.gitconfig', '.npmrc', '.claude', '.config']) {
      if (hostEntries.includes(entry)) expect(seen).not.toContain(entry);
    }
  });

  it('hides ORYON_HOME when it is a link to the state directory', async () => {
    const base = visibleDir('oryon-state-');
    const state = path.join(base, 'real-state');
    touch(path.join(state, 'oryon.db'), 'journal with secrets\n');
    symlinkSync(state, path.join(base, 'link'));
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const result = await runner({ HOME: visibleDir('oryon-home-'), ORYON_HOME: path.join(base, 'link') }).run({
      argv: ['sh', '-c', `cat ${state}/oryon.db ${base}/link/oryon.db 2>&1; ls -A ${state}`],
      cwd: repo,
    });
    expect(result.output).not.toContain('journal with secrets');
    expect(result.stdout).toMatch(/No such file/);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('what the sandbox sees and writes of the tree'), () => {
  const home = () => visibleDir('oryon-home-');

  it('masks secret files from paths.deny at any depth, ignored ones too; git metadata and .oryon stay readable', async () => {
    const repo = makeRepo({
      '.gitignore': 'build/\n*.local\n',
      'certs/server.pem': 'PEM-TRACKED\n',
      '.oryon/policy.yaml': 'network: false\n',
      'src/ok.txt': 'plain\n',
    });
    touch(path.join(repo, '.env'), 'DOTENV-SECRET\n');
    touch(path.join(repo, '.env.local'), 'LOCAL-SECRET\n');
    touch(path.join(repo, 'build', 'a', 'b', 'c', 'd', '.env.production'), 'DEEP-SECRET\n');
    touch(path.join(repo, 'keys', 'deploy', 'id_rsa'), 'RSA-SECRET\n');
    touch(path.join(repo, 'svc', 'tls.key'), 'KEY-SECRET\n');
    const script =
      'cat .env .env.local build/a/b/c/d/.env.production keys/deploy/id_rsa svc/tls.key certs/server.pem 2>&1; cat src/ok.txt .oryon/policy.yaml; git log --format=%s';
    const result = await runner({ HOME: home() }).run({ argv: ['sh', '-c', script], cwd: repo });
    expect(result.output).not.toMatch(/DOTENV-SECRET|LOCAL-SECRET|DEEP-SECRET|RSA-SECRET|KEY-SECRET|PEM-TRACKED/);
    expect(result.stdout).toContain('plain\nnetwork: false\ninitial\n');
    // The files themselves are untouched.
    expect(readFileSync(path.join(repo, 'build/a/b/c/d/.env.production'), 'utf8')).toBe('DEEP-SECRET\n');
  });

  // With the checkout under /tmp (a CI clone) no folder of ours is visible in the sandbox: nothing to mask then.
  it.skipIf(checkoutIsPrivate)("masks the main checkout's secrets too when a linked worktree runs and the main checkout is visible", async () => {
    const repo = makeRepo({ '.gitignore': 'conf/\n', 'a.txt': 'a\n' }, visibleDir('oryon-main-'));
    touch(path.join(repo, 'conf', 'a', 'b', 'c', 'd', '.env'), 'MAIN-DEEP-SECRET\n');
    const worktree = path.join(visibleDir('oryon-wt-'), 'run');
    git(repo, 'worktree', 'add', '--detach', '--quiet', worktree, 'HEAD');
    const result = await runner({ HOME: home() }).run({ argv: ['sh', '-c', `cat ${repo}/a.txt ${repo}/conf/a/b/c/d/.env 2>&1`], cwd: worktree });
    expect(result.stdout).toContain('a\n');
    expect(result.output).not.toContain('MAIN-DEEP-SECRET');
  });

  it('gives a read-only checkout unless the request says writable', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const sandbox = runner({ HOME: home() });
    const readOnly = await sandbox.run({ argv: ['sh', '-c', 'echo x > new.txt || echo denied; echo y >> a.txt || echo denied'], cwd: repo });
    expect(readOnly.stdout).toBe('denied\ndenied\n');
    expect(existsSync(path.join(repo, 'new.txt'))).toBe(false);
    expect(readFileSync(path.join(repo, 'a.txt'), 'utf8')).toBe('a\n');
    const writable = await sandbox.run({ argv: ['sh', '-c', 'echo x > new.txt && echo written'], cwd: repo, writable: true });
    expect(writable.stdout).toBe('written\n');
  });

  it('covers an absent .oryon: no policy can be planted, and no directory is left behind', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const script = [
      'mkdir -p .oryon 2>/dev/null; printf "network: true\\ncommands:\\n  allow: [\\"**\\"]\\n" > .oryon/policy.yaml || echo plant-denied',
      'rm -rf .oryon 2>/dev/null; mv a.txt .oryon 2>/dev/null || echo move-denied',
      'ln -s /tmp .oryon 2>/dev/null || echo link-denied',
      'echo ok > b.txt && echo writable',
    ].join('; ');
    const result = await runner({ HOME: home() }).run({ argv: ['sh', '-c', script], cwd: repo, writable: true });
    expect(result.stdout).toBe('plant-denied\nmove-denied\nlink-denied\nwritable\n');
    expect(existsSync(path.join(repo, '.oryon'))).toBe(false);
    expect(readdirSync(repo).sort()).toEqual(['.git', 'a.txt', 'b.txt']);
  });

  it('prepare() looks up the hooks path ahead of the first run, which still keeps it read-only', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    git(repo, 'config', 'core.hooksPath', 'tools/hooks');
    mkdirSync(path.join(repo, 'tools', 'hooks'), { recursive: true });
    const sandbox = runner({ HOME: home() });
    expect(() => sandbox.prepare?.(path.join(repo, 'no-such-dir'))).not.toThrow();
    sandbox.prepare?.(repo);
    const result = await sandbox.run({ argv: ['sh', '-c', 'echo evil > tools/hooks/pre-commit || echo hookspath-denied'], cwd: repo, writable: true });
    expect(result.stdout).toBe('hookspath-denied\n');
    expect(existsSync(path.join(repo, 'tools', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('keeps hook directories (core.hooksPath, .husky, .githooks, lefthook) and nested .git read-only', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n', '.husky/pre-commit': 'npm test\n', 'lefthook.yml': 'pre-commit: {}\n', '.gitignore': 'build/\n' });
    git(repo, 'config', 'core.hooksPath', 'tools/hooks');
    mkdirSync(path.join(repo, 'tools', 'hooks'), { recursive: true });
    const nested = path.join(repo, 'vendor', 'x');
    mkdirSync(nested, { recursive: true });
    git(nested, 'init', '-q');
    const ignored = path.join(repo, 'build', 'y');
    mkdirSync(ignored, { recursive: true });
    git(ignored, 'init', '-q');
    const script = [
      // No `|` inside the quotes: the allowlist's script splitter does not honour quotes.
      'echo evil-hook > tools/hooks/pre-commit || echo hookspath-denied',
      'echo evil-hook >> .husky/pre-commit || echo husky-denied',
      'mkdir .githooks || echo githooks-denied',
      'echo "pre-commit: {commands: {x: {run: evil}}}" > lefthook.yml || echo lefthook-denied',
      'printf "[core]\\n\\tfsmonitor = evil\\n" >> vendor/x/.git/config || echo nested-denied',
      'printf "[core]\\n\\tfsmonitor = evil\\n" >> build/y/.git/config || echo ignored-nested-denied',
      'echo ok > b.txt && echo writable',
    ].join('; ');
    const result = await runner({ HOME: home() }).run({ argv: ['sh', '-c', script], cwd: repo, writable: true });
    expect(result.stdout).toBe('hookspath-denied\nhusky-denied\ngithooks-denied\nlefthook-denied\nnested-denied\nignored-nested-denied\nwritable\n');
    expect(readFileSync(path.join(repo, '.husky/pre-commit'), 'utf8')).toBe('npm test\n');
    expect(readFileSync(path.join(nested, '.git', 'config'), 'utf8')).not.toContain('fsmonitor');
    for (const absent of ['.githooks', '.lefthook', '.lefthook-local', '.oryon']) expect(existsSync(path.join(repo, absent))).toBe(false);
  });

  it('refuses a writable run when a guarded directory is a symbolic link', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    symlinkSync(visibleDir('oryon-elsewhere-'), path.join(repo, '.githooks'));
    await expect(runner({ HOME: home() }).run({ argv: ['true'], cwd: repo, writable: true })).rejects.toThrow(/\.githooks is a symbolic link/);
    // Read-only, nothing can replace it: the run goes ahead.
    expect((await runner({ HOME: home() }).run({ argv: ['true'], cwd: repo })).exitCode).toBe(0);
  });
});
