// The process manager (xv6's proc.c, file.c, pipe.c and exec.c in one component): the process table,
// context switches, fork/execve/exit/waitid, descriptor tables and pipes, brk/mmap, sleeping, signals.
//
// Invariants:
// - At most one process is `running`, and it is `current`; its registers live on the hart, every other
//   process's live in its `context`. When no process runs, the hart is idle with no address space.
// - Every blocked process is in exactly one wait queue (`waiters` of its `channel`) and is `blocked`
//   in the scheduler; a blocking system call leaves pc on its ecall and is re-executed from scratch when
//   the process is woken, so no call into any component stays open while a process sleeps.
// - The scheduler knows exactly the runnable, running and blocked pids; zombies are known only here.
// - Frames mapped in a process's space are owned by its pid in the allocator.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, clientToken, content, deviceToken } from '../../bindings/index.js';
import { PERM_R, PERM_RW, PERM_W, PERM_X, type AddressSpace } from '../../machine/address-space.js';
import { parseElf } from '../../machine/elf.js';
import { ElfError, OutOfFramesError } from '../../machine/errors.js';
import { MMAP_BASE, STACK_LIMIT, STACK_TOP } from '../../machine/layout.js';
import { loadElf } from '../../machine/loader.js';
import { PAGE_SIZE } from '../../machine/physical-memory.js';
import { Cause } from '../../machine/trap.js';
import * as abi from '../abi/linux.js';
import * as E from '../errno.js';
import type { FileSystem } from '../filesystem/signature.js';
import type { Scheduler } from '../scheduler/signature.js';
import type { Cpu } from './cpu.js';
import {
  FdTable, MAX_FDS, newOpenFile, O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_EXCL, O_NONBLOCK, O_RDONLY, O_TRUNC, O_WRONLY, type OpenFile,
} from './files.js';
import { copySpace, isFree, mapZeroed, pageUp, releaseSpace, unmapRange, type Frames } from './memory.js';
import { Pipe, PIPE_CAPACITY } from './pipe.js';
import { Proc } from './proc.js';
import {
  blockedOn, isBlocked, NO_RETURN, waitChannelOf,
  type ExitRecord, type ProcessManager as ProcessManagerSignature, type ProcessView, type SpawnOptions,
} from './signature.js';
import { exportProcessState, importProcessState, type ProcessManagerState } from './state.js';

/** The console as the process manager uses it (signature machine.Console). */
export interface ConsolePort {
  write(bytes: Uint8Array, stream?: 'out' | 'err'): void;
  available(): number;
  read(dst: Uint8Array): number;
  atEof(): boolean;
}

/** The request port as the process manager uses it (signature machine.RequestPort). */
export interface RequestPortPort {
  /** False when the machine has no request port attached: /dev/requests then does not exist. */
  present(): boolean;
  receive(): { id: number; at: number; payload: Uint8Array } | null;
  pending(): number;
  reply(id: number, payload: Uint8Array): boolean;
}

// Wait channels: filesystem channels are its block numbers (< FS_CHANNELS); the others are ours.
const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const F_DUPFD_CLOEXEC = 1030;
const FD_CLOEXEC = 1;
/** Status flags F_SETFL may change (Linux also lets O_ASYNC, O_DIRECT, O_NOATIME through; Tessera has none of them). */
const SETFL_MASK = O_APPEND | O_NONBLOCK;
const FS_CHANNELS = 1 << 24;
const CH_CONSOLE = FS_CHANNELS;
const CH_REQUESTS = FS_CHANNELS + 1;
const CH_CHILD = FS_CHANNELS + (1 << 20); // + parent pid
const CH_SLEEP = FS_CHANNELS + (2 << 20); // + pid
const CH_HELD = FS_CHANNELS + (3 << 20); // + pid
const CH_PIPE = FS_CHANNELS + (4 << 20); // + pipe number

const AT_FDCWD = -100;
const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;
const MAP_TYPE = 0x03;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const PROT_READ = 1;
const PROT_WRITE = 2;
const PROT_EXEC = 4;
const P_ALL = 0;
const P_PID = 1;
const WNOHANG = 1;
const WEXITED = 4;
const WNOWAIT = 0x1000000;
const SIGCHLD_FLAGS = 17;
/** Epoch of CLOCK_REALTIME at cycle 0 (2026-01-01T00:00:00Z): fixed so that runs replay exactly. */
const REALTIME_EPOCH_NS = 1_767_225_600_000_000_000n;
const SCRATCH = 64 * 1024;
/** Size of a request record (workloads/src/request.h); requests are delivered whole. */
const REQUEST_RECORD = 16;

const encoder = new TextEncoder();

@injectable()
@content('components.process.ProcessManager')
export class ProcessManager implements ProcessManagerSignature {
  private readonly procs = new Map<number, Proc>();
  private readonly waiters = new Map<number, Set<Proc>>();
  private current: Proc | null = null;
  /** Cycle at which `current` was put on the hart (for charging its run). */
  private sliceStart = 0;
  private nextPid = 1;
  private nextPipe = 1;
  private exitSeq = 0;
  private readonly exitLog: ExitRecord[] = [];
  /** Inode releases the filesystem could not finish yet (it needed a disk block); retried on disk completions. */
  private readonly deferredReleases: number[] = [];
  private readonly scratch = new Uint8Array(SCRATCH);
  private readonly frames: Frames;
  /** Default nice of spawned processes (attribute). */
  private readonly defaultNice: number;

  constructor(
    @inject(clientToken('scheduler')) private readonly scheduler: Scheduler,
    @inject(clientToken('allocator')) allocator: { alloc(owner: number): number; free(frame: number): void },
    @inject(clientToken('filesystem')) private readonly fs: FileSystem,
    @inject(clientToken('console')) private readonly console: ConsolePort,
    @inject(clientToken('requests')) private readonly requests: RequestPortPort,
    @inject(deviceToken('cpu')) private readonly cpu: Cpu,
    @inject(attributeToken('nice')) @optional() nice: string | number | undefined,
  ) {
    this.frames = { alloc: (owner) => allocator.alloc(owner), free: (frame) => allocator.free(frame) };
    const n = nice === undefined || nice === '' ? 0 : Number(nice);
    if (!Number.isInteger(n) || n < -20 || n > 19) {
      throw new RangeError(`process manager: attribute nice='${nice}' must be an integer from -20 to 19`);
    }
    this.defaultNice = n;
  }

