// The system-call layer (xv6's syscall.c): decodes each ecall from the hart's registers, reads its
// user-memory arguments (paths, argv/envp vectors, iovecs), routes it through the bound `process` and
// `filesystem` interfaces, and completes it: a0 = result and pc past the ecall; or park the process on
// the channel of a BLOCKED result (pc stays on the ecall, which re-executes when woken); or nothing,
// when the process manager already set the hart up (NO_RETURN). The table is one array, number → handler.
import { inject, injectable } from 'inversify';
import { clientToken, content, deviceToken } from '../../bindings/index.js';
import type { AddressSpace } from '../../machine/address-space.js';
import * as abi from '../abi/linux.js';
import * as E from '../errno.js';
import type { FileSystem } from '../filesystem/signature.js';
import type { Cpu } from '../process/cpu.js';
import { isBlocked, NO_RETURN, waitChannelOf, type ProcessManager } from '../process/signature.js';
import { SYS, SYSCALL_NAMES } from './numbers.js';
import type { Syscall, SyscallStats } from './signature.js';

type Handler = (k: SyscallLayer, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number) => number | Promise<unknown>;

const MAX_PATH = 4096;
const MAX_ARGS = 1024;
/** Linux's limits on execve's strings: one string (MAX_ARG_STRLEN, 32 pages) and all of them (a quarter of an 8 MiB stack). */
const MAX_ARG_STRLEN = 32 * 4096;
const MAX_ARG_TOTAL = 2 * 1024 * 1024;
const AT_STATX_SYNC_TYPE = 0x6000;
/** Flags statx accepts: AT_SYMLINK_NOFOLLOW, AT_NO_AUTOMOUNT, AT_EMPTY_PATH, AT_STATX_SYNC_TYPE. */
const STATX_FLAGS = 0x100 | 0x800 | 0x1000 | AT_STATX_SYNC_TYPE;
const STATX_RESERVED = 0x80000000;
const AT_EMPTY_PATH = 0x1000;
const AT_REMOVEDIR = 0x200;
/** renameat2 flags: RENAME_NOREPLACE is supported; RENAME_EXCHANGE and RENAME_WHITEOUT are refused (EINVAL). */
const RENAME_NOREPLACE = 1;
const TIOCGWINSZ = 0x5413;
const TCGETS = 0x5401;

const table: Array<Handler | undefined> = [];
const def = (nr: number, h: Handler) => {
  table[nr] = h;
};

