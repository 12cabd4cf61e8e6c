// The scheduler family's signature: `components.scheduler.Scheduler`.
//
// A scheduler knows pids and their scheduling state, never processes: the process manager
// owns the process table, address spaces, exit statuses and zombies, and tells the scheduler
// what happened. Every method is synchronous; the hot path (pick, slice, charge, block, wake,
// yield) allocates nothing. The running hart is single: at most one pid is `running`.
//
// States the scheduler tracks: `runnable` (waiting in the run queue), `running` (picked and
// on the hart), `blocked` (parked in a wait queue of some component). A zombie is a process
// that has exited and waits for its parent's wait4: it never runs again, so it has no
// scheduling state — `exit(pid)` removes the pid and hands its accumulated runtime back to
// the process manager, which keeps the zombie entry.
//
// The protocol at a scheduling point (timer interrupt, blocking syscall, sched_yield, exit):
//   charge(pid, cyclesItRan);                  // accounting for the process that was on the hart
//   block(pid) | yield(pid) | exit(pid) | -    // why it stopped (nothing for a preemption)
//   next = pick(); budget = slice(next);       // who runs now, and for how many cycles at most
// `pick()` puts the previously running pid back into the run queue if it is still running
// (preemption or yield), according to the policy, and returns the pid now running, or -1 when
// nothing is runnable (the hart idles until a `wake`).
import { signatures } from '../../bindings/index.js';
import type { SchedulerState } from './state.js';

/** What a tool sees of one process (snapshot only; never used on the hot path). */
export interface SchedulerProcessView {
  pid: number;
  state: 'runnable' | 'running' | 'blocked';
  nice: number;
  /** Total cycles charged to the process since it was admitted. */
  runtime: number;
  /** Policy-specific figures: `level`, `vruntime`, `pass`, `stride`, `weight`, ... */
  info: Record<string, number>;
}

export interface SchedulerSnapshot {
  /** Short implementation name as users type it: `round-robin`, `priority`, `mlfq`, `stride`, `fair`. */
  policy: string;
  running: number;
  /** Runnable pids in the order the policy would serve them next. */
  queue: number[];
  processes: SchedulerProcessView[];
}

export interface Scheduler {
  /** A new runnable process. `nice` is Linux's -20 (favoured) … 19 (least favoured). Throws if the pid is known. */
  admit(pid: number, nice: number): void;
  /** The process exited: forget it (running or not). Returns its total runtime in cycles. Throws for an unknown pid. */
  exit(pid: number): number;
  /** The process waits for an event; it leaves the run queue (and the hart, if running). */
  block(pid: number): void;
  /** The event came: a blocked process becomes runnable. Returns false (and does nothing) if it was not blocked. */
  wake(pid: number): boolean;
  /** The running process gives up the hart voluntarily; the next `pick` requeues it per the policy. */
  yield(pid: number): void;
  /** Chooses the process to run now and marks it running; -1 when nothing is runnable. */
  pick(): number;
  /** Cycles `pid` may run before it is preempted (the timer budget for this turn). */
  slice(pid: number): number;
  /** Accounts `cycles` of execution to `pid` (called after it ran, before block/yield/exit/pick). */
  charge(pid: number, cycles: number): void;
  /** Changes the nice value of a known process (setpriority). */
  setNice(pid: number, nice: number): void;
  /** The running pid, or -1. */
  current(): number;
  /** The state of `pid`, or undefined if the scheduler does not know it. */
  stateOf(pid: number): 'runnable' | 'running' | 'blocked' | undefined;
  /** Number of known processes (runnable + running + blocked). */
  size(): number;
  /** A self-contained copy for tools (allocates; not for the hot path). */
  snapshot(): SchedulerSnapshot;
  /** The canonical state (version 2, columnar: state.ts), as the outgoing policy would serve the run queue. */
  exportState(): SchedulerState;
  /** Replaces this scheduler's state with `state`; throws SchedulerStateError, leaving it unchanged, if it cannot represent it. */
  importState(state: unknown): void;
}

/** The signature as the registry needs it (TypeScript interfaces vanish at run time). */
export const SIGNATURE = {
  name: 'components.scheduler.Scheduler',
  methods: [
    'admit', 'exit', 'block', 'wake', 'yield', 'pick', 'slice', 'charge', 'setNice',
    'current', 'stateOf', 'size', 'snapshot', 'exportState', 'importState',
  ],
  extends: [] as string[],
} as const;

/**
 * The attribute signature named by the `.fractal` definitions (shape of bindings' SignatureSpec).
 * Every scheduler reads `quantum` (base time slice in cycles); Mlfq adds `levels` and `boost`,
 * Fair adds `latency`, Priority adds `aging` (0 = strict priorities). Each content class also falls back to these defaults by itself.
 */
export const ATTRIBUTES_SIGNATURE = {
  name: 'components.scheduler.SchedulerAttributes',
  methods: [] as string[],
  extends: [] as string[],
  attributes: {
    quantum: { type: 'integer', default: 10_000 },
    levels: { type: 'integer', default: 4 },
    boost: { type: 'integer', default: 500_000 },
    latency: { type: 'integer', default: 60_000 },
    aging: { type: 'integer', default: 0 },
  },
} as const;

/** The server interface name every scheduler component provides. */
export const INTERFACE_NAME = 'scheduler';

// Registered on import, so that binding checks and instantiation know the methods and attributes.
signatures.define(SIGNATURE.name, SIGNATURE);
signatures.define(ATTRIBUTES_SIGNATURE.name, ATTRIBUTES_SIGNATURE);
