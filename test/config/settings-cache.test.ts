import { readdirSync, readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { oryonHome } from '../../src/config/paths.js';
import { BadInputError, PolicyDeniedError } from '../../src/core/errors.js';
import { recordTrust, revokeTrust } from '../../src/core/trust/store.js';
import { loadSettings } from '../../src/config/settings-cache.js';
import { gitTopLevel } from '../../src/core/git/top-level.js';
import { makeRepo, tempDir, writeFile } from '../helpers/git-repo.js';

function envFor(): NodeJS.ProcessEnv {
  const home = tempDir();
  return { HOME: home, ORYON_HOME: path.join(home, 'state'), XDG_CONFIG_HOME: path.join(home, 'config') };
}

describe('loadSettings', () => {
  it('validates once, then serves the same settings from the cache', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = envFor();
    const first = await loadSettings(repo, { env });
    expect(first.cached).toBe(false);
    const second = await loadSettings(repo, { env });
    expect(second).toEqual({ ...first, cached: true });
  });

  it("keeps the policy's globs compiled, as regular expressions that match what picomatch matches", async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = envFor();
    const { policy } = await loadSettings(repo, { env });
    const dir = path.join(oryonHome(env), 'cache');
    const cached = JSON.parse(
      readFileSync(
        path.join(
          dir,
          readdirSync(dir).find((name) => name.startsWith('settings-'))!,
        ),
        'utf8',
      ),
    ) as {
      globs: Record<string, [string, string]>;
    };
    expect(Object.keys(cached.globs).sort()).toEqual([...new Set([...policy.paths.deny, ...policy.paths.allow, ...policy.commands.allow])].sort());
    const picomatch = (await import('picomatch')).default;
    const subjects = ['.env', '.env.local', 'config/.env.prod', 'src/app.py', 'id_rsa', 'keys/server.pem', '.git/config', 'npm test', 'a/b/c.txt'];
    for (const [glob, [source, flags]] of Object.entries(cached.globs)) {
      const matcher = picomatch.makeRe(glob, { dot: true });
      for (const subject of subjects) expect(new RegExp(source, flags).test(subject), `${glob} on ${subject}`).toBe(matcher.test(subject));
    }
  });

  it('misses when a project file appears or changes, or the environment differs', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = envFor();
    await loadSettings(repo, { env });
    writeFile(repo, '.oryon/policy.yaml', 'gates:\n  blocking_severity: low\n');
    const changed = await loadSettings(repo, { env });
    expect([changed.cached, changed.policy.gates.blocking_severity]).toEqual([false, 'low']);
    writeFile(repo, '.oryon/policy.yaml', 'gates:\n  blocking_severity: medium\n');
    // Same size, new content: the modification time tells them apart.
    utimesSync(path.join(repo, '.oryon/policy.yaml'), new Date(), new Date(Date.now() + 5000));
    const edited = await loadSettings(repo, { env });
    expect([edited.cached, edited.policy.gates.blocking_severity]).toEqual([false, 'medium']);
    const user = await loadSettings(repo, { env: { ...env, ORYON_MODEL: 'other:1b' } });
    expect([user.cached, user.config.model.name]).toEqual([false, 'other:1b']);
  });

  it('ORYON_FULL_CLI, which only chooses how bin/oryon starts, keeps the cache', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = envFor();
    await loadSettings(repo, { env });
    expect((await loadSettings(repo, { env: { ...env, ORYON_FULL_CLI: '1' } })).cached).toBe(true);
    expect((await loadSettings(repo, { env: { ...env, ORYON_FULL_CLI: '1', ORYON_MODE: 'advisor' } })).cached).toBe(false);
  });

  it('a revoked trust misses the cache: loosened settings are refused again', async () => {
    const repo = gitTopLevel(makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'gates:\n  required: [tests]\n' }));
    const env = envFor();
    await expect(loadSettings(repo, { env })).rejects.toBeInstanceOf(PolicyDeniedError);
    const { trust } = loadConfig({ repoRoot: repo, env, enforceTrust: false });
    recordTrust(oryonHome(env), trust!.repo, trust!.digests);
    expect((await loadSettings(repo, { env })).policy.gates.required).toEqual(['tests']);
    expect((await loadSettings(repo, { env })).cached).toBe(true);
    revokeTrust(oryonHome(env), trust!.repo);
    await expect(loadSettings(repo, { env })).rejects.toBeInstanceOf(PolicyDeniedError);
  });

  it('never caches an invalid file: every run reports it (exit 2)', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const env = envFor();
    writeFile(repo, '.oryon/config.yaml', 'lint:\n  in_gate: maybe\n');
    await expect(loadSettings(repo, { env })).rejects.toBeInstanceOf(BadInputError);
    await expect(loadSettings(repo, { env })).rejects.toThrow(/lint.in_gate/);
  });

  it('finds the top level like the CLI does, and refuses a non-repo', () => {
    const repo = makeRepo({ 'sub/a.txt': 'a\n' });
    expect(gitTopLevel(path.join(repo, 'sub'))).toBe(repo);
    expect(() => gitTopLevel(tempDir())).toThrow(BadInputError);
  });
});
