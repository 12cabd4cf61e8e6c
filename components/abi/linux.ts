// Linux RV32 ABI layouts the kernel writes into guest memory: statx, linux_dirent64, siginfo_t (SIGCHLD),
// __kernel_timespec, and the signal numbers and names. Little-endian, as RV32 is.

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGTERM = 15;
export const SIGCHLD = 17;

const SIGNAL_NAMES: Record<number, string> = {
  1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted',
  7: 'Bus error', 8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1', 11: 'Segmentation fault',
  12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated',
};
export const signalName = (sig: number): string => SIGNAL_NAMES[sig] ?? `Signal ${sig}`;

/** Signals whose default action is to ignore them (so kill(2) with them changes nothing here). */
export const IGNORED_BY_DEFAULT = new Set([17, 18, 23, 28]);

export const CLD_EXITED = 1;
export const CLD_KILLED = 2;

/** siginfo_t for a child state change, as waitid(2) fills it (128 bytes on RV32). */
export const SIGINFO_SIZE = 128;
export function encodeChildSiginfo(out: DataView, pid: number, uid: number, code: number, status: number): void {
  for (let i = 0; i < SIGINFO_SIZE; i += 4) out.setInt32(i, 0, true);
  if (pid === 0) return;
  out.setInt32(0, SIGCHLD, true); // si_signo
  out.setInt32(4, 0, true); // si_errno
  out.setInt32(8, code, true); // si_code
  out.setInt32(12, pid, true); // si_pid
  out.setInt32(16, uid, true); // si_uid
  out.setInt32(20, status, true); // si_status
}

/** struct __kernel_timespec { int64 tv_sec; int64 tv_nsec; } */
export const TIMESPEC_SIZE = 16;
export function encodeTimespec(out: DataView, ns: bigint): void {
  out.setBigInt64(0, ns / 1_000_000_000n, true);
  out.setBigInt64(8, ns % 1_000_000_000n, true);
}
export function decodeTimespec(view: DataView): { sec: bigint; nsec: bigint } {
  return { sec: view.getBigInt64(0, true), nsec: view.getBigInt64(8, true) };
}

export const S_IFMT = 0o170000;
export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

export interface StatxFields {
  ino: number;
  mode: number;
  nlink: number;
  size: number;
  blocks: number;
  blksize: number;
  /** Times in nanoseconds since the epoch. */
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  btimeNs: bigint;
  rdevMajor?: number;
  rdevMinor?: number;
}

/** struct statx (256 bytes). */
export const STATX_SIZE = 256;
export const STATX_BASIC_STATS = 0x7ff;
export const STATX_BTIME = 0x800;
export function encodeStatx(out: DataView, s: StatxFields): void {
  for (let i = 0; i < STATX_SIZE; i += 4) out.setInt32(i, 0, true);
  out.setUint32(0, STATX_BASIC_STATS | STATX_BTIME, true); // stx_mask
  out.setUint32(4, s.blksize, true); // stx_blksize
  out.setBigUint64(8, 0n, true); // stx_attributes
  out.setUint32(16, s.nlink, true); // stx_nlink
  out.setUint32(20, 0, true); // stx_uid
  out.setUint32(24, 0, true); // stx_gid
  out.setUint16(28, s.mode, true); // stx_mode
  out.setBigUint64(32, BigInt(s.ino), true); // stx_ino
  out.setBigUint64(40, BigInt(s.size), true); // stx_size
  out.setBigUint64(48, BigInt(s.blocks), true); // stx_blocks
  out.setBigUint64(56, 0n, true); // stx_attributes_mask
  const ts = (off: number, ns: bigint) => {
    out.setBigInt64(off, ns / 1_000_000_000n, true);
    out.setUint32(off + 8, Number(ns % 1_000_000_000n), true);
  };
  ts(64, s.atimeNs);
  ts(80, s.btimeNs);
  ts(96, s.ctimeNs);
  ts(112, s.mtimeNs);
  out.setUint32(128, s.rdevMajor ?? 0, true);
  out.setUint32(132, s.rdevMinor ?? 0, true);
  out.setUint32(136, 0, true); // stx_dev_major
  out.setUint32(140, 0, true); // stx_dev_minor
}

export const DT_DIR = 4;
export const DT_REG = 8;
const encoder = new TextEncoder();

/**
 * Appends one linux_dirent64 record at `off` if it fits in `out`; returns the new offset, or -1.
 * struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; } aligned to 8.
 */
export function encodeDirent64(out: Uint8Array, off: number, ino: number, next: number, type: number, name: string): number {
  const nameBytes = encoder.encode(name);
  const reclen = (19 + nameBytes.length + 1 + 7) & ~7;
  if (off + reclen > out.length) return -1;
  const dv = new DataView(out.buffer, out.byteOffset + off, reclen);
  dv.setBigUint64(0, BigInt(ino), true);
  dv.setBigInt64(8, BigInt(next), true);
  dv.setUint16(16, reclen, true);
  dv.setUint8(18, type);
  out.set(nameBytes, off + 19);
  out.fill(0, off + 19 + nameBytes.length, off + reclen);
  return off + reclen;
}
