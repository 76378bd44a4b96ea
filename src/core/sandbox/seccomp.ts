// A seccomp filter for bubblewrap's `--seccomp FD`, as classic BPF built here: no libseccomp,
// no compiler. bwrap reads an array of `struct sock_filter` (8 bytes each, native byte order)
// and loads it after PR_SET_NO_NEW_PRIVS, so the command and everything it starts run under it.
//
// Denied with EPERM:
//  - add_key, keyctl, request_key: the kernel keyring is not namespaced by the mount or pid
//    namespaces; a key read or left behind crosses the sandbox (a covert channel between runs).
//  - ptrace(PTRACE_ATTACH | PTRACE_SEIZE): attaching to a process we did not start. TRACEME
//    stays, so debuggers and test runners that trace their own children keep working.
// Every ABI a process on the host can enter is covered: x86_64, its x32 bit (denied outright)
// and i386 via int 0x80; aarch64 and its 32-bit arm compat. Any other arch is killed.

/** struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]. */
export const SECCOMP_DATA = { nr: 0, arch: 4, arg0Low: 16 } as const;

export const BPF = {
  LD_W_ABS: 0x20,
  JEQ_K: 0x15,
  JGE_K: 0x35,
  RET_K: 0x06,
} as const;

export const SECCOMP_RET = {
  ALLOW: 0x7fff0000,
  ERRNO: 0x00050000,
  KILL_PROCESS: 0x80000000,
} as const;

const EPERM = 1;
export const DENY = SECCOMP_RET.ERRNO | EPERM;

export const AUDIT_ARCH = {
  X86_64: 0xc000003e,
  I386: 0x40000003,
  AARCH64: 0xc00000b7,
  ARM: 0x40000028,
} as const;

/** The x32 ABI marks its syscall numbers with this bit under AUDIT_ARCH_X86_64. */
export const X32_SYSCALL_BIT = 0x40000000;

export const PTRACE_ATTACH = 16;
export const PTRACE_SEIZE = 0x4206;

interface ArchTable {
  arch: number;
  keyring: readonly number[];
  ptrace: number;
  /** x86_64 only: numbers at or above this are x32 calls. */
  x32?: boolean;
}

// From the kernel's syscall tables (arch/x86/entry/syscalls, include/uapi/asm-generic/unistd.h,
// arch/arm/tools/syscall.tbl): add_key, request_key, keyctl; then ptrace.
export const ARCH_TABLES: Record<'x86_64' | 'i386' | 'aarch64' | 'arm', ArchTable> = {
  x86_64: { arch: AUDIT_ARCH.X86_64, keyring: [248, 249, 250], ptrace: 101, x32: true },
  i386: { arch: AUDIT_ARCH.I386, keyring: [286, 287, 288], ptrace: 26 },
  aarch64: { arch: AUDIT_ARCH.AARCH64, keyring: [217, 218, 219], ptrace: 117 },
  arm: { arch: AUDIT_ARCH.ARM, keyring: [309, 310, 311], ptrace: 26 },
};

/** The ABIs a process can use on a host of Node's `process.arch`; undefined: no filter for it. */
export function abisFor(nodeArch: string): Array<keyof typeof ARCH_TABLES> | undefined {
  if (nodeArch === 'x64') return ['x86_64', 'i386'];
  if (nodeArch === 'ia32') return ['i386'];
  if (nodeArch === 'arm64') return ['aarch64', 'arm'];
  return undefined;
}

