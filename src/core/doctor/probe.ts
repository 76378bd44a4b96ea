// Small subprocess helpers for doctor: find a program on PATH and run it briefly.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

export interface ProbeResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  /** Why it failed to run at all (not found, timed out). */
  error?: string;
}

export function runProbe(file: string, args: string[], options: { timeoutMs: number; cwd?: string }): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: options.timeoutMs, cwd: options.cwd, encoding: 'utf8', killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, stdout, stderr });
      const failure = error as NodeJS.ErrnoException & { killed?: boolean };
      const reason =
        failure.code === 'ENOENT'
          ? 'not found'
          : failure.killed
            ? `timed out after ${options.timeoutMs} ms`
            : firstLine(stderr) || firstLine(stdout) || failure.message;
      resolve({ ok: false, stdout, stderr, error: reason });
    });
  });
}

/** The first executable named `name` on PATH, like `which`. */
export async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
