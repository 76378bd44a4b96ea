// Small subprocess helper for doctor: run a program briefly and say why it failed.
import { execFile } from 'node:child_process';

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

export function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