def(SYS.getpid, (k) => k.process.getpid());
def(SYS.gettid, (k) => k.process.getpid());
def(SYS.set_tid_address, (k) => k.process.getpid());
def(SYS.getppid, (k) => k.process.getppid());
def(SYS.getuid, () => 0);
def(SYS.geteuid, () => 0);
def(SYS.getgid, () => 0);
def(SYS.getegid, () => 0);
def(SYS.read, (k, fd, buf, len) => k.process.read(fd, buf, len));
def(SYS.write, (k, fd, buf, len) => k.process.write(fd, buf, len));
def(SYS.writev, (k, fd, iov, cnt) => k.vectored(fd, iov, cnt, true));
def(SYS.readv, (k, fd, iov, cnt) => k.vectored(fd, iov, cnt, false));
def(SYS.close, (k, fd) => k.process.close(fd));
def(SYS.dup, (k, fd) => k.process.dup(fd));
def(SYS.dup3, (k, o, n, f) => k.process.dup3(o, n, f));
def(SYS.pipe2, (k, p, f) => k.process.pipe2(p, f));
def(SYS.llseek, (k, fd, hi, lo, res, wh) => k.process.llseek(fd, hi, lo, res, wh));
def(SYS.getdents64, (k, fd, d, c) => k.process.getdents64(fd, d, c));
def(SYS.openat, (k, dirfd, path, flags, mode) => k.withPath(path, (p) => k.process.openat(dirfd, p, flags, mode)));
def(SYS.mkdirat, (k, dirfd, path, mode) => k.withPath(path, (p) => k.atDir(dirfd, p, (base) => k.filesystem.mkdir(base, p, mode))));
def(SYS.unlinkat, (k, dirfd, path, flags) => {
  if ((flags & ~AT_REMOVEDIR) !== 0) return -E.EINVAL;
  return k.withPath(path, (p) => k.atDir(dirfd, p, (base) => (flags & AT_REMOVEDIR ? k.filesystem.rmdir(base, p) : k.filesystem.unlink(base, p))));
});
def(SYS.renameat2, (k, olddirfd, oldpath, newdirfd, newpath, flags) => k.renameat2(olddirfd, oldpath, newdirfd, newpath, flags));
def(SYS.statx, (k, dirfd, path, flags, mask, buf) => k.statx(dirfd, path, flags, mask, buf));
def(SYS.ioctl, (k, fd, req) => (req === TIOCGWINSZ || req === TCGETS ? -E.ENOTTY : -E.EINVAL) + 0 * fd);
def(SYS.brk, (k, addr) => k.process.brk(addr));
def(SYS.mmap2, (k, a, l, p, f, fd, off) => k.process.mmap2(a, l, p, f, fd, off));
def(SYS.munmap, (k, a, l) => k.process.munmap(a, l));
def(SYS.clone, (k, flags, stack) => k.process.clone(flags, stack));
def(SYS.execve, (k, path, argv, envp) => k.execve(path, argv, envp));
def(SYS.exit, (k, code) => k.process.exit(code));
def(SYS.exit_group, (k, code) => k.process.exit(code));
def(SYS.waitid, (k, idtype, id, infop, options) => k.process.waitid(idtype, id, infop, options));
def(SYS.kill, (k, pid, sig) => k.process.killSyscall(pid, sig));
def(SYS.sched_yield, (k) => k.process.schedYield());
def(SYS.clock_gettime64, (k, clock, ts) => k.process.clockGettime(clock, ts));
def(SYS.clock_nanosleep_time64, (k, clock, flags, req, rem) => k.process.clockNanosleep(clock, flags, req, rem));
def(SYS.getcwd, (k, buf, size) => k.getcwd(buf, size));
def(SYS.chdir, (k, path) => k.withPath(path, (p) => k.process.chdir(p)));
def(SYS.fchdir, (k, fd) => k.process.fchdir(fd));
def(SYS.fcntl, (k, fd, cmd, arg) => k.process.fcntl(fd, cmd, arg));
def(SYS.fsync, (k, fd) => k.process.fsync(fd));
def(SYS.fdatasync, (k, fd) => k.process.fsync(fd));
def(SYS.ftruncate64, (k, fd, lo, hi) => k.process.ftruncate(fd, lo, hi));
def(SYS.umask, (k, mask) => k.process.umask(mask));
def(SYS.rt_sigaction, () => 0);
def(SYS.rt_sigprocmask, () => 0);

@injectable()
@content('components.syscall.SyscallLayer')
export class SyscallLayer implements Syscall {
  private readonly counts = new Float64Array(512);
  private total = 0;
  private readonly warned = new Set<number>();
  private readonly scratch = new Uint8Array(MAX_PATH);
  private readonly decoder = new TextDecoder();

  constructor(
    @inject(clientToken('process')) readonly process: ProcessManager,
    @inject(clientToken('filesystem')) readonly filesystem: FileSystem,
    @inject(deviceToken('cpu')) private readonly cpu: Cpu,
    @inject(clientToken('console')) private readonly console: { write(bytes: Uint8Array, stream?: 'out' | 'err'): void },
  ) {}

  /** Handles the ecall the running process just trapped on. */
  trap(): void {
    const r = this.cpu.regs;
    const nr = r[17];
    this.total++;
    if (nr >= 0 && nr < 512) this.counts[nr]++;
    const h = nr >= 0 ? table[nr] : undefined;
    const res = h === undefined ? this.unknown(nr) : h(this, r[10], r[11], r[12], r[13], r[14], r[15]);
    if (typeof res !== 'number') {
      this.process.parkUntil(res);
      return;
    }
    if (res === NO_RETURN) return;
    if (isBlocked(res)) {
      this.process.park(waitChannelOf(res));
      return;
    }
    r[10] = res;
    this.cpu.pc = (this.cpu.pc + 4) | 0;
  }

  stats(): SyscallStats {
    const byName: Record<string, number> = {};
    this.counts.forEach((n, nr) => {
      if (n > 0) byName[SYSCALL_NAMES[nr] ?? `syscall ${nr}`] = n;
    });
    return { total: this.total, byName };
  }

  exportState(): { version: 1; total: number; counts: number[] } {
    return { version: 1, total: this.total, counts: [...this.counts] };
  }

  importState(state: unknown): void {
    const s = state as { version?: unknown; total?: unknown; counts?: unknown };
    if (s?.version !== 1 || typeof s.total !== 'number' || !Array.isArray(s.counts) || s.counts.length !== 512) {
      throw new TypeError('syscall layer: cannot import state: expected { version: 1, total, counts[512] }');
    }
    this.total = s.total;
    this.counts.set(s.counts as number[]);
  }

