import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BadInputError, ExitCode, PolicyDeniedError } from '../../src/core/errors.js';
import { readTrustStore, recordTrust, revokeTrust } from '../../src/core/trust/store.js';

let repo: string;
let env: NodeJS.ProcessEnv;
let state: string;

beforeEach(() => {
  const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'oryon-trust-')));
  repo = path.join(base, 'repo');
  state = path.join(base, 'state');
  mkdirSync(path.join(repo, '.oryon'), { recursive: true });
  mkdirSync(path.join(base, 'home'));
  env = { HOME: path.join(base, 'home'), ORYON_HOME: state };
});

const write = (name: string, text: string): void => writeFileSync(path.join(repo, '.oryon', name), text);

function refusal(): PolicyDeniedError {
  try {
    loadConfig({ repoRoot: repo, env });
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyDeniedError);
    return error as PolicyDeniedError;
  }
  throw new Error('expected loadConfig to refuse');
}

describe('a repo policy that loosens the defaults needs oryon trust', () => {
  it('refuses untrusted loosening with exit 4, rule trust, the keys and the hint', () => {
    write('policy.yaml', 'network: true\ncommands:\n  allow: ["**"]\n');
    const error = refusal();
    expect(error.exitCode).toBe(ExitCode.policyDenied);
    expect(error.rule).toBe('trust');
    expect(error.message).toContain('rule trust');
    expect(error.message).toContain('network (false → true)');
    expect(error.message).toContain('commands.allow (+ **)');
    expect(error.hint).toContain('oryon trust');
  });

  it('refuses a repo config that weakens isolation', () => {
    write('config.yaml', 'sandbox:\n  isolation: best-effort\n');
    expect(refusal().message).toContain('sandbox.isolation (required → best-effort)');
  });

  it('loads once trusted, for those exact bytes only', () => {
    write('policy.yaml', 'network: true\n');
    const before = loadConfig({ repoRoot: repo, env, enforceTrust: false }).trust!;
    expect(before).toMatchObject({ repo, trusted: false });
    recordTrust(state, before.repo, before.digests);
    expect(loadConfig({ repoRoot: repo, env }).policy.network).toBe(true);
    write('policy.yaml', 'network: true\ncommands:\n  allow: [curl]\n');
    expect(refusal().message).toContain('commands.allow (+ curl)');
    write('policy.yaml', 'network: true\n');
    expect(loadConfig({ repoRoot: repo, env }).trust!.trusted).toBe(true);
    // A new config file next to the trusted policy changes what was reviewed.
    write('config.yaml', 'model:\n  name: x\n');
    expect(refusal().rule).toBe('trust');
  });

  it('revoking trust refuses again', () => {
    write('policy.yaml', 'network: true\n');
    const { trust } = loadConfig({ repoRoot: repo, env, enforceTrust: false });
    recordTrust(state, trust!.repo, trust!.digests);
    expect(readTrustStore(state).repos).toHaveLength(1);
    expect(revokeTrust(state, trust!.repo)).toBe(true);
    expect(revokeTrust(state, trust!.repo)).toBe(false);
    expect(refusal().rule).toBe('trust');
  });

  it('needs no trust for settings that only tighten or change unrelated keys', () => {
    write('policy.yaml', 'network: false\nlimits:\n  memory_mb: 512\ncommands:\n  allow: [python3]\n');
    write('config.yaml', 'model:\n  name: other\n');
    expect(loadConfig({ repoRoot: repo, env }).trust).toMatchObject({ loosened: [] });
  });

  it('never follows a planted symlink for .oryon files', () => {
    const secret = path.join(path.dirname(repo), 'id_rsa');
    writeFileSync(secret, '-----BEGIN OPENSSH PRIVATE KEY-----\nnot yaml: [\n');
    symlinkSync(secret, path.join(repo, '.oryon', 'policy.yaml'));
    let error: unknown;
    try {
      loadConfig({ repoRoot: repo, env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toContain('.oryon/policy.yaml');
    expect((error as Error).message).toContain('is a symbolic link');
    expect((error as Error).message).not.toContain('PRIVATE KEY');
  });
});
