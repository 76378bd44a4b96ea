import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyDeniedError } from '../../../src/core/errors.js';
import type { Decision } from '../../../src/core/policy/decide.js';
import { createSandboxRunner } from '../../../src/core/sandbox/create.js';
import { detectBubblewrap, detectBubblewrapSync } from '../../../src/core/sandbox/detect.js';
import { makeRepo, tempDir } from '../../helpers/git-repo.js';
import { pathWithoutBwrap, processesWith, testConfig, testPolicy, uniqueMarker, waitUntil } from './fixture.js';

describe('without bubblewrap', () => {
  const PATH = pathWithoutBwrap();
  const env = { PATH, HOME: tempDir('oryon-home-'), MY_API_TOKEN: 'tok-1', AWS_SECRET_ACCESS_KEY: 'aws-1', GITHUB_TOKEN: 'gh-1' };

  it('detects that bwrap is missing and says how to install it', async () => {
    const status = await detectBubblewrap(PATH);
    expect(status).toMatchObject({ available: false, usable: false });
    expect(status.reason).toContain('apt-get install bubblewrap');
    expect(detectBubblewrapSync(PATH)).toEqual(status);
  });

  it('refuses to create a runner when isolation is required, naming sandbox.isolation', () => {
    let error: unknown;
    try {
      createSandboxRunner({ policy: testPolicy(), config: testConfig('required'), env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyDeniedError);
    expect(error).toMatchObject({ rule: 'sandbox.isolation', exitCode: 4 });
    expect((error as PolicyDeniedError).hint).toContain('sudo apt-get install bubblewrap');
  });

  it('runs best-effort with the scrubbed environment and records that isolation was missing', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const decisions: Decision[] = [];
    const runner = createSandboxRunner({ policy: testPolicy(), config: testConfig('best-effort'), env, onDecision: (decision) => decisions.push(decision) });
    expect(runner.isolation).toBe('none');
    const result = await runner.run({ argv: ['env'], cwd: repo });
    // The journal gets the gap with the command it applied to.
    expect(decisions.find((decision) => decision.rule === 'sandbox.isolation')).toMatchObject({
      allowed: true,
      subject: 'env',
      reason: expect.stringMatching(/^best-effort: ran without bubblewrap \(bwrap not found on PATH.*the file system, network and secrets were not isolated$/),
    });
    expect(result.isolation).toBe('none');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`PATH=${PATH}`);
    expect(result.stdout).not.toMatch(/tok-1|aws-1|gh-1/);
  });

  it('still applies limits, the timeout and the group kill', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const marker = uniqueMarker();
    const runner = createSandboxRunner({ policy: testPolicy({ command_timeout_ms: 700 }), config: testConfig('best-effort'), env });
    const limits = await runner.run({ argv: ['sh', '-c', 'ulimit -t; ulimit -d'], cwd: repo });
    expect(limits.stdout).toBe(`600\n${2048 * 1024}\n`);
    const script = `import os, time\nos.fork()\ntime.sleep(60)  # ${marker}`;
    const result = await runner.run({ argv: ['python3', '-c', script], cwd: repo });
    expect(result).toMatchObject({ timedOut: true, isolation: 'none', killedBy: { rule: 'limits.command_timeout_ms' } });
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
  });

  it('stops a fork bomb by counting its process group', async () => {
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const marker = uniqueMarker();
    const runner = createSandboxRunner({ policy: testPolicy({ max_processes: 16, command_timeout_ms: 10_000 }), config: testConfig('best-effort'), env });
    const bomb = `import os, time\nfor _ in range(200):\n  if os.fork() == 0:\n    time.sleep(60); os._exit(0)\ntime.sleep(60)  # ${marker}`;
    const result = await runner.run({ argv: ['python3', '-c', bomb], cwd: repo });
    expect(result.killedBy?.rule).toBe('limits.max_processes');
    expect(result.durationMs).toBeLessThan(9000);
    expect(await waitUntil(() => processesWith(marker).length === 0)).toBe(true);
  });

  it("tells an installed but unusable bwrap apart, with the kernel's reason", async () => {
    const bin = pathWithoutBwrap();
    writeFileSync(
      path.join(bin, 'bwrap'),
      '#!/bin/sh\n[ "$1" = --version ] && { echo "bubblewrap 0.9.0"; exit 0; }\necho "bwrap: No permissions to create new namespace" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const status = detectBubblewrapSync(bin);
    expect(status).toMatchObject({ available: true, usable: false, version: '0.9.0', path: path.join(bin, 'bwrap') });
    expect(status.reason).toContain('No permissions to create new namespace');
    expect(await detectBubblewrap(`${bin}:`)).toMatchObject({ available: true, usable: false, version: '0.9.0' });
    let error: unknown;
    try {
      createSandboxRunner({ policy: testPolicy(), config: testConfig('required'), env: { PATH: bin } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ rule: 'sandbox.isolation' });
    expect((error as PolicyDeniedError).hint).toContain('user namespaces');
    const runner = createSandboxRunner({ policy: testPolicy(), config: testConfig('best-effort'), env: { PATH: bin } });
    expect(runner.isolation).toBe('none');
  });
});
