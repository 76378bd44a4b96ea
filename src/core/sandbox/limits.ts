import type { Policy } from '../policy/schema.js';

// Resource limits are set by a tiny /bin/sh prologue inside the sandbox, just before it
// execs the command. Inside, because RLIMIT_NPROC counts per user namespace only when it
// is set after the namespace exists; a shell, because prlimit is not everywhere.

export interface SandboxLimits {
  cpuSeconds: number;
  /** Private writable memory (RLIMIT_DATA), not address space: the JVM, Go and V8 reserve far more than they use. */
  memoryMb: number;
  maxProcesses: number;
  maxFileSizeMb: number;
}

export function limitsFromPolicy(policy: Policy): SandboxLimits {
  return {
    cpuSeconds: policy.limits.cpu_seconds,
    memoryMb: policy.limits.memory_mb,
    maxProcesses: policy.limits.max_processes,
    maxFileSizeMb: policy.limits.max_file_size_mb,
  };
}

/**
 * The prologue. `ulimit` without -S/-H sets soft and hard together, so the command
 * cannot raise them again; a failure means the hard limit is already lower, which is
 * fine. dash spells the process limit -p, bash -u. File size is in 512-byte blocks in
 * both (bash is POSIX when run as sh).
 */
export function limitScript(limits: SandboxLimits, options: { processes: boolean }): string {
  const steps = ['ulimit -c 0', `ulimit -t ${limits.cpuSeconds}`, `ulimit -d ${limits.memoryMb * 1024}`, `ulimit -f ${limits.maxFileSizeMb * 2048}`];
  if (options.processes) steps.push(`{ ulimit -u ${limits.maxProcesses} || ulimit -p ${limits.maxProcesses}; }`);
  return `${steps.map((step) => `${step} 2>/dev/null`).join('; ')}; exec "$@"`;
}

/**
 * argv wrapped so that the limits apply to it and everything it starts. `drop` (the setpriv
 * command line, see privilege.ts) goes before argv, so the limits are set while still
 * privileged and the command itself never runs as root.
 */
export function wrapWithLimits(argv: readonly string[], limits: SandboxLimits, options: { processes: boolean; drop?: readonly string[] }): string[] {
  return ['/bin/sh', '-c', limitScript(limits, options), 'oryon-sandbox', ...(options.drop ?? []), ...argv];
}