export interface Instruction {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

const stmt = (code: number, k: number): Instruction => ({ code, jt: 0, jf: 0, k });
const jump = (code: number, k: number, jt: number, jf: number): Instruction => ({ code, jt, jf, k });

/**
 * The program. Layout: an arch dispatch, then one block per ABI, each ending in ALLOW;
 * shared DENY and ptrace-argument checks are inlined per block so every jump is short
 * and forward (BPF jumps are 8-bit offsets).
 */
export function seccompProgram(abis: ReadonlyArray<keyof typeof ARCH_TABLES>): Instruction[] {
  const blocks = abis.map((abi) => archBlock(ARCH_TABLES[abi]));
  const program: Instruction[] = [stmt(BPF.LD_W_ABS, SECCOMP_DATA.arch)];
  // Dispatch: `jeq arch` to its block; blocks follow the dispatch and a final KILL.
  const dispatchLength = abis.length + 1;
  let offsetToBlock = dispatchLength - 1; // from the instruction after the first jeq to the first block
  blocks.forEach((block, index) => {
    program.push(jump(BPF.JEQ_K, ARCH_TABLES[abis[index]!].arch, offsetToBlock - index, 0));
    offsetToBlock += block.length;
  });
  program.push(stmt(BPF.RET_K, SECCOMP_RET.KILL_PROCESS));
  for (const block of blocks) program.push(...block);
  if (program.some((instruction) => instruction.jt > 255 || instruction.jf > 255)) throw new Error('seccomp program: jump out of range');
  return program;
}

function archBlock(table: ArchTable): Instruction[] {
  // Tail of every block: [ALLOW, DENY, ptrace check (ld arg0; jeq ATTACH; jeq SEIZE; ALLOW; DENY)].
  const checks: Array<{ nr: number; to: 'deny' | 'ptrace' }> = [
    ...table.keyring.map((nr) => ({ nr, to: 'deny' as const })),
    { nr: table.ptrace, to: 'ptrace' as const },
  ];
  const head: Instruction[] = [stmt(BPF.LD_W_ABS, SECCOMP_DATA.nr)];
  const x32 = table.x32 ? 1 : 0;
  // Indices (within the block) of the tail's entries.
  const allowAt = 1 + x32 + checks.length;
  const denyAt = allowAt + 1;
  const ptraceAt = denyAt + 1;
  if (table.x32) head.push(jump(BPF.JGE_K, X32_SYSCALL_BIT, denyAt - 2, 0));
  checks.forEach((check, index) => {
    const at = 1 + x32 + index;
    head.push(jump(BPF.JEQ_K, check.nr, (check.to === 'deny' ? denyAt : ptraceAt) - at - 1, 0));
  });
  return [
    ...head,
    stmt(BPF.RET_K, SECCOMP_RET.ALLOW),
    stmt(BPF.RET_K, DENY),
    // ptrace: the request is a long; its low word decides (a high word makes it invalid anyway).
    stmt(BPF.LD_W_ABS, SECCOMP_DATA.arg0Low),
    jump(BPF.JEQ_K, PTRACE_ATTACH, 2, 0),
    jump(BPF.JEQ_K, PTRACE_SEIZE, 1, 0),
    stmt(BPF.RET_K, SECCOMP_RET.ALLOW),
    stmt(BPF.RET_K, DENY),
  ];
}

/** The bytes bwrap reads: struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; } in host order. */
export function encodeProgram(program: readonly Instruction[], littleEndian = true): Buffer {
  const buffer = Buffer.alloc(program.length * 8);
  program.forEach((instruction, index) => {
    const at = index * 8;
    if (littleEndian) buffer.writeUInt16LE(instruction.code, at);
    else buffer.writeUInt16BE(instruction.code, at);
    buffer.writeUInt8(instruction.jt, at + 2);
    buffer.writeUInt8(instruction.jf, at + 3);
    if (littleEndian) buffer.writeUInt32LE(instruction.k >>> 0, at + 4);
    else buffer.writeUInt32BE(instruction.k >>> 0, at + 4);
  });
  return buffer;
}

/** The filter for this host, or why there is none. */
export function hostSeccompFilter(nodeArch: string = process.arch): { filter: Buffer } | { reason: string } {
  const abis = abisFor(nodeArch);
  if (!abis) return { reason: `no seccomp filter for the ${nodeArch} architecture (only x86_64 and aarch64 are known)` };
  return { filter: encodeProgram(seccompProgram(abis)) };
}
