// The process manager's signature: `components.process.ProcessManager` (server interface `process`).
//
// The process manager owns the process table, address spaces, descriptor tables, pipes, wait channels
// and the hart's context switches; it asks the bound scheduler who runs, the bound allocator for frames,
// and the bound filesystem for files. Every method is synchronous. System-call methods take raw
// register values and return what goes into a0, or:
//   - a BLOCKED result (`blockedOn(channel)`, same encoding as the filesystem's): the process must park
//     on that channel and re-execute the whole system call once woken (pc stays on the ecall);
//   - NO_RETURN: the process manager has already set the hart up (exit, execve, sched_yield, a fatal
//     signal): the caller must not touch a0 or pc.
import type { ProcessManagerState } from './state.js';

export { BLOCKED, isBlocked, blockedOn, waitChannelOf } from '../filesystem/signature.js';

/** "The registers are already set": between the errno range (>= -4095) and BLOCKED (-65536). */
export const NO_RETURN = -0x8000;

export type ProcessStateName = 'runnable' | 'running' | 'blocked' | 'zombie';

/** What tools (ps, top, the REPL) see of a process. */
export interface ProcessView {
  pid: number;
  ppid: number;
  name: string;
  argv: string[];
  state: ProcessStateName;
  /** What a blocked process waits for (e.g. "pipe 3", "child", "disk block 12"). */
  waiting: string | null;
  cycles: number;
  pages: number;
  fds: number;
  exitStatus: number | null;
}

/** How a process ended, for whoever started it from outside the guest world (tools, `tessera exec`). */
export interface ExitRecord {
  pid: number;
  name: string;
  /** Exit code (0..255) when it exited, or null when a signal killed it. */
  code: number | null;
  signal: number | null;
  cycles: number;
  endedAt: number;
}

export interface SpawnOptions {
  cwd?: string;
  nice?: number;
  /** Parent pid; 0 (the default) means the kernel itself: the exit is recorded and the process reaped. */
  ppid?: number;
}

export interface ProcessManager {
  // Outside the guest world: boot, tools.
  /** Starts a process that will execve `path`; returns its pid (or -errno). */
  spawn(path: string, argv: string[], envp: string[], options?: SpawnOptions): number;
  /** Kills `pid` with `signal` (a tool's kill): 0 or -errno. */
  kill(pid: number, signal: number): number;
  list(): ProcessView[];
  /** Exits of processes started by spawn with ppid 0, in order. */
  exits(): ExitRecord[];
  /** Number of live (not yet reaped) processes. */
  count(): number;

  // Traps and interrupts (the kernel's trap glue calls these).
  fault(cause: number, tval: number): void;
  tick(): void;
  consoleInput(): void;
  requestArrived(): void;
  alarm(): void;
  diskDone(id: number): void;
  /** Parks the running process on `channel` (its pc stays on the ecall, which re-executes when woken). */
  park(channel: number): void;
  /** Parks the running process until `result` settles, then completes its system call with the value. */
  parkUntil(result: Promise<unknown>): void;

  // System calls (raw register arguments; results per the file comment).
  getpid(): number;
  getppid(): number;
  read(fd: number, buf: number, len: number): number;
  write(fd: number, buf: number, len: number): number;
  openat(dirfd: number, path: string, flags: number, mode: number): number;
  close(fd: number): number;
  llseek(fd: number, hi: number, lo: number, resultPtr: number, whence: number): number;
  getdents64(fd: number, dirp: number, count: number): number;
  /** The directory inode `dirfd` names for *at() calls (AT_FDCWD: the cwd), or -errno. */
  dirInode(dirfd: number, path: string): number;
  /** The inode an open descriptor refers to (for statx with AT_EMPTY_PATH), or -errno. */
  fdInode(fd: number): number;
  pipe2(fdsPtr: number, flags: number): number;
  dup(fd: number): number;
  dup3(oldfd: number, newfd: number, flags: number): number;
  brk(addr: number): number;
  mmap2(addr: number, len: number, prot: number, flags: number, fd: number, pgoff: number): number;
  munmap(addr: number, len: number): number;
  clone(flags: number, stack: number): number;
  execve(path: string, argv: string[], envp: string[]): number;
  exit(code: number): number;
  waitid(idtype: number, id: number, infop: number, options: number): number;
  killSyscall(pid: number, signal: number): number;
  schedYield(): number;
  clockGettime(clock: number, tsPtr: number): number;
  clockNanosleep(clock: number, flags: number, reqPtr: number, remPtr: number): number;
  chdir(path: string): number;
  fchdir(fd: number): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  /** fsync and fdatasync (the filesystem has no per-file flush: the whole write-back cache is written). */
  fsync(fd: number): number;
  /** ftruncate64's length as its rv32 register pair (low word, high word). */
  ftruncate(fd: number, lo: number, hi: number): number;
  umask(mask: number): number;

  exportState(): ProcessManagerState;
  importState(state: unknown): void;
}

export const SIGNATURE = {
  name: 'components.process.ProcessManager',
  methods: [
    'spawn', 'kill', 'list', 'exits', 'count', 'fault', 'tick', 'consoleInput', 'requestArrived', 'alarm', 'diskDone',
    'park', 'parkUntil', 'getpid', 'getppid', 'read', 'write', 'openat', 'close', 'llseek', 'getdents64', 'dirInode',
    'fdInode', 'pipe2', 'dup', 'dup3', 'brk', 'mmap2', 'munmap', 'clone', 'execve', 'exit', 'waitid', 'killSyscall',
    'schedYield', 'clockGettime', 'clockNanosleep', 'chdir', 'fchdir', 'fcntl', 'fsync', 'ftruncate', 'umask', 'exportState', 'importState',
  ],
  extends: [] as string[],
} as const;

export const INTERFACE_NAME = 'process';

/** Attributes of a process manager: `nice`, the nice value of processes started from outside (spawn). */
export const ATTRIBUTES_SIGNATURE = {
  name: 'components.process.ProcessManagerAttributes',
  methods: [] as string[],
  extends: [] as string[],
  attributes: { nice: { type: 'integer', default: 0 } },
} as const;
