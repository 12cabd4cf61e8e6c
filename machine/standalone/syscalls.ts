// The standalone runner's system calls: a table from Linux RV32 syscall number to handler, enough
// for programs that only compute, allocate and talk to the console. Each handler returns the value
// for a0 (negative errno on failure) or BLOCK to sleep and re-execute the ecall later.
// Numbers and results follow qemu-riscv32 (the oracle): e.g. ioctl on the console is ENOTTY.
import { PERM_R, PERM_W, PERM_X } from '../address-space.js';
import type { ConsoleDevice } from '../devices/console.js';
import { SplitMix32 } from '../prng.js';
import type { StandaloneProcess } from './process.js';

export const BLOCK = Symbol('block');
export type SyscallResult = number | typeof BLOCK;

export const E = { PERM: 1, NOENT: 2, BADF: 9, NOMEM: 12, FAULT: 14, INVAL: 22, NOTTY: 25, SPIPE: 29, NOSYS: 38 } as const;

/** Nominal clock rate turning emulated cycles into guest time (clock_gettime, nanosleep). */
export const CYCLES_PER_SECOND = 100_000_000;

export interface SyscallContext {
  proc: StandaloneProcess;
  console: ConsoleDevice;
  now(): number;
  /** Ends the program with a status (0..255). */
  exit(status: number): void;
  /** Sleeps until emulated cycle `at` (the ecall re-executes then). */
  sleepUntil(at: number): void;
  random: SplitMix32;
  /** Wake-up cycle of the pending clock_nanosleep, -1 when not sleeping. */
  sleepDeadline: number;
}

type Handler = (c: SyscallContext, a: Int32Array) => SyscallResult;

const MAX_IO = 1 << 20;
const scratch = new Uint8Array(MAX_IO);

function write(c: SyscallContext, fd: number, buf: number, len: number): number {
  if (fd !== 1 && fd !== 2) return -E.BADF;
  const n = Math.min(len >>> 0, MAX_IO);
  if (!c.proc.space.copyIn(buf, scratch, 0, n)) return -E.FAULT;
  c.console.write(scratch.slice(0, n), fd === 1 ? 'out' : 'err');
  return n;
}

/**
 * CLOCK_REALTIME at cycle 0, in seconds: 2026-01-01T00:00:00Z, the kernel's fixed epoch (runs replay
 * exactly, and a program checking that the date is plausible sees the same on both).
 */
const REALTIME_EPOCH_S = 1_767_225_600;
/** CLOCK_REALTIME, CLOCK_REALTIME_ALARM and CLOCK_TAI count from the epoch; the others from boot. */
const isWallClock = (clock: number): boolean => clock === 0 || clock === 8 || clock === 11;

function timespecOut(c: SyscallContext, addr: number, cycles: number, epochS = 0): number {
  const sec = epochS + Math.floor(cycles / CYCLES_PER_SECOND);
  const nsec = Math.floor(((cycles % CYCLES_PER_SECOND) * 1e9) / CYCLES_PER_SECOND);
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, BigInt(sec), true);
  dv.setBigInt64(8, BigInt(nsec), true);
  return c.proc.space.copyOut(addr, b) ? 0 : -E.FAULT;
}

