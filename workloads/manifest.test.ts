// The committed guests are consistent without any toolchain: every case of programs.json has its
// source, its ELF (a static RV32 executable the machine can load) and its expected outputs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGuestCases, WORKLOADS_DIR, WorkloadManifestError } from './manifest.js';

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const PF_X = 1;
const EM_RISCV = 243;
const EF_RISCV_RVC = 1;
const EF_RISCV_FLOAT_ABI = 6;

interface ElfSummary {
  cls: number;
  data: number;
  type: number;
  machine: number;
  flags: number;
  entry: number;
  phdrs: { type: number; vaddr: number; memsz: number; filesz: number; flags: number }[];
}

// An independent minimal reader of the ELF32 header and program headers (not the machine's loader).
function readElf(path: string): ElfSummary {
  const b = readFileSync(path);
  expect(b.subarray(0, 4).toString('latin1'), `${path}: ELF magic`).toBe('\x7fELF');
  const phoff = b.readUInt32LE(28);
  const phentsize = b.readUInt16LE(42);
  const phnum = b.readUInt16LE(44);
  const phdrs = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    phdrs.push({ type: b.readUInt32LE(o), vaddr: b.readUInt32LE(o + 8), filesz: b.readUInt32LE(o + 16), memsz: b.readUInt32LE(o + 20), flags: b.readUInt32LE(o + 24) });
  }
  return { cls: b[4]!, data: b[5]!, type: b.readUInt16LE(16), machine: b.readUInt16LE(18), entry: b.readUInt32LE(24), flags: b.readUInt32LE(36), phdrs };
}

const cases = loadGuestCases();
const manifest = JSON.parse(readFileSync(join(WORKLOADS_DIR, 'programs.json'), 'utf8')) as { programs: { name: string }[] };

describe('workloads manifest', () => {
  it('has unique case names and at least 12 distinct programs', () => {
    const names = manifest.programs.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(cases.map((c) => c.program)).size).toBeGreaterThanOrEqual(12);
  });

  it('has exactly one source per ELF and runs every program in at least one case', () => {
    const sources = readdirSync(join(WORKLOADS_DIR, 'src')).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2)).sort();
    const elfs = readdirSync(join(WORKLOADS_DIR, 'bin')).filter((f) => f.endsWith('.elf')).map((f) => f.slice(0, -4)).sort();
    expect(elfs).toEqual(sources);
    expect([...new Set(cases.map((c) => c.program))].sort()).toEqual(sources);
  });

  it.each(cases.map((c) => [c.name, c] as const))('case %s has its ELF, stdin, files and expected outputs', (_name, c) => {
    expect(existsSync(c.elfPath), c.elfPath).toBe(true);
    if (c.stdinPath) expect(existsSync(c.stdinPath), c.stdinPath).toBe(true);
    for (const f of c.files) expect(existsSync(f), f).toBe(true);
    const exp = JSON.parse(readFileSync(join(WORKLOADS_DIR, 'expected', `${c.name}.json`), 'utf8'));
    expect(exp.elf).toBe(`${c.program}.elf`);
    expect(exp.args).toEqual(c.args);
    expect(exp.stdin === null ? null : join(WORKLOADS_DIR, exp.stdin)).toBe(c.stdinPath);
    // Every guest prints something checkable; statuses are 0..255 (a shell reports a death by signal n as 128 + n).
    expect(c.expectedStdout.length).toBeGreaterThan(0);
    expect(c.exitCode).toBeGreaterThanOrEqual(0);
  });

  it.each([...new Set(cases.map((c) => c.elfPath))])('%s is a static RV32IM soft-float executable', (path) => {
    const e = readElf(path);
    expect(e.cls).toBe(1); // ELFCLASS32
    expect(e.data).toBe(1); // little-endian
    expect(e.type).toBe(2); // ET_EXEC
    expect(e.machine).toBe(EM_RISCV);
    expect(e.flags & EF_RISCV_RVC).toBe(0); // no compressed instructions: the machine is RV32IM
    expect(e.flags & EF_RISCV_FLOAT_ABI).toBe(0); // ilp32 soft-float ABI
    expect(e.phdrs.some((p) => p.type === PT_INTERP || p.type === PT_DYNAMIC)).toBe(false);
    const loads = e.phdrs.filter((p) => p.type === PT_LOAD);
    expect(loads.length).toBeGreaterThan(0);
    for (const p of loads) expect(p.memsz).toBeGreaterThanOrEqual(p.filesz);
    const text = loads.find((p) => (p.flags & PF_X) !== 0 && e.entry >= p.vaddr && e.entry < p.vaddr + p.filesz);
    expect(text, 'entry point inside an executable PT_LOAD segment').toBeDefined();
    expect(e.entry % 4).toBe(0);
  });

  it('uses only the system calls agreed in DESIGN.md (time64 rv32 ABI)', () => {
    const agreed = new Set(['read', 'write', 'openat', 'close', 'llseek', 'getdents64', 'mkdirat', 'unlinkat', 'statx',
      'exit', 'exit_group', 'brk', 'mmap2', 'munmap', 'clone', 'execve', 'waitid', 'getpid', 'sched_yield',
      'clock_nanosleep_time64', 'clock_gettime64', 'pipe2', 'dup', 'dup3', 'kill',
      // getppid (procs), the ids (args) and renameat2 (fileio's rename): added to the runtime 2026-11-23.
      'getppid', 'getuid', 'geteuid', 'getgid', 'getegid', 'renameat2',
      // the cwd, fcntl, fsync/fdatasync, ftruncate64 and umask (dirs): added 2026-11-23.
      'getcwd', 'chdir', 'fchdir', 'fcntl64', 'fsync', 'fdatasync', 'ftruncate64', 'umask']);
    // errors calls an unknown number on purpose, to check the ENOSYS answer.
    const probes: Record<string, string[]> = { errors: ['unknown_500'] };
    for (const c of cases) {
      expect(c.syscalls.filter((s) => !agreed.has(s) && !(probes[c.name] ?? []).includes(s)), `case ${c.name}`).toEqual([]);
      expect(c.syscalls, `case ${c.name}`).toContain('write');
    }
    // ... and every one of them is exercised by some case.
    const used = new Set(cases.flatMap((c) => c.syscalls));
    expect([...agreed].filter((s) => !used.has(s))).toEqual([]);
    // The bare-machine cases: only console I/O, exit and memory.
    const bare = new Set(['read', 'write', 'exit_group', 'brk']);
    expect(cases.filter((c) => c.syscalls.every((s) => bare.has(s))).map((c) => c.name).length).toBeGreaterThanOrEqual(10);
  });

  it('records deaths by signal as 128 + n, like a shell', () => {
    expect(cases.find((c) => c.name === 'crash-segv')?.exitCode).toBe(128 + 11);
    expect(cases.find((c) => c.name === 'crash-ill')?.exitCode).toBe(128 + 4);
  });

  it('names the file and field when the manifest is broken', () => {
    expect(() => loadGuestCases(join(WORKLOADS_DIR, 'no-such-dir'))).toThrow(WorkloadManifestError);
    expect(() => loadGuestCases(join(WORKLOADS_DIR, 'no-such-dir'))).toThrow(/programs\.json/);
  });
});
