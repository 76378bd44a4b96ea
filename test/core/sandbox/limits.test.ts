import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/config/load.js';
import { limitScript, limitsFromPolicy, wrapWithLimits, type SandboxLimits } from '../../../src/core/sandbox/limits.js';
import { tempDir } from '../../helpers/git-repo.js';

const small: SandboxLimits = { cpuSeconds: 1, memoryMb: 64, maxProcesses: 40, maxFileSizeMb: 1 };

function runWrapped(argv: string[], limits: SandboxLimits = small, processes = true, cwd = tempDir('oryon-limits-')) {
  const [file, ...args] = wrapWithLimits(argv, limits, { processes });
  return spawnSync(file!, args, { cwd, encoding: 'utf8', timeout: 20_000 });
}

describe('limits', () => {
  it('reads the policy limits', () => {
    expect(limitsFromPolicy(loadPolicy())).toEqual({ cpuSeconds: 600, memoryMb: 2048, maxProcesses: 256, maxFileSizeMb: 64 });
  });

  it('sets soft and hard limits before exec, so the command cannot raise them', () => {
    const result = runWrapped(['/bin/sh', '-c', 'ulimit -t; ulimit -Ht; ulimit -d; ulimit -Hd; ulimit -f; ulimit -c']);
    expect(result.stdout.trim().split('\n')).toEqual(['1', '1', String(64 * 1024), String(64 * 1024), '2048', '0']);
    const raise = runWrapped(['/bin/sh', '-c', 'ulimit -t 100 && echo raised']);
    expect(raise.stdout).not.toContain('raised');
  });

  it("sets the process limit only when asked (outside a user namespace it would count all the user's processes)", () => {
    const nproc = (processes: boolean) => runWrapped(['/bin/sh', '-c', 'ulimit -u 2>/dev/null || ulimit -p'], small, processes).stdout.trim();
    expect(nproc(true)).toBe('40');
    expect(nproc(false)).not.toBe('40');
  });

  it('passes argv through untouched, whatever it contains', () => {
    const result = runWrapped(['/bin/echo', 'a b', '$HOME', "it's", '"q"']);
    expect(result.stdout).toBe(`a b $HOME it's "q"\n`);
  });

  it('reports a missing program as exit 127', () => {
    // A PATH of readable system folders only: an unreadable folder on PATH makes sh say 126.
    const [file, ...args] = wrapWithLimits(['no-such-program-oryon'], small, { processes: true });
    const result = spawnSync(file!, args, { cwd: tempDir('oryon-limits-'), env: { PATH: '/usr/local/bin:/usr/bin:/bin' }, encoding: 'utf8' });
    expect(result.status).toBe(127);
  });

  it('stops a file from growing past the file-size limit', () => {
    const dir = tempDir('oryon-limits-');
    const result = runWrapped(['python3', '-c', "open('big', 'wb').write(b'x' * 3_000_000)"], small, true, dir);
    expect(result.status).not.toBe(0);
    expect(statSync(path.join(dir, 'big')).size).toBeLessThanOrEqual(1024 * 1024);
  });

  it('stops an allocation past the memory limit', () => {
    const result = runWrapped(['python3', '-c', "b = bytearray(512 * 1024 * 1024); print('allocated')"]);
    expect(result.stdout).not.toContain('allocated');
    expect(result.stderr).toContain('MemoryError');
  });

  it('kills a busy loop at the CPU-time limit', () => {
    const started = Date.now();
    const result = runWrapped(['python3', '-c', 'while True: pass']);
    expect(result.signal ?? '').toMatch(/SIGXCPU|SIGKILL/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('writes one script that a POSIX shell understands', () => {
    expect(limitScript(small, { processes: false })).toBe(
      'ulimit -c 0 2>/dev/null; ulimit -t 1 2>/dev/null; ulimit -d 65536 2>/dev/null; ulimit -f 2048 2>/dev/null; exec "$@"',
    );
  });
});
