import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPidAlive, processStartTime } from '../../../src/core/journal/pid.js';
import { tempDir } from '../../helpers/git-repo.js';

const procfs = existsSync('/proc/self/stat');

const realSleep = () => realpathSync(execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim());

describe('processStartTime', () => {
  it.skipIf(!procfs)('reads a stable start time for a live process, and none for a bad pid', () => {
    const own = processStartTime(process.pid);
    expect(own).toMatch(/^\d+$/);
    expect(processStartTime(process.pid)).toBe(own);
    expect(processStartTime(0)).toBeUndefined();
    expect(processStartTime(-1)).toBeUndefined();
  });

  it.skipIf(!procfs)('reads field 22 even when the command name holds spaces and parentheses', async () => {
    // The comm field is the name of the file executed: a symlink gives it one that would break a naive split.
    const link = path.join(tempDir('oryon-pid-'), 'odd) (name x');
    symlinkSync(realSleep(), link);
    const child = spawn(link, ['5'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(readFileSync(`/proc/${child.pid}/stat`, 'utf8')).toContain('(odd) (name x)');
      const started = processStartTime(child.pid!);
      expect(started).toMatch(/^\d+$/);
      expect(Number(started)).toBeGreaterThanOrEqual(Number(processStartTime(process.pid)));
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('isPidAlive', () => {
  it('is true for this process with its own start time or none recorded', () => {
    expect(isPidAlive(process.pid)).toBe(true);
    expect(isPidAlive(process.pid, null)).toBe(true);
    expect(isPidAlive(process.pid, processStartTime(process.pid) ?? null)).toBe(true);
  });

  it.skipIf(!procfs)('is false when the pid lives but started at another time (a reused pid)', () => {
    expect(isPidAlive(process.pid, '1')).toBe(false);
  });

  it('is false for no pid', () => {
    expect(isPidAlive(null)).toBe(false);
    expect(isPidAlive(0)).toBe(false);
  });
});
