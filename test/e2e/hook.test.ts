import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, isolatedEnv, runCli } from '../helpers/cli.js';
import { git, makeRepo, tempDir, writeFile } from '../helpers/git-repo.js';
import { githubToken } from '../helpers/secret-tokens.js';

// Real `git commit`s through the installed hook: blocked by a finding, accepted after the fix.
const token = githubToken();
let env: Record<string, string>;

beforeAll(() => {
  env = isolatedEnv();
});

function commit(repo: string, message: string, extraArgs: string[] = []) {
  const result = spawnSync('git', ['commit', '-m', message, ...extraArgs], { cwd: repo, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('oryon hook', () => {
  it('install; a commit with a secret is blocked; the fixed commit lands; uninstall', async () => {
    const repo = makeRepo({ 'app.py': 'x = 1\n' });
    const installed = await runCli(['hook', 'install'], { cwd: repo, env });
    expect(installed.code).toBe(0);
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    expect(installed.stdout).toContain(`pre-commit hook installed: ${hook}`);
    expect(readFileSync(hook, 'utf8')).toContain(`'${binPath}' gate --staged`);

    writeFile(repo, 'app.py', `x = 1\nTOKEN = "${token}"\n`);
    git(repo, 'add', 'app.py');
    const blocked = commit(repo, 'add token');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('secrets/github-token');
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('1');

    writeFile(repo, 'app.py', 'import os\nx = 1\nTOKEN = os.environ["TOKEN"]\n');
    git(repo, 'add', 'app.py');
    const accepted = commit(repo, 'read token from env');
    expect(accepted.code).toBe(0);
    expect(git(repo, 'rev-list', '--count', 'HEAD').trim()).toBe('2');

    const removed = await runCli(['hook', 'uninstall'], { cwd: repo, env });
    expect(removed.code).toBe(0);
    expect(existsSync(hook)).toBe(false);
  }, 60_000);

  it('checks what `git commit -a` commits, not the stale index', async () => {
    const repo = makeRepo({ 'app.js': 'const a = 1;\n' });
    expect((await runCli(['hook', 'install'], { cwd: repo, env })).code).toBe(0);
    writeFile(repo, 'app.js', 'const a = 1;\neval(req.query.code);\n');
    const blocked = commit(repo, 'eval', ['-a']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('security/js-eval-input');
  }, 60_000);

  it('chains an existing hook: it runs first and its failure stops the commit with its own code', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    const marker = path.join(tempDir(), 'ran');
    const original = `#!/bin/sh\necho chained >> '${marker}'\nif [ -f STOP ]; then echo "mine says no" >&2; exit 3; fi\nexit 0\n`;
    writeFileSync(hook, original);
    chmodSync(hook, 0o755);
    const installed = await runCli(['hook', 'install'], { cwd: repo, env });
    expect(installed.stdout).toContain('the existing hook now runs first');

    writeFile(repo, 'b.txt', 'b\n');
    writeFile(repo, 'STOP', '');
    git(repo, 'add', 'b.txt');
    const stopped = commit(repo, 'b');
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toContain('mine says no');
    expect(readFileSync(marker, 'utf8')).toBe('chained\n');

    const direct = spawnSync('sh', [hook], { cwd: repo, env, encoding: 'utf8' });
    expect(direct.status).toBe(3);

    rmSync(path.join(repo, 'STOP'));
    expect(commit(repo, 'b').code).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('chained\nchained\nchained\n');

    expect((await runCli(['hook', 'uninstall'], { cwd: repo, env })).stdout).toContain('restored the previous hook');
    expect(readFileSync(hook, 'utf8')).toBe(original);
  }, 60_000);

  it('installs into core.hooksPath and git runs it from there', async () => {
    const repo = makeRepo({ 'a.py': 'x = 1\n' });
    git(repo, 'config', 'core.hooksPath', '.githooks');
    const installed = await runCli(['hook', 'install'], { cwd: repo, env });
    expect(installed.stdout).toContain(path.join(repo, '.githooks', 'pre-commit'));
    writeFile(repo, 'a.py', 'import os\nos.system("rm " + name)\n');
    git(repo, 'add', 'a.py');
    const blocked = commit(repo, 'shell');
    expect(blocked.code).not.toBe(0);
    // git sends a pre-commit hook's stdout to stderr.
    expect(blocked.stdout + blocked.stderr).toContain('security/py-shell-injection');
    expect((await runCli(['hook', 'uninstall'], { cwd: repo, env })).code).toBe(0);
    expect(existsSync(path.join(repo, '.githooks', 'pre-commit'))).toBe(false);
    expect(commit(repo, 'shell, no hook').code).toBe(0);
  }, 60_000);

  it('refuses a foreign hook without --force (exit 1) and replaces it with --force', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const hook = path.join(repo, '.git', 'hooks', 'pre-commit');
    const framework = '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexit 0\n';
    writeFileSync(hook, framework);
    chmodSync(hook, 0o755);
    const refused = await runCli(['hook', 'install'], { cwd: repo, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('pre-commit framework');
    expect(refused.stderr).toContain('--force');
    const forced = await runCli(['hook', 'install', '--force', '--json'], { cwd: repo, env });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ action: 'replaced' });
    await runCli(['hook', 'uninstall'], { cwd: repo, env });
    expect(readFileSync(hook, 'utf8')).toBe(framework);
  }, 60_000);

  it('outside a repository it is bad input (exit 2)', async () => {
    const result = await runCli(['hook', 'install'], { cwd: tempDir(), env });
    expect(result.code).toBe(2);
  });
});
