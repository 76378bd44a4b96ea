import { execFileSync } from 'node:child_process';
import { fstatSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inheritedDescriptors, neutralizeInherited } from '../../../src/core/sandbox/fds.js';
import { build } from '../../e2e/build.js';
import { makeRepo, tempDir } from '../../helpers/git-repo.js';
import { repoRoot } from '../../helpers/cli.js';
import { bwrap, withBwrap } from './fixture.js';

describe('inherited file descriptors', () => {
  it('maps every inherited descriptor but the ones we pass to /dev/null', () => {
    const { stdio, release } = neutralizeInherited(['ignore', 'pipe', 'pipe', 'pipe', 'pipe'], [3, 4], [3, 4, 6, 9]);
    const devNull = stdio[6] as number;
    expect(typeof devNull).toBe('number');
    expect(fstatSync(devNull).isCharacterDevice()).toBe(true);
    expect(stdio).toEqual(['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'ignore', devNull, 'ignore', 'ignore', devNull]);
    release();
    expect(() => fstatSync(devNull)).toThrow();
  });

  it('changes nothing when nothing is inherited', () => {
    const wanted = ['ignore', 'pipe', 'pipe'] as const;
    const { stdio } = neutralizeInherited([...wanted], [], []);
    expect(stdio).toEqual(wanted);
  });

  it("reads this process's descriptors above 2", () => {
    expect(inheritedDescriptors().every((fd) => fd > 2)).toBe(true);
  });
});

describe.skipIf(!bwrap.usable)(withBwrap('a descriptor oryon inherited'), () => {
  beforeAll(() => build(), 120_000);

  it('does not reach the sandboxed command (neither its data nor a way to reopen it)', () => {
    const secret = path.join(tempDir('oryon-fd-'), 'secret.txt');
    writeFileSync(secret, 'inherited secret\n', { mode: 0o600 });
    const repo = makeRepo({ 'a.txt': 'a\n' });
    const probe = [
      'import os',
      'for fd in (300, 301):',
      '  try: print(fd, os.readlink("/proc/self/fd/%d" % fd), os.read(fd, 100))',
      '  except OSError as e: print(fd, "closed", e.errno)',
    ].join('\n');
    const driver = [
      `import { createSandboxRunner } from ${JSON.stringify(path.join(repoRoot, 'dist/core/sandbox/create.js'))};`,
      `import { loadConfig, loadPolicy } from ${JSON.stringify(path.join(repoRoot, 'dist/config/load.js'))};`,
      `const { config } = loadConfig({ env: { HOME: ${JSON.stringify(tempDir('oryon-cfg-'))} } });`,
      `const runner = createSandboxRunner({ policy: loadPolicy(), config, env: { PATH: process.env.PATH, HOME: '/nonexistent', LANG: 'C.UTF-8' } });`,
      `const result = await runner.run({ argv: ['python3', '-c', ${JSON.stringify(probe)}], cwd: ${JSON.stringify(repo)} });`,
      'process.stdout.write(result.stdout + result.stderr);',
    ].join('\n');
    // bash opens 300 read-only and 301 read-write without close-on-exec, as a caller's redirections
    // do (Node itself marks low ones close-on-exec at startup, so they would prove nothing).
    const output = execFileSync('bash', ['-c', `exec 300<"$1" 301<>"$1"; exec node --input-type=module -e "$2"`, 'oryon-fd-test', secret, driver], {
      encoding: 'utf8',
    });
    expect(output).not.toContain('inherited secret');
    expect(output).not.toContain(secret);
    expect(output).toMatch(/^300 \/dev\/null b''$/m);
    expect(output).toMatch(/^301 \/dev\/null b''$/m);
  });
});
