// One process of the process table. Invariants: `context` holds the registers and pc whenever the
// process is not on the hart; `channel` >= 0 exactly when the process is blocked; a zombie has no
// address space, no descriptors and no cwd reference, only its exit status.
import type { AddressSpace } from '../../machine/address-space.js';
import { CONTEXT_WORDS } from '../../machine/hart.js';
import { FdTable } from './files.js';
import type { ProcessStateName } from './signature.js';

/** The execve a spawned process starts with, and the working directory it is to start in. */
export interface PendingExec {
  path: string;
  argv: string[];
  envp: string[];
  cwd: string;
}

export class Proc {
  state: ProcessStateName = 'runnable';
  /** Registers x0..x31 and pc; may be a view of a buffer shared by a whole imported process table. */
  readonly context: Int32Array;
  space: AddressSpace | null = null;
  fds = new FdTable();
  /** Inode of the working directory (a reference held on it), -1 before the first exec. */
  cwd = -1;
  name = '';
  argv: string[] = [];
  brkStart = 0;
  brk = 0;
  /** Lowest mapped stack page; the stack grows down to STACK_LIMIT on faults. */
  stackBottom = 0;
  /** Channel the process is parked on, -1 when not blocked. */
  channel = -1;
  /** Deadline (cycle) of a sleep in progress, -1 when not sleeping: survives the syscall's restarts. */
  sleepUntil = -1;
  exitCode: number | null = null;
  termSignal: number | null = null;
  /** Order of exit among all processes (waitid reports the oldest zombie first). */
  exitSeq = 0;
  cycles = 0;
  nice = 0;
  /** File-mode creation mask (umask(2)); recorded and inherited, not applied: the filesystem keeps modes as given. */
  umask = 0o022;
  execCount = 0;
  pendingExec: PendingExec | null = null;

  constructor(
    readonly pid: number,
    public ppid: number,
    context?: Int32Array,
  ) {
    this.context = context ?? new Int32Array(CONTEXT_WORDS);
  }
}
