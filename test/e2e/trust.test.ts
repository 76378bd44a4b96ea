import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli } from '../helpers/cli.js';
import { makeRepo } from '../helpers/git-repo.js';
import { build } from './build.js';

// `oryon trust` through the built CLI: a repo policy that loosens the defaults (the
// attack: a sandboxed command or a cloned repo writes .oryon/policy.yaml with network
// on and every command allowed) is refused until the user trusts those exact bytes.

beforeAll(build, 120_000);

const LOOSE = 'network: true\ncommands:\n  allow: ["**"]\n';

interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

describe('oryon trust (built CLI)', () => {
  it('refuses an untrusted loosening policy with exit 4, runs once trusted, and again refuses after a change', async () => {
    const env = isolatedEnv();
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': LOOSE });

    const refused = await runCli(['apply', '--dry-run'], { cwd: repo, env, input: '' });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('rule trust');
    expect(refused.stderr).toContain('network (false → true)');
    expect(refused.stderr).toContain('commands.allow (+ **)');
    expect(refused.stderr).toContain('hint: review .oryon/policy.yaml, then run: oryon trust');

    const doctorBefore = await runCli(['doctor', '--json'], { cwd: repo, env });
    const before = (JSON.parse(doctorBefore.stdout).checks as DoctorCheck[]).find((check) => check.name === 'trust');
    expect(before).toMatchObject({ ok: false });
    expect(before!.detail).toContain('not trusted');

    const trusted = await runCli(['trust'], { cwd: repo, env });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain(`trusted ${repo}`);
    expect(trusted.stdout).toContain('loosens: network (false → true)');

    const doctorAfter = await runCli(['doctor', '--json'], { cwd: repo, env });
    expect((JSON.parse(doctorAfter.stdout).checks as DoctorCheck[]).find((check) => check.name === 'trust')).toMatchObject({ ok: true });

    const list = await runCli(['trust', '--list', '--json'], { cwd: repo, env });
    expect(JSON.parse(list.stdout).repos.map((entry: { repo: string }) => entry.repo)).toEqual([repo]);

    // The file changes (say, a sandboxed command appends to it): trust is gone.
    writeFileSync(path.join(repo, '.oryon', 'policy.yaml'), `${LOOSE}limits:\n  memory_mb: 65536\n`);
    const changed = await runCli(['apply', '--dry-run'], { cwd: repo, env, input: '' });
    expect(changed.code).toBe(4);
    expect(changed.stderr).toContain('limits.memory_mb (2048 → 65536)');

    await runCli(['trust'], { cwd: repo, env });
    const revoked = await runCli(['trust', '--revoke'], { cwd: repo, env });
    expect(revoked.stdout).toContain(`revoked trust for ${repo}`);
    expect((await runCli(['apply', '--dry-run'], { cwd: repo, env, input: '' })).code).toBe(4);
  });

  it('the pre-commit gate refuses an untrusted policy that drops the required gates', async () => {
    const env = isolatedEnv();
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'gates:\n  required: [tests]\n' });
    const result = await runCli(['gate', '--staged'], { cwd: repo, env });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('gates.required (- lint, - security, - secrets, - policy)');
  });

  it('a policy that only tightens needs no trust', async () => {
    const env = isolatedEnv();
    const repo = makeRepo({ 'a.txt': 'a\n', '.oryon/policy.yaml': 'commands:\n  allow: [python3]\nlimits:\n  memory_mb: 256\n' });
    const result = await runCli(['trust', '--json'], { cwd: repo, env });
    expect(JSON.parse(result.stdout)).toMatchObject({ trusted: true, loosened: [] });
    const doctor = await runCli(['doctor', '--json'], { cwd: repo, env });
    expect((JSON.parse(doctor.stdout).checks as DoctorCheck[]).find((check) => check.name === 'trust')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('loosen nothing'),
    });
  });
});
