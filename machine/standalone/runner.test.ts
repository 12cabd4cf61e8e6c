// The standalone runner's system calls, signals and stack growth, on small hand-assembled ELFs.
import { describe, expect, it } from 'vitest';
import { BufferConsole, type TimedInput } from '../devices/console.js';
import { MMAP_BASE, STACK_LIMIT, STACK_TOP } from '../layout.js';
import * as A from '../testkit/asm.js';
import { makeElf } from '../testkit/elf-writer.js';
import { StandaloneRunner } from './runner.js';

const A0 = 10, A1 = 11, A2 = 12, A3 = 13, A7 = 17, S0 = 8, S1 = 9, S2 = 18, S3 = 19, S4 = 20, T0 = 5;
const sys = (n: number) => [...A.li(A7, n), A.ecall()];
const exit0 = () => [A.addi(A0, 0, 0), ...sys(93)];
const DATA = 0x11000;

function run(code: number[], input: Uint8Array | string | TimedInput[] = '', data = new Uint8Array(64)) {
  const elf = makeElf(0x10000, [{ vaddr: 0x10000, flags: 5, data: A.words(code) }, { vaddr: DATA, flags: 6, data }]);
  let con!: BufferConsole;
  const warnings: string[] = [];
  const runner = new StandaloneRunner(elf, { argv: ['t'], console: (b) => (con = new BufferConsole(b, input)), warn: (l) => warnings.push(l) });
  const outcome = runner.runSync(10_000_000);
  const r = runner.machine.hart.regs;
  return { outcome, con, warnings, r, runner };
}