export const SYSCALLS: Record<number, Handler> = {
  // read(fd, buf, count)
  63: (c, a) => {
    if (a[10] !== 0) return -E.BADF;
    const len = Math.min(a[12] >>> 0, MAX_IO);
    if (len === 0) return 0;
    if (c.console.available() === 0) return c.console.atEof() ? 0 : BLOCK;
    const n = c.console.read(scratch.subarray(0, len));
    return c.proc.space.copyOut(a[11], scratch, 0, n) ? n : -E.FAULT;
  },
  // write(fd, buf, count)
  64: (c, a) => write(c, a[10], a[11], a[12]),
  // writev(fd, iov, iovcnt)
  66: (c, a) => {
    let total = 0;
    for (let i = 0; i < a[12]; i++) {
      const base = c.proc.space.readU32(a[11] + 8 * i);
      const len = c.proc.space.readU32(a[11] + 8 * i + 4);
      if (base === undefined || len === undefined) return -E.FAULT;
      const r = write(c, a[10], base, len);
      if (r < 0) return total > 0 ? total : r;
      total += r;
    }
    return total;
  },
  // openat: the standalone runner has no filesystem, so every path is absent (as a missing file under qemu)
  56: () => -E.NOENT,
  // close(fd)
  57: (_c, a) => (a[10] >= 0 && a[10] <= 2 ? 0 : -E.BADF),
  // ioctl: the console is not a terminal
  29: (_c, a) => (a[10] >= 0 && a[10] <= 2 ? -E.NOTTY : -E.BADF),
  // llseek
  62: (_c, a) => (a[10] >= 0 && a[10] <= 2 ? -E.SPIPE : -E.BADF),
  // exit, exit_group
  93: (c, a) => (c.exit(a[10] & 0xff), 0),
  94: (c, a) => (c.exit(a[10] & 0xff), 0),
  // brk
  214: (c, a) => c.proc.setBrk(a[10] >>> 0),
  // mmap2(addr, len, prot, flags, fd, pgoff): anonymous private mappings only
  222: (c, a) => {
    const MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
    if ((a[13] & MAP_ANONYMOUS) === 0) return -E.BADF;
    const prot = a[12];
    const perms = (prot & 1 ? PERM_R : 0) | (prot & 2 ? PERM_W : 0) | (prot & 4 ? PERM_X : 0);
    return c.proc.mmapAnon(a[10] >>> 0, a[11] >>> 0, perms, (a[13] & MAP_FIXED) !== 0);
  },
  // munmap
  215: (c, a) => c.proc.munmap(a[10] >>> 0, a[11] >>> 0),
  // mprotect
  226: (c, a) => {
    const prot = a[12];
    const perms = (prot & 1 ? PERM_R : 0) | (prot & 2 ? PERM_W : 0) | (prot & 4 ? PERM_X : 0);
    if ((a[10] & 4095) !== 0) return -E.INVAL;
    for (let va = a[10] >>> 0; va < (a[10] >>> 0) + (a[11] >>> 0); va += 4096) if (!c.proc.space.protect(va, perms)) return -E.NOMEM;
    return 0;
  },
  // clock_gettime64(clock, ts): emulated time, from the epoch for wall clocks and from 0 for the others
  403: (c, a) => timespecOut(c, a[11], c.now(), isWallClock(a[10]) ? REALTIME_EPOCH_S : 0),
  // clock_nanosleep_time64(clock, flags, req, rem)
  407: (c, a) => {
    if (c.sleepDeadline >= 0 && c.now() >= c.sleepDeadline) {
      c.sleepDeadline = -1;
      return 0;
    }
    const b = new Uint8Array(16);
    if (!c.proc.space.copyIn(a[12], b)) return -E.FAULT;
    const dv = new DataView(b.buffer);
    const sec = Number(dv.getBigInt64(0, true));
    const nsec = Number(dv.getBigInt64(8, true));
    if (nsec < 0 || nsec >= 1e9 || sec < 0) return -E.INVAL;
    const TIMER_ABSTIME = 1;
    // An absolute deadline on a wall clock counts from the epoch; before it, it has passed.
    const fromEpoch = a[11] & TIMER_ABSTIME && isWallClock(a[10]) ? REALTIME_EPOCH_S : 0;
    const cycles = Math.max(0, Math.ceil((sec - fromEpoch) * CYCLES_PER_SECOND + (nsec * CYCLES_PER_SECOND) / 1e9));
    c.sleepDeadline = a[11] & TIMER_ABSTIME ? cycles : c.now() + cycles;
    if (c.sleepDeadline <= c.now()) {
      c.sleepDeadline = -1;
      return 0;
    }
    c.sleepUntil(c.sleepDeadline);
    return BLOCK;
  },
  // getpid, getppid, getuid, geteuid, getgid, getegid, gettid
  172: (c) => c.proc.pid,
  173: () => 0,
  174: () => 0,
  175: () => 0,
  176: () => 0,
  177: () => 0,
  178: (c) => c.proc.pid,
  // set_tid_address
  96: (c) => c.proc.pid,
  // sched_yield
  124: () => 0,
  // getrandom(buf, len, flags): seeded, deterministic
  278: (c, a) => {
    const n = Math.min(a[11] >>> 0, 256);
    const b = new Uint8Array(n);
    c.random.fill(b);
    return c.proc.space.copyOut(a[10], b) ? n : -E.FAULT;
  },
};