  // ---------------------------------------------------------------- tools and boot

  spawn(path: string, argv: string[], envp: string[], options: SpawnOptions = {}): number {
    const ppid = options.ppid ?? 0;
    if (ppid !== 0 && !this.procs.has(ppid)) return -E.ESRCH;
    const p = new Proc(this.nextPid++, ppid);
    p.name = path.split('/').pop() ?? path;
    p.argv = argv.slice();
    p.nice = options.nice ?? this.defaultNice;
    // The cwd and the program are looked up when the process first runs: they may need the disk.
    p.pendingExec = { path, argv: argv.slice(), envp: envp.slice(), cwd: options.cwd ?? '/' };
    p.fds.install(newOpenFile('console-in', O_RDONLY));
    p.fds.install(newOpenFile('console-out', O_WRONLY, { device: 'out' }));
    p.fds.install(newOpenFile('console-out', O_WRONLY, { device: 'err' }));
    this.procs.set(p.pid, p);
    this.scheduler.admit(p.pid, p.nice);
    if (this.current === null) this.dispatch();
    return p.pid;
  }

  kill(pid: number, signal: number): number {
    return this.signal(pid, signal);
  }

  list(): ProcessView[] {
    return [...this.procs.values()].map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      name: p.name,
      argv: p.argv.slice(),
      state: p.state,
      waiting: p.channel < 0 ? null : describeChannel(p.channel),
      cycles: p.cycles + (p === this.current ? this.cpu.now() - this.sliceStart : 0),
      pages: p.space?.mappedPages ?? 0,
      fds: p.fds.entries().length,
      exitStatus: p.state === 'zombie' ? waitStatus(p) : null,
    }));
  }

  exits(): ExitRecord[] {
    return this.exitLog.slice();
  }

  count(): number {
    return this.procs.size;
  }

  // ---------------------------------------------------------------- traps and interrupts

  fault(cause: number, tval: number): void {
    const p = this.current;
    if (p === null) return;
    const addr = tval >>> 0;
    if ((cause === Cause.LoadPageFault || cause === Cause.StorePageFault) && p.space !== null
      && addr >= STACK_LIMIT && addr < p.stackBottom) {
      const bottom = Math.floor(addr / PAGE_SIZE) * PAGE_SIZE;
      if (mapZeroed(p.space, this.frames, bottom, p.stackBottom, PERM_RW, p.pid)) {
        p.stackBottom = bottom;
        return; // the instruction re-executes on the grown stack
      }
    }
    const sig = cause === Cause.IllegalInstruction ? abi.SIGILL
      : cause === Cause.Breakpoint ? abi.SIGTRAP
        : cause === Cause.InstructionMisaligned ? abi.SIGBUS : abi.SIGSEGV;
    const where = cause === Cause.IllegalInstruction ? `instruction 0x${addr.toString(16).padStart(8, '0')}` : `address 0x${addr.toString(16)}`;
    this.console.write(encoder.encode(
      `tessera: pid ${p.pid} (${p.name}) killed by signal ${sig} (${abi.signalName(sig)}) at pc 0x${(this.cpu.pc >>> 0).toString(16)}, ${where}\n`,
    ), 'err');
    this.terminate(p, null, sig);
  }

  tick(): void {
    this.fs.tick(this.cpu.now());
    if (this.current !== null) this.reschedule();
    else this.dispatch();
  }

  consoleInput(): void {
    this.wake(CH_CONSOLE);
  }

  requestArrived(): void {
    this.wake(CH_REQUESTS);
  }

  alarm(): void {
    const now = this.cpu.now();
    for (const p of this.procs.values()) {
      if (p.channel === CH_SLEEP + p.pid && p.sleepUntil <= now) this.wake(p.channel);
    }
  }

  diskDone(id: number): void {
    for (const ch of this.fs.diskComplete(id)) this.wake(ch);
    for (let i = this.deferredReleases.length - 1; i >= 0; i--) {
      if (!isBlocked(this.fs.release(this.deferredReleases[i]))) this.deferredReleases.splice(i, 1);
    }
  }

  park(channel: number): void {
    const p = this.current;
    if (p === null) return;
    this.cpu.saveContext(p.context);
    this.blockOn(p, channel);
    this.switchAway();
  }

  parkUntil(result: Promise<unknown>): void {
    const p = this.current;
    if (p === null) return;
    this.cpu.saveContext(p.context);
    const channel = CH_HELD + p.pid;
    this.blockOn(p, channel);
    this.switchAway();
    const settle = (value: number) => {
      if (!this.procs.has(p.pid) || p.channel !== channel) return;
      p.context[10] = value;
      p.context[32] = (p.context[32] + 4) | 0;
      this.wake(channel);
    };
    result.then((v) => settle(typeof v === 'number' ? v : 0), () => settle(-E.EINTR));
  }

  // ---------------------------------------------------------------- scheduling

  private blockOn(p: Proc, channel: number): void {
    p.state = 'blocked';
    p.channel = channel;
    let set = this.waiters.get(channel);
    if (!set) this.waiters.set(channel, (set = new Set()));
    set.add(p);
  }

  private unblock(p: Proc): void {
    if (p.channel < 0) return;
    const set = this.waiters.get(p.channel);
    set?.delete(p);
    if (set?.size === 0) this.waiters.delete(p.channel);
    p.channel = -1;
  }

  private wake(channel: number): void {
    const set = this.waiters.get(channel);
    if (!set) return;
    this.waiters.delete(channel);
    // Wake in pid order so that runs do not depend on insertion history after a state import.
    for (const p of [...set].sort((a, b) => a.pid - b.pid)) {
      p.channel = -1;
      p.state = 'runnable';
      this.scheduler.wake(p.pid);
    }
    if (this.current === null) this.dispatch();
  }

  /** The running process leaves the hart (blocked or exited): charge it and run the next one. */
  private switchAway(): void {
    const p = this.current;
    if (p !== null) {
      const ran = this.cpu.now() - this.sliceStart;
      p.cycles += ran;
      if (p.state === 'blocked') {
        this.scheduler.charge(p.pid, ran);
        this.scheduler.block(p.pid);
      }
    }
    this.current = null;
    this.dispatch();
  }

  /** Preemption (timer) or yield: the running process goes back to the scheduler, which picks again. */
  private reschedule(yielding = false): void {
    const p = this.current!;
    const ran = this.cpu.now() - this.sliceStart;
    p.cycles += ran;
    this.scheduler.charge(p.pid, ran);
    if (yielding) this.scheduler.yield(p.pid);
    const next = this.scheduler.pick();
    if (next === p.pid) {
      this.sliceStart = this.cpu.now();
      this.cpu.armTimer(this.scheduler.slice(p.pid));
      return;
    }
    this.cpu.saveContext(p.context);
    p.state = 'runnable';
    this.current = null;
    this.run(next);
  }

  /** Nothing is on the hart: ask the scheduler for the next process, or idle. */
  private dispatch(): void {
    this.run(this.scheduler.pick());
  }

  private run(pid: number): void {
    for (;;) {
      if (pid < 0) {
        this.current = null;
        this.cpu.space = null;
        this.cpu.idle = true;
        return;
      }
      const p = this.procs.get(pid)!;
      this.current = p;
      p.state = 'running';
      this.sliceStart = this.cpu.now();
      if (p.pendingExec !== null && !this.startPending(p)) {
        pid = this.scheduler.pick();
        continue;
      }
      this.cpu.restoreContext(p.context);
      this.cpu.space = p.space;
      this.cpu.idle = false;
      this.cpu.armTimer(this.scheduler.slice(p.pid));
      return;
    }
  }

  /** Runs the execve a spawned process starts with. False when it blocked or failed (it left the hart). */
  private startPending(p: Proc): boolean {
    const { path, argv, envp, cwd } = p.pendingExec!;
    let r = 0;
    if (p.cwd < 0) {
      r = this.fs.lookup(-1, cwd);
      if (r >= 0) {
        this.fs.retain(r);
        p.cwd = r;
        r = 0;
      }
    }
    if (r === 0) r = this.exec(p, path, argv, envp);
    if (r === 0) {
      p.pendingExec = null;
      return true;
    }
    if (isBlocked(r)) {
      this.blockOn(p, waitChannelOf(r));
      this.scheduler.block(p.pid);
    } else {
      this.console.write(encoder.encode(`tessera: cannot execute ${path}: ${errnoName(-r)}\n`), 'err');
      p.pendingExec = null;
      this.terminate(p, 127, null, false);
    }
    this.current = null;
    return false;
  }

  // ---------------------------------------------------------------- process lifetime

  clone(flags: number, stack: number): number {
    const parent = this.current!;
    if ((flags & ~0xff) !== 0 || (flags & 0xff) !== SIGCHLD_FLAGS) return -E.EINVAL; // fork only: no threads
    const child = new Proc(this.nextPid, parent.pid);
    const space = this.cpu.newSpace();
    if (!copySpace(parent.space!, space, this.frames, child.pid)) return -E.ENOMEM;
    this.nextPid++;
    child.space = space;
    child.fds = parent.fds.fork();
    child.cwd = parent.cwd;
    this.fs.retain(parent.cwd);
    child.name = parent.name;
    child.argv = parent.argv.slice();
    child.brkStart = parent.brkStart;
    child.brk = parent.brk;
    child.stackBottom = parent.stackBottom;
    child.nice = parent.nice;
    child.umask = parent.umask;
    child.execCount = parent.execCount;
    this.cpu.saveContext(child.context);
    child.context[10] = 0;
    child.context[32] = (this.cpu.pc + 4) | 0;
    if (stack !== 0) child.context[2] = stack;
    this.procs.set(child.pid, child);
    this.scheduler.admit(child.pid, child.nice);
    return child.pid;
  }

  execve(path: string, argv: string[], envp: string[]): number {
    const p = this.current!;
    const r = this.exec(p, path, argv, envp);
    if (r !== 0) return r;
    this.cpu.restoreContext(p.context);
    this.cpu.space = p.space;
    return NO_RETURN;
  }

  /** Replaces p's image with the ELF at `path`. 0, -errno or BLOCKED; nothing changes unless it succeeds. */
  private exec(p: Proc, path: string, argv: string[], envp: string[]): number {
    const ino = this.fs.lookup(p.cwd, path);
    if (ino < 0) return ino;
    const st = this.fs.stat(ino);
    if (typeof st === 'number') return st;
    if (st.type !== 'file') return -E.EACCES;
    const bytes = new Uint8Array(st.size);
    for (let off = 0; off < st.size;) {
      const n = this.fs.read(ino, off, bytes.subarray(off));
      if (n < 0) return n;
      if (n === 0) return -E.EIO;
      off += n;
    }
    let elf;
    try {
      elf = parseElf(bytes, path);
    } catch (err) {
      if (err instanceof ElfError) return -E.ENOEXEC;
      throw err;
    }
    const space = this.cpu.newSpace();
    let loaded;
    try {
      loaded = loadElf(space, { allocFrame: (o) => this.frames.alloc(o), freeFrame: (f) => this.frames.free(f) }, elf, {
        argv, envp, execfn: path, owner: p.pid, seed: (this.cpu.seed ^ Math.imul(p.pid, 0x9e3779b1) ^ p.execCount) | 0,
      });
    } catch (err) {
      releaseSpace(space, this.frames);
      if (err instanceof OutOfFramesError) return -E.ENOMEM;
      throw err;
    }
    if (p.space !== null) releaseSpace(p.space, this.frames);
    for (const fd of p.fds.closeOnExec()) this.closeFd(p, fd);
    p.space = space;
    p.brkStart = p.brk = loaded.brk;
    p.stackBottom = loaded.stackBottom;
    p.name = path.split('/').pop() ?? path;
    p.argv = argv.slice();
    p.execCount++;
    p.context.fill(0);
    p.context[2] = loaded.sp;
    p.context[32] = loaded.entry;
    return 0;
  }

  exit(code: number): number {
    this.terminate(this.current!, code & 0xff, null);
    return NO_RETURN;
  }

  /** Ends p: releases everything but its exit status, wakes its parent, and leaves the hart if it was on it. */
  private terminate(p: Proc, code: number | null, signal: number | null, onHart = p === this.current): void {
    if (p.state === 'zombie') return;
    this.unblock(p);
    for (const [fd] of p.fds.entries()) this.closeFd(p, fd);
    if (p.space !== null) releaseSpace(p.space, this.frames);
    p.space = null;
    if (p.cwd >= 0) this.releaseInode(p.cwd);
    p.cwd = -1;
    const ran = onHart ? this.cpu.now() - this.sliceStart : 0;
    p.cycles += ran;
    if (onHart) this.scheduler.charge(p.pid, ran);
    this.scheduler.exit(p.pid);
    p.state = 'zombie';
    p.exitCode = code;
    p.termSignal = signal;
    p.exitSeq = ++this.exitSeq;
    // Orphans go to init (pid 1) if it lives, else to the kernel, which reaps them.
    for (const c of this.procs.values()) {
      if (c.ppid === p.pid) {
        c.ppid = this.procs.get(1)?.state !== 'zombie' && p.pid !== 1 && this.procs.has(1) ? 1 : 0;
        if (c.ppid === 0 && c.state === 'zombie') this.reap(c);
        else if (c.state === 'zombie') this.wake(CH_CHILD + c.ppid);
      }
    }
    if (p.ppid === 0 || !this.procs.has(p.ppid)) this.reap(p);
    else this.wake(CH_CHILD + p.ppid);
    if (onHart) {
      this.current = null;
      this.dispatch();
    }
  }

  private reap(p: Proc): void {
    this.procs.delete(p.pid);
    if (p.ppid === 0) {
      this.exitLog.push({ pid: p.pid, name: p.name, code: p.exitCode, signal: p.termSignal, cycles: p.cycles, endedAt: this.cpu.now() });
    }
  }

  waitid(idtype: number, id: number, infop: number, options: number): number {
    const p = this.current!;
    if ((options & WEXITED) === 0 || (options & ~(WNOHANG | WEXITED | WNOWAIT)) !== 0) return -E.EINVAL;
    if (idtype !== P_ALL && idtype !== P_PID) return -E.EINVAL;
    let zombie: Proc | null = null;
    let children = 0;
    for (const c of this.procs.values()) {
      if (c.ppid !== p.pid || (idtype === P_PID && c.pid !== id)) continue;
      children++;
      if (c.state === 'zombie' && (zombie === null || c.exitSeq < zombie.exitSeq)) zombie = c;
    }
    if (children === 0) return -E.ECHILD;
    if (zombie === null && (options & WNOHANG) === 0) return blockedOn(CH_CHILD + p.pid);
    // As Linux does, the child is reaped even when its status cannot be stored (EFAULT).
    if (zombie !== null && (options & WNOWAIT) === 0) this.procs.delete(zombie.pid);
    if (infop !== 0) {
      const info = new DataView(this.scratch.buffer, 0, abi.SIGINFO_SIZE);
      if (zombie === null) abi.encodeChildSiginfo(info, 0, 0, 0, 0);
      else if (zombie.termSignal !== null) abi.encodeChildSiginfo(info, zombie.pid, 0, abi.CLD_KILLED, zombie.termSignal);
      else abi.encodeChildSiginfo(info, zombie.pid, 0, abi.CLD_EXITED, zombie.exitCode ?? 0);
      if (!p.space!.copyOut(infop, this.scratch, 0, abi.SIGINFO_SIZE)) return -E.EFAULT;
    }
    return 0;
  }

  killSyscall(pid: number, signal: number): number {
    if (pid <= 0) return pid === 0 || pid === -1 ? -E.EPERM : -E.ESRCH; // no process groups here
    const caller = this.current;
    const r = this.signal(pid, signal);
    // A process that killed itself is gone: the hart now holds another process's registers (or none).
    return this.current !== caller ? NO_RETURN : r;
  }

  private signal(pid: number, sig: number): number {
    if (sig < 0 || sig > 64) return -E.EINVAL;
    const p = this.procs.get(pid);
    if (!p) return -E.ESRCH;
    if (sig === 0 || p.state === 'zombie' || abi.IGNORED_BY_DEFAULT.has(sig)) return 0;
    this.terminate(p, null, sig);
    return 0;
  }

  getpid(): number {
    return this.current!.pid;
  }

  getppid(): number {
    return this.current!.ppid;
  }

  schedYield(): number {
    this.cpu.regs[10] = 0;
    this.cpu.pc = (this.cpu.pc + 4) | 0;
    this.reschedule(true);
    return NO_RETURN;
  }

  // ---------------------------------------------------------------- memory

  brk(addr: number): number {
    const p = this.current!;
    const want = addr >>> 0;
    if (want === 0 || want < p.brkStart || want >= MMAP_BASE) return p.brk;
    const oldTop = pageUp(p.brk);
    const newTop = pageUp(want);
    if (newTop > oldTop) {
      if (!isFree(p.space!, oldTop, newTop)) return p.brk;
      if (!mapZeroed(p.space!, this.frames, oldTop, newTop, PERM_RW, p.pid)) return p.brk;
    } else if (newTop < oldTop) {
      unmapRange(p.space!, this.frames, newTop, oldTop);
    }
    p.brk = want;
    return want;
  }

  mmap2(addr: number, len: number, prot: number, flags: number, fd: number, pgoff: number): number {
    const p = this.current!;
    const length = len >>> 0;
    if (length === 0 || (addr & (PAGE_SIZE - 1)) !== 0) return -E.EINVAL;
    if ((flags & MAP_TYPE) === 0) return -E.EINVAL; // neither MAP_SHARED nor MAP_PRIVATE
    if ((flags & MAP_ANONYMOUS) === 0) return fd < 0 || !p.fds.get(fd) ? -E.EBADF : -E.ENODEV;
    void pgoff;
    const size = pageUp(length);
    const perms = (prot & PROT_READ ? PERM_R : 0) | (prot & PROT_WRITE ? PERM_W : 0) | (prot & PROT_EXEC ? PERM_X : 0);
    let start = addr >>> 0;
    if (flags & MAP_FIXED) {
      if (start < PAGE_SIZE || start + size > STACK_TOP) return -E.EINVAL;
      unmapRange(p.space!, this.frames, start, start + size);
    } else {
      start = this.findGap(p.space!, size, start >= MMAP_BASE ? start : MMAP_BASE);
      if (start < 0) return -E.ENOMEM;
    }
    return mapZeroed(p.space!, this.frames, start, start + size, perms, p.pid) ? start | 0 : -E.ENOMEM;
  }

  private findGap(space: AddressSpace, size: number, from: number): number {
    const limit = STACK_LIMIT;
    for (let start = from; start + size <= limit; start += PAGE_SIZE) {
      if (isFree(space, start, start + size)) return start;
    }
    return -1;
  }

  munmap(addr: number, len: number): number {
    const p = this.current!;
    const start = addr >>> 0;
    if ((start & (PAGE_SIZE - 1)) !== 0 || (len >>> 0) === 0 || start + (len >>> 0) > 2 ** 32) return -E.EINVAL;
    const end = Math.min(pageUp(start + (len >>> 0)), STACK_TOP);
    unmapRange(p.space!, this.frames, start, end);
    return 0;
  }

  // ---------------------------------------------------------------- files

  openat(dirfd: number, path: string, flags: number, mode: number): number {
    const p = this.current!;
    const device = DEVICES[path];
    if (device !== undefined) {
      if (device.name === 'requests' && !this.requests.present()) return -E.ENOENT;
      const file = newOpenFile(device.kind, flags, { device: device.name });
      const fd = p.fds.install(file, (flags & O_CLOEXEC) !== 0);
      return fd < 0 ? -E.EMFILE : fd;
    }
    const base = this.dirInode(dirfd, path);
    if (base < 0) return base;
    const ino = this.fs.open(base, path, flags, mode);
    if (ino < 0) return ino;
    const st = this.fs.stat(ino);
    if (typeof st === 'number') {
      this.releaseInode(ino);
      return st;
    }
    if (st.type === 'dir' && ((flags & O_ACCMODE) !== O_RDONLY || (flags & O_CREAT) !== 0)) {
      this.releaseInode(ino);
      return -E.EISDIR;
    }
    const file = newOpenFile(st.type === 'dir' ? 'dir' : 'file', flags, { ino });
    const fd = p.fds.install(file, (flags & O_CLOEXEC) !== 0);
    if (fd < 0) {
      this.releaseInode(ino);
      return -E.EMFILE;
    }
    return fd;
  }

  dirInode(dirfd: number, path: string): number {
    const p = this.current!;
    if (path.startsWith('/')) return p.cwd;
    if (dirfd === AT_FDCWD) return p.cwd;
    const file = p.fds.get(dirfd);
    if (!file) return -E.EBADF;
    if (file.kind !== 'dir') return -E.ENOTDIR;
    return file.ino;
  }

  fdInode(fd: number): number {
    const file = this.current!.fds.get(fd);
    if (!file) return -E.EBADF;
    return file.kind === 'file' || file.kind === 'dir' ? file.ino : -E.ENODEV;
  }

  close(fd: number): number {
    const p = this.current!;
    if (!p.fds.get(fd)) return -E.EBADF;
    this.closeFd(p, fd);
    return 0;
  }

  private closeFd(p: Proc, fd: number): void {
    const file = p.fds.remove(fd);
    if (file && file.refs === 0) this.releaseFile(file);
  }

  private releaseFile(file: OpenFile): void {
    if (file.kind === 'pipe-read' || file.kind === 'pipe-write') {
      const pipe = file.pipe!;
      if (file.kind === 'pipe-read') pipe.readers--;
      else pipe.writers--;
      this.wake(pipe.channel);
    } else if (file.kind === 'file' || file.kind === 'dir') {
      this.releaseInode(file.ino);
    }
  }

  private releaseInode(ino: number): void {
    if (isBlocked(this.fs.release(ino))) this.deferredReleases.push(ino);
  }

  read(fd: number, buf: number, len: number): number {
    const p = this.current!;
    const file = p.fds.get(fd);
    if (!file || (file.flags & O_ACCMODE) === O_WRONLY) return -E.EBADF;
    const want = Math.min(len >>> 0, SCRATCH);
    if (want === 0) return 0;
    if (!writable(p.space!, buf, want)) return -E.EFAULT;
    const dst = this.scratch.subarray(0, want);
    let n: number;
    switch (file.kind) {
      case 'console-in':
        if (this.console.available() === 0) return this.console.atEof() ? 0 : blockedOn(CH_CONSOLE);
        n = this.console.read(dst);
        break;
      case 'pipe-read': {
        const pipe = file.pipe!;
        if (pipe.length === 0) {
          if (pipe.writers === 0) return 0;
          return file.flags & O_NONBLOCK ? -E.EAGAIN : blockedOn(pipe.channel);
        }
        const bytes = pipe.take(want);
        dst.set(bytes);
        n = bytes.length;
        this.wake(pipe.channel);
        break;
      }
      case 'file':
        n = this.fs.read(file.ino, file.offset, dst);
        if (n < 0) return n;
        file.offset += n;
        break;
      case 'dir':
        return -E.EISDIR;
      case 'device':
        n = this.readDevice(file, dst);
        if (n < 0) return n;
        break;
      default:
        return -E.EBADF;
    }
    p.space!.copyOut(buf, this.scratch, 0, n);
    return n;
  }

  /**
   * /dev/requests (workloads/src/request.h): each read returns the payload of one arrived request (a
   * request record whose first u32 is the port's request id); a read shorter than a record gets
   * EINVAL rather than losing part of a request.
   */
  private readDevice(file: OpenFile, dst: Uint8Array): number {
    if (file.device === 'null') return 0;
    if (file.device !== 'requests') return -E.EINVAL;
    if (this.requests.pending() === 0) return file.flags & O_NONBLOCK ? -E.EAGAIN : blockedOn(CH_REQUESTS);
    if (dst.length < REQUEST_RECORD) return -E.EINVAL;
    const req = this.requests.receive()!;
    const n = Math.min(req.payload.length, dst.length);
    dst.set(req.payload.subarray(0, n));
    return n;
  }

  write(fd: number, buf: number, len: number): number {
    const p = this.current!;
    const file = p.fds.get(fd);
    if (!file || (file.flags & O_ACCMODE) === O_RDONLY) return -E.EBADF;
    const total = len >>> 0;
    if (total === 0) return 0;
    switch (file.kind) {
      case 'console-out': {
        for (let off = 0; off < total; off += SCRATCH) {
          const n = Math.min(SCRATCH, total - off);
          if (!p.space!.copyIn(buf + off, this.scratch, 0, n)) return off > 0 ? off : -E.EFAULT;
          this.console.write(this.scratch.subarray(0, n), file.device === 'err' ? 'err' : 'out');
        }
        return total;
      }
      case 'pipe-write': {
        const pipe = file.pipe!;
        if (pipe.readers === 0) {
          this.terminate(p, null, abi.SIGPIPE);
          return NO_RETURN;
        }
        // Writes of at most PIPE_CAPACITY bytes are atomic (POSIX PIPE_BUF): wait for room for all of it.
        const need = Math.min(total, PIPE_CAPACITY);
        if (pipe.space < need) return file.flags & O_NONBLOCK ? -E.EAGAIN : blockedOn(pipe.channel);
        const n = Math.min(total, pipe.space);
        if (!p.space!.copyIn(buf, this.scratch, 0, n)) return -E.EFAULT;
        pipe.put(this.scratch.subarray(0, n));
        this.wake(pipe.channel);
        return n;
      }
      case 'file': {
        let offset = file.offset;
        if (file.flags & O_APPEND) {
          const st = this.fs.stat(file.ino);
          if (typeof st === 'number') return st;
          offset = st.size;
        }
        let done = 0;
        while (done < total) {
          const n = Math.min(SCRATCH, total - done);
          if (!p.space!.copyIn(buf + done, this.scratch, 0, n)) return done > 0 ? this.advance(file, offset, done) : -E.EFAULT;
          const w = this.fs.write(file.ino, offset + done, this.scratch.subarray(0, n));
          if (w < 0) return done > 0 ? this.advance(file, offset, done) : w;
          done += w;
          if (w < n) break;
        }
        return this.advance(file, offset, done);
      }
      case 'device':
        return this.writeDevice(file, buf, total);
      case 'dir':
        return -E.EISDIR;
      default:
        return -E.EBADF;
    }
  }

  private advance(file: OpenFile, offset: number, n: number): number {
    file.offset = offset + n;
    return n;
  }

  /** /dev/requests: a write is one reply record whose first u32 is the id of the request it answers. */
  private writeDevice(file: OpenFile, buf: number, len: number): number {
    if (file.device === 'null') return len;
    if (file.device !== 'requests') return -E.EINVAL;
    if (len < 4 || len > SCRATCH) return -E.EINVAL;
    const p = this.current!;
    if (!p.space!.copyIn(buf, this.scratch, 0, len)) return -E.EFAULT;
    const id = new DataView(this.scratch.buffer).getUint32(0, true);
    return this.requests.reply(id, this.scratch.slice(0, len)) ? len : -E.EINVAL;
  }

  llseek(fd: number, hi: number, lo: number, resultPtr: number, whence: number): number {
    const p = this.current!;
    const file = p.fds.get(fd);
    if (!file) return -E.EBADF;
    if (file.kind !== 'file' && file.kind !== 'dir') return -E.ESPIPE;
    const offset = Number((BigInt(hi) << 32n) | BigInt(lo >>> 0));
    let base: number;
    if (whence === SEEK_SET) base = 0;
    else if (whence === SEEK_CUR) base = file.offset;
    else if (whence === SEEK_END) {
      const st = this.fs.stat(file.ino);
      if (typeof st === 'number') return st;
      base = st.size;
    } else return -E.EINVAL;
    const pos = base + offset;
    if (pos < 0 || !Number.isSafeInteger(pos)) return -E.EINVAL;
    // Linux moves the offset before it stores the result, so a bad result pointer still moves it.
    file.offset = pos;
    const out = new DataView(this.scratch.buffer, 0, 8);
    out.setBigInt64(0, BigInt(pos), true);
    return p.space!.copyOut(resultPtr, this.scratch, 0, 8) ? 0 : -E.EFAULT;
  }

  getdents64(fd: number, dirp: number, count: number): number {
    const p = this.current!;
    const file = p.fds.get(fd);
    if (!file) return -E.EBADF;
    if (file.kind !== 'dir') return -E.ENOTDIR;
    const size = Math.min(count >>> 0, SCRATCH);
    const entries = this.fs.readdir(file.ino, file.offset, Math.max(1, Math.floor(size / 24)));
    if (typeof entries === 'number') return entries;
    let off = 0;
    let cookie = file.offset;
    const out = this.scratch.subarray(0, size);
    for (const e of entries) {
      const next = abi.encodeDirent64(out, off, e.ino, e.next, e.type === 'dir' ? abi.DT_DIR : abi.DT_REG, e.name);
      if (next < 0) break;
      off = next;
      cookie = e.next;
    }
    if (off === 0 && entries.length > 0) return -E.EINVAL;
    if (!p.space!.copyOut(dirp, this.scratch, 0, off)) return -E.EFAULT;
    file.offset = cookie;
    return off;
  }

  pipe2(fdsPtr: number, flags: number): number {
    const p = this.current!;
    if ((flags & ~(O_CLOEXEC | O_NONBLOCK)) !== 0) return -E.EINVAL;
    const pipe = new Pipe(CH_PIPE + this.nextPipe);
    const r = newOpenFile('pipe-read', O_RDONLY | (flags & O_NONBLOCK), { pipe });
    const w = newOpenFile('pipe-write', O_WRONLY | (flags & O_NONBLOCK), { pipe });
    const cloexec = (flags & O_CLOEXEC) !== 0;
    const rfd = p.fds.install(r, cloexec);
    if (rfd < 0) return -E.EMFILE;
    const wfd = p.fds.install(w, cloexec);
    if (wfd < 0) {
      p.fds.remove(rfd);
      return -E.EMFILE;
    }
    const out = new DataView(this.scratch.buffer, 0, 8);
    out.setInt32(0, rfd, true);
    out.setInt32(4, wfd, true);
    if (!p.space!.copyOut(fdsPtr, this.scratch, 0, 8)) {
      p.fds.remove(rfd);
      p.fds.remove(wfd);
      return -E.EFAULT;
    }
    pipe.readers = 1;
    pipe.writers = 1;
    this.nextPipe++;
    return 0;
  }

  dup(fd: number): number {
    const p = this.current!;
    const file = p.fds.get(fd);
    if (!file) return -E.EBADF;
    const nfd = p.fds.install(file);
    return nfd < 0 ? -E.EMFILE : nfd;
  }

  dup3(oldfd: number, newfd: number, flags: number): number {
    const p = this.current!;
    const file = p.fds.get(oldfd);
    if (!file || newfd < 0 || newfd >= MAX_FDS) return -E.EBADF;
    if (oldfd === newfd || (flags & ~O_CLOEXEC) !== 0) return -E.EINVAL;
    if (p.fds.get(newfd)) this.closeFd(p, newfd);
    p.fds.place(newfd, file, (flags & O_CLOEXEC) !== 0);
    return newfd;
  }

  // ---------------------------------------------------------------- cwd, fcntl, fsync, ftruncate, umask

  /** chdir(2): `path` must name a directory; the new cwd is retained before the old one is released. */
  chdir(path: string): number {
    const p = this.current!;
    if (path === '') return -E.ENOENT;
    const ino = this.fs.lookup(p.cwd, path);
    if (ino < 0) return ino; // an errno, or BLOCKED (re-executed when woken)
    const st = this.fs.stat(ino);
    if (typeof st === 'number') return st;
    if (st.type !== 'dir') return -E.ENOTDIR;
    return this.setCwd(p, ino);
  }

  /** fchdir(2): the descriptor must be an open directory. */
  fchdir(fd: number): number {
    const p = this.current!;
    const file = p.fds.get(fd);
    if (!file) return -E.EBADF;
    if (file.kind !== 'dir') return -E.ENOTDIR;
    return this.setCwd(p, file.ino);
  }

  private setCwd(p: Proc, ino: number): number {
    if (ino === p.cwd) return 0;
    const r = this.fs.retain(ino);
    if (r < 0) return r;
    if (p.cwd >= 0) this.releaseInode(p.cwd);
    p.cwd = ino;
    return 0;
  }

  /** fcntl(2): F_DUPFD(_CLOEXEC), F_GETFD/F_SETFD (FD_CLOEXEC), F_GETFL/F_SETFL (O_APPEND and O_NONBLOCK settable). */
  fcntl(fd: number, cmd: number, arg: number): number {
    const p = this.current!;
    const file = p.fds.get(fd);
    if (!file) return -E.EBADF;
    switch (cmd) {
      case F_DUPFD:
      case F_DUPFD_CLOEXEC: {
        if (arg < 0 || arg >= MAX_FDS) return -E.EINVAL;
        const nfd = p.fds.install(file, cmd === F_DUPFD_CLOEXEC, arg);
        return nfd < 0 ? -E.EMFILE : nfd;
      }
      case F_GETFD:
        return p.fds.cloexec[fd] ? FD_CLOEXEC : 0;
      case F_SETFD:
        p.fds.cloexec[fd] = (arg & FD_CLOEXEC) !== 0;
        return 0;
      case F_GETFL:
        return file.flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC);
      case F_SETFL:
        file.flags = (file.flags & ~SETFL_MASK) | (arg & SETFL_MASK);
        return 0;
      default:
        return -E.EINVAL;
    }
  }

  /** fsync/fdatasync(2): EBADF for a closed fd, EINVAL for pipes and devices; files flush the write-back cache (whole filesystem). */
  fsync(fd: number): number {
    const file = this.current!.fds.get(fd);
    if (!file) return -E.EBADF;
    if (file.kind !== 'file' && file.kind !== 'dir') return -E.EINVAL;
    return this.fs.sync();
  }

  /** ftruncate(2): a regular file open for writing; negative lengths EINVAL. `hi:lo` is the 64-bit length (rv32 register pair). */
  ftruncate(fd: number, lo: number, hi: number): number {
    if (hi < 0) return -E.EINVAL; // Linux checks the length before the descriptor
    const file = this.current!.fds.get(fd);
    if (!file) return -E.EBADF;
    if (file.kind !== 'file' || (file.flags & O_ACCMODE) === O_RDONLY) return -E.EINVAL;
    const len = hi * 0x1_0000_0000 + (lo >>> 0);
    if (len > Number.MAX_SAFE_INTEGER) return -E.EFBIG;
    return this.fs.truncate(file.ino, len);
  }

  /** umask(2): sets the process's file-mode creation mask (inherited on fork), returns the old one. */
  umask(mask: number): number {
    const p = this.current!;
    const old = p.umask;
    p.umask = mask & 0o777;
    return old;
  }

  // ---------------------------------------------------------------- time

  clockGettime(clock: number, tsPtr: number): number {
    const p = this.current!;
    let ns: bigint;
    switch (clock) {
      case 0: // CLOCK_REALTIME
      case 8: // CLOCK_REALTIME_ALARM
      case 11: // CLOCK_TAI
        ns = REALTIME_EPOCH_NS + this.cyclesToNs(this.cpu.now());
        break;
      case 1: // CLOCK_MONOTONIC
      case 4: // CLOCK_MONOTONIC_RAW
      case 7: // CLOCK_BOOTTIME
        ns = this.cyclesToNs(this.cpu.now());
        break;
      case 2: // CLOCK_PROCESS_CPUTIME_ID
      case 3: // CLOCK_THREAD_CPUTIME_ID
        ns = this.cyclesToNs(p.cycles + this.cpu.now() - this.sliceStart);
        break;
      default:
        return -E.EINVAL;
    }
    abi.encodeTimespec(new DataView(this.scratch.buffer, 0, abi.TIMESPEC_SIZE), ns);
    return p.space!.copyOut(tsPtr, this.scratch, 0, abi.TIMESPEC_SIZE) ? 0 : -E.EFAULT;
  }

  clockNanosleep(clock: number, flags: number, reqPtr: number, remPtr: number): number {
    const p = this.current!;
    void remPtr;
    if (clock === 3) return -E.EOPNOTSUPP; // CLOCK_THREAD_CPUTIME_ID: Linux cannot sleep on it
    if (clock !== 0 && clock !== 1 && clock !== 7) return -E.EINVAL;
    const now = this.cpu.now();
    if (p.sleepUntil < 0) {
      if (!p.space!.copyIn(reqPtr, this.scratch, 0, abi.TIMESPEC_SIZE)) return -E.EFAULT;
      const { sec, nsec } = abi.decodeTimespec(new DataView(this.scratch.buffer, 0, abi.TIMESPEC_SIZE));
      if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) return -E.EINVAL;
      let ns = sec * 1_000_000_000n + nsec;
      if (flags & 1) ns -= (clock === 0 ? REALTIME_EPOCH_NS : 0n) + this.cyclesToNs(now); // TIMER_ABSTIME
      if (ns <= 0n) return 0;
      p.sleepUntil = now + Math.max(1, Math.ceil(Number(ns) * this.cpu.hz / 1e9));
      this.cpu.alarmAt(p.sleepUntil);
    }
    if (now >= p.sleepUntil) {
      p.sleepUntil = -1;
      return 0;
    }
    return blockedOn(CH_SLEEP + p.pid);
  }

  private cyclesToNs(cycles: number): bigint {
    return (BigInt(cycles) * 1_000_000_000n) / BigInt(this.cpu.hz);
  }

  // ---------------------------------------------------------------- state transfer

  exportState(): ProcessManagerState {
    if (this.current !== null) this.cpu.saveContext(this.current.context);
    return exportProcessState({
      procs: [...this.procs.values()],
      current: this.current?.pid ?? -1,
      sliceStart: this.sliceStart,
      nextPid: this.nextPid,
      nextPipe: this.nextPipe,
      exitSeq: this.exitSeq,
      exitLog: this.exitLog,
      deferredReleases: this.deferredReleases,
    });
  }

  importState(state: unknown): void {
    const s = importProcessState(state);
    this.procs.clear();
    this.waiters.clear();
    for (const p of s.procs) {
      this.procs.set(p.pid, p);
      if (p.channel >= 0) {
        let set = this.waiters.get(p.channel);
        if (!set) this.waiters.set(p.channel, (set = new Set()));
        set.add(p);
      }
    }
    this.current = s.current < 0 ? null : this.procs.get(s.current)!;
    this.sliceStart = s.sliceStart;
    this.nextPid = s.nextPid;
    this.nextPipe = s.nextPipe;
    this.exitSeq = s.exitSeq;
    this.exitLog.length = 0;
    this.exitLog.push(...s.exitLog);
    this.deferredReleases.length = 0;
    this.deferredReleases.push(...s.deferredReleases);
  }
}