  private unknown(nr: number): number {
    if (!this.warned.has(nr)) {
      this.warned.add(nr);
      this.console.write(new TextEncoder().encode(`tessera: unsupported system call ${nr}${SYSCALL_NAMES[nr] ? ` (${SYSCALL_NAMES[nr]})` : ''}: ENOSYS\n`), 'err');
    }
    return -E.ENOSYS;
  }

  private get space(): AddressSpace {
    return this.cpu.space!;
  }

  /** Reads a NUL-terminated path from user memory and calls `fn` with it (EFAULT / ENAMETOOLONG otherwise). */
  withPath(ptr: number, fn: (path: string) => number | Promise<unknown>): number | Promise<unknown> {
    const path = this.readPath(ptr);
    return typeof path === 'number' ? path : fn(path);
  }

  /** A NUL-terminated string of at most `max` bytes: -EFAULT if a byte before its NUL is unreadable, `tooLong` if it has no NUL within `max`. */
  private readString(ptr: number, max: number, tooLong: number): string | number {
    const bytes = this.space.readCStringBytes(ptr, max);
    if (bytes !== undefined) return this.decoder.decode(bytes);
    return this.faultWithin(ptr, max) ? -E.EFAULT : tooLong;
  }

  /** True when some byte of [ptr, ptr + len) is unreadable. */
  private faultWithin(ptr: number, len: number): boolean {
    for (let va = ptr >>> 0; va < (ptr >>> 0) + len; va = ((va >>> 12) + 1) << 12 >>> 0) {
      if (this.space.translate(va, 1) < 0) return true;
    }
    return false;
  }

  private readPath(ptr: number): string | number {
    return this.readString(ptr, MAX_PATH, -E.ENAMETOOLONG);
  }

  atDir(dirfd: number, path: string, fn: (base: number) => number): number {
    const base = this.process.dirInode(dirfd, path);
    return base < 0 && !path.startsWith('/') ? base : fn(base);
  }

  /** Reads a NULL-terminated vector of string pointers (argv, envp). */
  private strings(ptr: number): string[] | number {
    const out: string[] = [];
    let total = 0;
    if (ptr === 0) return out;
    const word = new DataView(this.scratch.buffer, 0, 4);
    for (let i = 0; i < MAX_ARGS; i++) {
      if (!this.space.copyIn(ptr + 4 * i, this.scratch, 0, 4)) return -E.EFAULT;
      const s = word.getUint32(0, true);
      if (s === 0) return out;
      const str = this.readString(s, MAX_ARG_STRLEN, -E.E2BIG);
      if (typeof str === 'number') return str;
      total += str.length + 1 + 4;
      if (total > MAX_ARG_TOTAL) return -E.E2BIG;
      out.push(str);
    }
    return -E.E2BIG;
  }

  execve(pathPtr: number, argvPtr: number, envpPtr: number): number | Promise<unknown> {
    const argv = this.strings(argvPtr);
    if (typeof argv === 'number') return argv;
    const envp = this.strings(envpPtr);
    if (typeof envp === 'number') return envp;
    return this.withPath(pathPtr, (path) => this.process.execve(path, argv, envp));
  }

  /** rename(2) through the filesystem's rename (Linux semantics: replaces a file or an empty directory). */
  renameat2(olddirfd: number, oldPtr: number, newdirfd: number, newPtr: number, flags: number): number | Promise<unknown> {
    if ((flags & ~RENAME_NOREPLACE) !== 0) return -E.EINVAL;
    const oldPath = this.readPath(oldPtr);
    if (typeof oldPath === 'number') return oldPath;
    const newPath = this.readPath(newPtr);
    if (typeof newPath === 'number') return newPath;
    return this.atDir(olddirfd, oldPath, (oldBase) => this.atDir(newdirfd, newPath, (newBase) => {
      if (flags & RENAME_NOREPLACE) {
        const existing = this.filesystem.lookup(newBase, newPath);
        if (existing >= 0) return -E.EEXIST;
        if (isBlocked(existing)) return existing; // the directory is being read from disk: retry when woken
      }
      return this.filesystem.rename(oldBase, oldPath, newBase, newPath);
    }));
  }

