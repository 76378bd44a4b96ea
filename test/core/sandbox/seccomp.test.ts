import { describe, expect, it } from 'vitest';
import {
  ARCH_TABLES,
  AUDIT_ARCH,
  BPF,
  DENY,
  PTRACE_ATTACH,
  PTRACE_SEIZE,
  SECCOMP_DATA,
  SECCOMP_RET,
  X32_SYSCALL_BIT,
  encodeProgram,
  hostSeccompFilter,
  seccompProgram,
} from '../../../src/core/sandbox/seccomp.js';

// A tiny classic-BPF interpreter over the encoded bytes (what bwrap hands the kernel), for
// the subset a seccomp filter uses: absolute word loads, jeq/jge with constants, return.
function run(bytes: Buffer, data: { nr: number; arch: number; arg0?: number }): number {
  const word = (offset: number): number => {
    if (offset === SECCOMP_DATA.nr) return data.nr >>> 0;
    if (offset === SECCOMP_DATA.arch) return data.arch >>> 0;
    if (offset === SECCOMP_DATA.arg0Low) return (data.arg0 ?? 0) >>> 0;
    throw new Error(`load from unexpected offset ${offset}`);
  };
  const count = bytes.length / 8;
  let accumulator = 0;
  for (let pc = 0, steps = 0; pc < count; pc++, steps++) {
    if (steps > 1000) throw new Error('no progress');
    const code = bytes.readUInt16LE(pc * 8);
    const jt = bytes.readUInt8(pc * 8 + 2);
    const jf = bytes.readUInt8(pc * 8 + 3);
    const k = bytes.readUInt32LE(pc * 8 + 4);
    if (code === BPF.LD_W_ABS) accumulator = word(k);
    else if (code === BPF.JEQ_K) pc += accumulator === k ? jt : jf;
    else if (code === BPF.JGE_K) pc += accumulator >= k ? jt : jf;
    else if (code === BPF.RET_K) return k;
    else throw new Error(`unknown opcode ${code}`);
  }
  throw new Error('fell off the end of the program');
}

describe('the seccomp filter', () => {
  const x64 = encodeProgram(seccompProgram(['x86_64', 'i386']));
  const arm64 = encodeProgram(seccompProgram(['aarch64', 'arm']));

  it('denies the keyring calls on every ABI of the host, and allows their neighbours', () => {
    for (const [bytes, abis] of [
      [x64, ['x86_64', 'i386']],
      [arm64, ['aarch64', 'arm']],
    ] as const) {
      for (const abi of abis) {
        const table = ARCH_TABLES[abi];
        for (const nr of table.keyring) expect(run(bytes, { nr, arch: table.arch })).toBe(DENY);
        for (const nr of [0, 1, 59, table.keyring[0]! - 1, table.keyring[2]! + 1]) {
          if (nr === table.ptrace) continue;
          expect(run(bytes, { nr, arch: table.arch })).toBe(SECCOMP_RET.ALLOW);
        }
      }
    }
  });

  it('denies ptrace attach and seize, keeps traceme and the rest of ptrace', () => {
    for (const [bytes, abi] of [
      [x64, 'x86_64'],
      [x64, 'i386'],
      [arm64, 'aarch64'],
      [arm64, 'arm'],
    ] as const) {
      const { ptrace, arch } = ARCH_TABLES[abi];
      expect(run(bytes, { nr: ptrace, arch, arg0: PTRACE_ATTACH })).toBe(DENY);
      expect(run(bytes, { nr: ptrace, arch, arg0: PTRACE_SEIZE })).toBe(DENY);
      for (const request of [0 /* TRACEME */, 7 /* CONT */, 12 /* GETREGS */, 0x4200 /* SETOPTIONS */]) {
        expect(run(bytes, { nr: ptrace, arch, arg0: request })).toBe(SECCOMP_RET.ALLOW);
      }
    }
  });

  it('denies every x32 call and kills on an ABI the filter does not know', () => {
    expect(run(x64, { nr: X32_SYSCALL_BIT | 0, arch: AUDIT_ARCH.X86_64 })).toBe(DENY);
    expect(run(x64, { nr: X32_SYSCALL_BIT | 250, arch: AUDIT_ARCH.X86_64 })).toBe(DENY);
    expect(run(x64, { nr: 250, arch: AUDIT_ARCH.AARCH64 })).toBe(SECCOMP_RET.KILL_PROCESS);
    expect(run(arm64, { nr: 219, arch: AUDIT_ARCH.X86_64 })).toBe(SECCOMP_RET.KILL_PROCESS);
  });

  it('has a filter for x64 and arm64 hosts and a reason for the others', () => {
    expect(hostSeccompFilter('x64')).toEqual({ filter: x64 });
    expect(hostSeccompFilter('arm64')).toEqual({ filter: arm64 });
    expect(hostSeccompFilter('riscv64')).toEqual({ reason: expect.stringMatching(/no seccomp filter for the riscv64/) });
  });
});