/** Device paths the process manager serves itself. */
const DEVICES: Record<string, { kind: 'device' | 'console-out' | 'console-in'; name: string }> = {
  '/dev/requests': { kind: 'device', name: 'requests' },
  '/dev/null': { kind: 'device', name: 'null' },
};

/** True when every page of [addr, addr+len) is mapped writable. */
function writable(space: AddressSpace, addr: number, len: number): boolean {
  for (let va = addr >>> 0; ; va = (va & ~(PAGE_SIZE - 1)) + PAGE_SIZE) {
    if (space.translate(va, PERM_W) < 0) return false;
    if ((va & ~(PAGE_SIZE - 1)) + PAGE_SIZE >= (addr >>> 0) + len) return true;
  }
}

function waitStatus(p: Proc): number {
  return p.termSignal !== null ? p.termSignal : ((p.exitCode ?? 0) & 0xff) << 8;
}

function describeChannel(ch: number): string {
  if (ch < FS_CHANNELS) return `disk block ${ch}`;
  if (ch === CH_CONSOLE) return 'console input';
  if (ch === CH_REQUESTS) return 'request port';
  if (ch >= CH_PIPE) return `pipe ${ch - CH_PIPE}`;
  if (ch >= CH_HELD) return 'held call';
  if (ch >= CH_SLEEP) return 'sleep';
  if (ch >= CH_CHILD) return 'child exit';
  return `channel ${ch}`;
}

const ERRNO_NAMES = Object.fromEntries(Object.entries(E).map(([k, v]) => [v as number, k]));
function errnoName(e: number): string {
  return ERRNO_NAMES[e] ?? `errno ${e}`;
}