  statx(dirfd: number, pathPtr: number, flags: number, mask: number, buf: number): number {
    if ((flags & ~STATX_FLAGS) !== 0 || (flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE || (mask & STATX_RESERVED) !== 0) return -E.EINVAL;
    const path = this.readPath(pathPtr);
    if (typeof path === 'number') return path;
    let ino: number;
    if (path === '') {
      if ((flags & AT_EMPTY_PATH) === 0) return -E.ENOENT;
      ino = dirfd === -100 ? this.process.dirInode(dirfd, '.') : this.process.fdInode(dirfd);
      if (ino === -E.ENODEV) return this.statDevice(buf);
    } else {
      const base = this.process.dirInode(dirfd, path);
      if (base < 0 && !path.startsWith('/')) return base;
      ino = this.filesystem.lookup(base, path);
    }
    if (ino < 0) return ino;
    const st = this.filesystem.stat(ino);
    if (typeof st === 'number') return st;
    const ns = (cycles: number) => (BigInt(cycles) * 1_000_000_000n) / BigInt(this.cpu.hz);
    const out = new Uint8Array(abi.STATX_SIZE);
    abi.encodeStatx(new DataView(out.buffer), {
      ino: st.ino, mode: st.mode, nlink: st.nlink, size: st.size, blocks: st.blocks, blksize: st.blksize,
      atimeNs: ns(st.atime), mtimeNs: ns(st.mtime), ctimeNs: ns(st.ctime), btimeNs: ns(st.btime),
    });
    return this.space.copyOut(buf, out) ? 0 : -E.EFAULT;
  }

  /** statx of a console, pipe or device descriptor: a character device, as Linux reports a tty. */
  private statDevice(buf: number): number {
    const out = new Uint8Array(abi.STATX_SIZE);
    abi.encodeStatx(new DataView(out.buffer), {
      ino: 1, mode: abi.S_IFCHR | 0o620, nlink: 1, size: 0, blocks: 0, blksize: 1024,
      atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n, btimeNs: 0n, rdevMajor: 136, rdevMinor: 0,
    });
    return this.space.copyOut(buf, out) ? 0 : -E.EFAULT;
  }

  /**
   * getcwd(2): the cwd's path, rebuilt by walking ".." up to the root and finding each directory's name
   * in its parent (so renames are seen). The length returned includes the NUL, as Linux's does.
   * ERANGE when `size` is too small, ENOENT when the cwd was removed (no parent lists it).
   */
  getcwd(buf: number, size: number): number {
    const root = this.filesystem.lookup(-1, '/');
    if (root < 0) return root;
    let ino = this.process.dirInode(-100, '.');
    if (ino < 0) return ino;
    const names: string[] = [];
    for (let depth = 0; ino !== root; depth++) {
      if (depth > MAX_PATH) return -E.ENOENT;
      const parent = this.filesystem.lookup(ino, '..');
      if (parent < 0) return parent;
      const name = this.nameIn(parent, ino);
      if (typeof name === 'number') return name;
      names.push(name);
      ino = parent;
    }
    const bytes = new TextEncoder().encode(`/${names.reverse().join('/')}\0`);
    if (bytes.length > MAX_PATH) return -E.ENAMETOOLONG;
    if ((size >>> 0) < bytes.length) return -E.ERANGE;
    return this.space.copyOut(buf, bytes) ? bytes.length : -E.EFAULT;
  }

  /** The name under which directory `dir` lists inode `ino` (not "." or ".."), -ENOENT, or BLOCKED. */
  private nameIn(dir: number, ino: number): string | number {
    for (let cookie = 0; ;) {
      const entries = this.filesystem.readdir(dir, cookie, 64);
      if (typeof entries === 'number') return entries;
      if (entries.length === 0) return -E.ENOENT;
      for (const e of entries) if (e.ino === ino && e.name !== '.' && e.name !== '..') return e.name;
      cookie = entries[entries.length - 1]!.next;
    }
  }

  /** readv/writev as a sequence of read/write calls; stops at the first short transfer. */
  vectored(fd: number, iov: number, count: number, isWrite: boolean): number {
    if (count < 0 || count > 1024) return -E.EINVAL;
    const v = new DataView(this.scratch.buffer, 0, 8);
    let total = 0;
    for (let i = 0; i < count; i++) {
      if (!this.space.copyIn(iov + 8 * i, this.scratch, 0, 8)) return total > 0 ? total : -E.EFAULT;
      const base = v.getUint32(0, true);
      const len = v.getUint32(4, true);
      if (len === 0) continue;
      const n = isWrite ? this.process.write(fd, base, len) : this.process.read(fd, base, len);
      if (n < 0 || n === NO_RETURN) return total > 0 ? total : n;
      total += n;
      if (n < len) break;
    }
    return total;
  }
}
