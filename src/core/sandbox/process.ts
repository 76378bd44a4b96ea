import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { InterruptedError } from '../errors.js';
import { neutralizeInherited, type StdioEntry } from './fds.js';
import { countGroupProcesses, countNamespaceProcesses, killGroup, watchProcesses } from './kill.js';
import { OutputCapture } from './output.js';
import type { SandboxResult } from './types.js';

// One sandboxed process from spawn to result: capped capture, timeout, abort, process
// watchdog, and the guarantee that nothing it started outlives it.

export interface ProcessSpec {
  /** What the user asked to run (reported back in the result). */
  argv: string[];
  /** What is actually spawned: bwrap or the limits wrapper. */
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  maxProcesses: number;
  isolation: 'bwrap' | 'none';
  /** bwrap reports the namespace init's pid on this fd (3) when set. */
  infoFd?: number;
  signal?: AbortSignal | undefined;
  input?: string | undefined;
  /** Data written to a pipe at this descriptor of the child, then closed (bwrap's --seccomp program). */
  dataFd?: { fd: number; data: Buffer } | undefined;
  /** Checks run while the command runs (the write budget); the first breach kills it. */
  sampler?: { intervalMs: () => number; sample: () => { rule: string; reason: string } | undefined } | undefined;
}

/** After the process exits, how long pipes held open by escaped children may delay the result. */
const CLOSE_GRACE_MS = 1000;

export function runProcess(spec: ProcessSpec): Promise<SandboxResult> {
  if (spec.signal?.aborted) return Promise.reject(new InterruptedError('sandboxed command interrupted before it started'));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const capture = new OutputCapture(spec.maxOutputBytes);
    const wanted: StdioEntry[] = [spec.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'];
    if (spec.infoFd !== undefined) wanted[spec.infoFd] = 'pipe';
    if (spec.dataFd !== undefined) wanted[spec.dataFd.fd] = 'pipe';
    for (let fd = 0; fd < wanted.length; fd++) wanted[fd] ??= 'ignore';
    // Nothing oryon inherited reaches the command: only the descriptors we pass.
    const { stdio, release } = neutralizeInherited(
      wanted,
      [spec.infoFd, spec.dataFd?.fd].filter((fd) => fd !== undefined),
    );
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(spec.file, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio });
    } finally {
      release();
    }
    if (spec.dataFd !== undefined) {
      const sink = child.stdio[spec.dataFd.fd] as Writable | null;
      sink?.on('error', () => undefined);
      sink?.end(spec.dataFd.data);
    }
    let killedBy: SandboxResult['killedBy'];
    let aborted = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;

    const kill = (rule: string, reason: string): void => {
      if (killedBy || exit) return;
      killedBy = { rule, reason };
      if (child.pid !== undefined) killGroup(child.pid);
    };

    const timer = setTimeout(() => kill('limits.command_timeout_ms', `killed after ${spec.timeoutMs} ms`), spec.timeoutMs);
    timer.unref();
    const onAbort = (): void => {
      aborted = true;
      kill('interrupted', 'interrupted by the user');
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });

    let nsInit: number | undefined;
    const watchdog =
      child.pid === undefined
        ? undefined
        : watchProcesses(
            () => {
              if (spec.isolation === 'none') return countGroupProcesses(child.pid!);
              // Minus one: bubblewrap's own init inside the namespace.
              const count = nsInit === undefined ? undefined : countNamespaceProcesses(nsInit);
              return count === undefined ? undefined : count - 1;
            },
            spec.maxProcesses,
            (seen) => kill('limits.max_processes', `${seen} processes; the limit is ${spec.maxProcesses}`),
            // Without a namespace the count reads every host process's stat: poll less often.
            spec.isolation === 'none' ? 100 : 25,
          );

    let samplerTimer: NodeJS.Timeout | undefined;
    const sampler = spec.sampler;
    if (sampler) {
      const schedule = (): void => {
        samplerTimer = setTimeout(() => {
          if (exit || killedBy) return;
          const breach = sampler.sample();
          if (breach) kill(breach.rule, breach.reason);
          else schedule();
        }, sampler.intervalMs());
        samplerTimer.unref();
      };
      schedule();
    }

    if (spec.infoFd !== undefined) {
      const info = child.stdio[spec.infoFd] as Readable | null;
      let text = '';
      info?.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
        if (match) nsInit = Number(match[1]);
      });
      info?.on('error', () => undefined);
    }
    child.stdout?.on('data', (chunk: Buffer) => capture.push('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => capture.push('stderr', chunk));
    if (spec.input !== undefined && child.stdin) {
      // The command may exit without reading its input; that is not our error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(spec.input);
    }

    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      clearTimeout(samplerTimer);
      watchdog?.stop();
      spec.signal?.removeEventListener('abort', onAbort);
      if (error) return reject(error);
      if (aborted) return reject(new InterruptedError('sandboxed command interrupted'));
      resolve({
        argv: spec.argv,
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        output: capture.combined.text(),
        stdout: capture.stdout.text(),
        stderr: capture.stderr.text(),
        timedOut: killedBy?.rule === 'limits.command_timeout_ms',
        outputTruncated: capture.truncated || capture.stdout.truncated || capture.stderr.truncated,
        isolation: spec.isolation,
        durationMs: Math.round(performance.now() - started),
        ...(killedBy ? { killedBy } : {}),
      });
    };

    child.on('error', (error) => {
      if (child.pid !== undefined) killGroup(child.pid);
      finish(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Whatever the command left behind in its group goes with it.
      if (child.pid !== undefined) killGroup(child.pid);
      grace = setTimeout(() => {
        for (const stream of child.stdio) stream?.destroy();
        finish();
      }, CLOSE_GRACE_MS);
    });
    child.on('close', () => finish());
  });
}