describe('standalone runner', () => {
  it('write to stdout/stderr, bad fd and bad pointer', () => {
    const { outcome, con, r } = run([
      ...A.li(A0, 1), ...A.li(A1, DATA), ...A.li(A2, 5), ...sys(64), A.addi(S0, A0, 0),
      ...A.li(A0, 2), ...A.li(A1, DATA), ...A.li(A2, 2), ...sys(64),
      ...A.li(A0, 7), ...A.li(A1, DATA), ...A.li(A2, 2), ...sys(64), A.addi(S1, A0, 0),
      ...A.li(A0, 1), ...A.li(A1, 0x500000), ...A.li(A2, 2), ...sys(64), A.addi(S2, A0, 0),
      ...exit0(),
    ], '', new TextEncoder().encode('hello'));
    expect(outcome).toMatchObject({ status: 0, signal: null });
    expect(con.stdoutText()).toBe('hello');
    expect(new TextDecoder().decode(con.stderr())).toBe('he');
    expect([r[S0], r[S1], r[S2]]).toEqual([5, -9, -14]);
  });
  it('exit status is the low 8 bits of exit_group', () => {
    expect(run([...A.li(A0, 0x1234), ...sys(94)]).outcome?.status).toBe(0x34);
  });
  it('brk grows and shrinks the heap; memory past the break faults (SIGSEGV, 139)', () => {
    const { outcome, r, warnings } = run([
      A.addi(A0, 0, 0), ...sys(214), A.addi(S0, A0, 0), // s0 = initial break
      ...A.li(T0, 10000), A.rop('add', A0, S0, T0), ...sys(214), A.addi(S1, A0, 0), // s1 = s0 + 10000
      A.store('sb', T0, S1, -1), // touch the last byte
      A.addi(A0, S0, 16), ...sys(214), A.addi(S2, A0, 0), // shrink to s0 + 16
      A.addi(A0, S0, -4), ...sys(214), A.addi(S3, A0, 0), // below the start: refused, returns the current break
      ...A.li(T0, 8192), A.rop('add', T0, S0, T0), A.store('sw', 0, T0, 0), // past the break: fault
      ...exit0(),
    ]);
    expect(r[S0]).toBe(0x12000);
    expect(r[S1]).toBe(0x12000 + 10000);
    expect(r[S2]).toBe(0x12000 + 16);
    expect(r[S3]).toBe(0x12000 + 16);
    expect(outcome).toMatchObject({ status: 139, signal: 11 });
    expect(warnings.join('\n')).toMatch(/SIGSEGV: store page fault \(address 0x00014000\)/);
  });
  it('mmap2 anonymous, munmap, and a fault after unmapping', () => {
    const { outcome, r } = run([
      A.addi(A0, 0, 0), ...A.li(A1, 8192), A.addi(A2, 0, 3), ...A.li(A3, 0x22), A.addi(14, 0, -1), A.addi(15, 0, 0), ...sys(222),
      A.addi(S0, A0, 0), ...A.li(T0, 77), A.store('sw', T0, S0, 2044), A.load('lw', S1, S0, 2044),
      A.addi(A0, S0, 0), ...A.li(A1, 8192), ...sys(215), A.addi(S2, A0, 0),
      A.load('lw', S3, S0, 0),
      ...exit0(),
    ]);
    expect(r[S0]).toBe(MMAP_BASE);
    expect(r[S1]).toBe(77);
    expect(r[S2]).toBe(0);
    expect(outcome?.status).toBe(139);
  });
  it('the stack grows on demand down to 8 MiB, and not further', () => {
    const ok = run([...A.li(T0, STACK_TOP - 4 * 1024 * 1024), A.store('sw', 2, T0, 0), A.load('lw', S0, T0, 0), ...exit0()]);
    expect(ok.outcome?.status).toBe(0);
    expect(ok.r[S0]).toBe(ok.r[2]);
    const bad = run([...A.li(T0, STACK_LIMIT - 4), A.store('sw', 2, T0, 0), ...exit0()]);
    expect(bad.outcome?.status).toBe(139);
  });
  it('unknown system calls return -ENOSYS with one warning per number', () => {
    const { r, warnings, outcome } = run([...sys(999), A.addi(S0, A0, 0), ...sys(999), ...sys(260), ...exit0()]);
    expect(outcome?.status).toBe(0);
    expect(r[S0]).toBe(-38);
    expect(warnings).toEqual([
      expect.stringMatching(/unsupported system call 999 at pc 0x[0-9a-f]{8}; returning -ENOSYS/),
      expect.stringMatching(/unsupported system call 260/),
    ]);
  });
  it('read blocks until input arrives (the clock jumps while idle), then reads, then sees EOF', () => {
    const { r, outcome } = run([
      ...A.li(A0, 0), ...A.li(A1, DATA), ...A.li(A2, 16), ...sys(63), A.addi(S0, A0, 0),
      A.csrr(S1, 0xc00),
      ...A.li(A0, 0), ...A.li(A1, DATA), ...A.li(A2, 16), ...sys(63), A.addi(S2, A0, 0),
      ...A.li(A0, 5), ...A.li(A1, DATA), ...A.li(A2, 16), ...sys(63), A.addi(S3, A0, 0),
      ...exit0(),
    ], [{ at: 1_000_000, bytes: 'abc' }]);
    expect(outcome?.status).toBe(0);
    expect([r[S0], r[S2], r[S3]]).toEqual([3, 0, -9]);
    expect(r[S1]).toBeGreaterThan(1_000_000);
    expect(outcome!.instructions).toBeLessThan(100);
    expect(outcome!.cycles).toBeGreaterThan(1_000_000);
  });
  it('clock_gettime64 reports emulated time; clock_nanosleep_time64 sleeps in emulated time', () => {
    // nanosleep 2 ms = 200000 cycles at 100 MHz, then clock_gettime64 into DATA+16.
    const data = new Uint8Array(64);
    new DataView(data.buffer).setBigInt64(0, 0n, true);
    new DataView(data.buffer).setBigInt64(8, 2_000_000n, true);
    const { r, outcome, runner } = run([
      A.addi(A0, 0, 1), A.addi(A1, 0, 0), ...A.li(A2, DATA), A.addi(A3, 0, 0), ...sys(407), A.addi(S0, A0, 0),
      A.addi(A0, 0, 1), ...A.li(A1, DATA + 16), ...sys(403), A.addi(S1, A0, 0),
      ...A.li(T0, DATA + 16), A.load('lw', S2, T0, 0), A.load('lw', S3, T0, 8),
      ...exit0(),
    ], '', data);
    expect(outcome?.status).toBe(0);
    expect([r[S0], r[S1], r[S2]]).toEqual([0, 0, 0]);
    expect(r[S3]).toBeGreaterThanOrEqual(2_000_000);
    expect(r[S3]).toBeLessThan(2_001_000);
    expect(runner.machine.idleCycles).toBeGreaterThan(199_000);
  });
  it('CLOCK_REALTIME counts from the kernel\'s epoch (2026-01-01); an absolute realtime sleep waits until it', () => {
    // clock_gettime64(REALTIME) into DATA+16, then sleep until epoch + 1 ms (TIMER_ABSTIME).
    const data = new Uint8Array(64);
    new DataView(data.buffer).setBigInt64(0, 1_767_225_600n, true);
    new DataView(data.buffer).setBigInt64(8, 1_000_000n, true);
    const { r, outcome, runner } = run([
      A.addi(A0, 0, 0), ...A.li(A1, DATA + 16), ...sys(403), A.addi(S1, A0, 0),
      ...A.li(T0, DATA + 16), A.load('lw', S2, T0, 0), A.load('lw', S3, T0, 4),
      A.addi(A0, 0, 0), A.addi(A1, 0, 1), ...A.li(A2, DATA), A.addi(A3, 0, 0), ...sys(407), A.addi(S0, A0, 0),
      ...exit0(),
    ], '', data);
    expect(outcome?.status).toBe(0);
    expect([r[S0], r[S1], r[S2], r[S3]]).toEqual([0, 0, 1_767_225_600, 0]);
    expect(runner.machine.idleCycles).toBeGreaterThan(99_000); // 1 ms = 100,000 cycles, minus the few before
  });
  it('illegal instruction and ebreak kill with SIGILL (132) and SIGTRAP (133)', () => {
    expect(run([0]).outcome).toMatchObject({ status: 132, signal: 4 });
    expect(run([A.ebreak()]).outcome).toMatchObject({ status: 133, signal: 5 });
  });
});
