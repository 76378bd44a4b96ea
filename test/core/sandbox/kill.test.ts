import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { countGroupProcesses, killGroup } from '../../../src/core/sandbox/kill.js';
import { waitUntil } from './fixture.js';

describe("the process watchdog's count", () => {
  it("counts threads, not just processes (the kernel's process limit counts tasks)", async () => {
    const script =
      'import threading, time\nfor i in range(30): threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\nprint("ready", flush=True)\ntime.sleep(30)';
    const child = spawn('python3', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      let ready = false;
      child.stdout.on('data', () => (ready = true));
      expect(await waitUntil(() => ready, 10_000)).toBe(true);
      expect(countGroupProcesses(child.pid!)).toBeGreaterThanOrEqual(31);
    } finally {
      killGroup(child.pid!);
    }
  });
});
