// What every scheduler shares: the pid → slot table, the state machine of a process, the
// protocol checks, and the canonical export/import. A policy (one file per implementation)
// fills in where a runnable process goes (enqueue/dequeue) and writes its own hot path: who
// comes out (pick), what running costs (charge) and how long it may run (slice).
//
// Invariants (hold between any two public calls):
//   - slotOf maps every known pid to a slot; pidAt[slot] is that pid; a free slot has
//     state FREE and is on the free stack; `known` is the number of non-free slots;
//   - a RUNNABLE slot is in the policy's run queue exactly once; RUNNING and BLOCKED slots are
//     not in it; at most one slot is RUNNING and `running` is that slot (or -1);
//   - `yielded` is true only while `running` !== -1 and the running process called yield.
// After an import, slot i holds row i of the imported state (policies rely on it in loadPolicy);
// export lists the known slots in slot order, so export ∘ import keeps the row order.
// State transitions: admit → RUNNABLE; pick: RUNNABLE → RUNNING (and RUNNING → RUNNABLE for
// the previous one); block: RUNNABLE|RUNNING → BLOCKED; wake: BLOCKED → RUNNABLE; exit: any → gone.
import type { Scheduler, SchedulerProcessView, SchedulerSnapshot } from './signature.js';
import { SchedulerError, SchedulerStateError } from './errors.js';
import {
  readSchedulerState,
  STATE_BLOCKED,
  STATE_RUNNABLE,
  STATE_RUNNING,
  type ProcessState,
  type SchedulerHints,
  type SchedulerState,
  PID_MAX,
} from './state.js';
import { isNice, NICE_MAX, NICE_MIN } from './weights.js';

// The codes of the canonical state's `state` column, so that export and import copy the column.
export const FREE = 0;
export const RUNNABLE = STATE_RUNNABLE;
export const RUNNING = STATE_RUNNING;
export const BLOCKED = STATE_BLOCKED;

/** Why a slot enters the run queue; policies place it accordingly. */
export const Enqueue = {
  Admit: 0,
  Wake: 1,
  Preempt: 2,
  Yield: 3,
  /** Re-insertion after a nice change. */
  Renice: 4,
} as const;
export type Enqueue = (typeof Enqueue)[keyof typeof Enqueue];

const STATE_NAMES: readonly (ProcessState | undefined)[] = [undefined, 'runnable', 'running', 'blocked'];

export abstract class SchedulerBase implements Scheduler {
  /** Short name users type (`round-robin`, ...). */
  abstract readonly policy: string;

  /** pid → slot; replaced wholesale by an import (the validator's pid → row map). */
  protected slotOf = new Map<number, number>();
  protected pidAt = new Int32Array(0);
  protected stateAt = new Uint8Array(0);
  protected niceAt = new Int8Array(0);
  protected runtimeAt = new Float64Array(0);
  protected running = -1;
  protected yielded = false;
  private freeSlots = new Int32Array(0);
  private freeTop = 0;
  private capacity = 0;
  private known = 0;

  // ---- what a policy provides ------------------------------------------------------------
  /** A RUNNABLE slot enters the run queue. */
  protected abstract enqueue(slot: number, why: Enqueue): void;
  /** A RUNNABLE slot leaves the run queue (it blocks, exits or is reniced). */
  protected abstract dequeue(slot: number): void;
  /** Queued slots in service order (a new array: export and snapshot only). */
  protected abstract queueOrder(): Int32Array;
  /** Grows the policy's per-slot arrays. */
  protected abstract growPolicy(capacity: number): void;
  /** Empties the run queue and policy totals (before an import). */
  protected abstract resetPolicy(): void;
  /** Rebuilds policy fields and the run queue from a validated state; slots are already filled (slot i = row i). Must not throw. */
  protected abstract loadPolicy(state: SchedulerState): void;
  /** A slot joins the competing set (admit, wake, import) — before it is enqueued. */
  protected onJoin(_slot: number, _why: Enqueue): void {}
  /** A slot leaves the competing set (block, exit) — after it left the queue or the hart. */
  protected onLeave(_slot: number): void {}
  /** The nice value changed; the slot is not queued while this runs. */
  protected onRenice(_slot: number, _oldNice: number): void {}
  /** Policy refusals beyond the canonical invariants (throw SchedulerStateError). */
  protected checkImport(_state: SchedulerState): void {}
  /** Hint columns for the exported rows; `slots[i]` is the slot of row i. */
  protected exportHints(_slots: Int32Array): SchedulerHints {
    return {};
  }
  protected infoOf(_slot: number): Record<string, number> {
    return {};
  }

  // ---- the signature ---------------------------------------------------------------------
  admit(pid: number, nice: number): void {
    if (!Number.isInteger(pid) || pid < 0 || pid > PID_MAX) {
      throw new SchedulerError(`${this.policy}.admit: pid ${pid} is not an integer in 0..${PID_MAX}`);
    }
    if (this.slotOf.has(pid)) throw new SchedulerError(`${this.policy}.admit: pid ${pid} is already ${this.stateOf(pid)}`);
    this.checkNice('admit', pid, nice);
    const slot = this.newSlot(pid);
    this.stateAt[slot] = RUNNABLE;
    this.niceAt[slot] = nice;
    this.runtimeAt[slot] = 0;
    this.onJoin(slot, Enqueue.Admit);
    this.enqueue(slot, Enqueue.Admit);
  }

  exit(pid: number): number {
    const slot = this.slotFor('exit', pid);
    this.leave(slot);
    const runtime = this.runtimeAt[slot]!;
    this.stateAt[slot] = FREE;
    this.slotOf.delete(pid);
    this.freeSlots[this.freeTop++] = slot;
    this.known--;
    return runtime;
  }

  yield(pid: number): void {
    const slot = this.slotFor('yield', pid);
    if (slot !== this.running) throw new SchedulerError(`${this.policy}.yield: pid ${pid} is ${this.stateOf(pid)}, expected running`);
    this.yielded = true;
  }

  // pick, slice and charge run at every scheduling decision, block and wake at every blocking
  // system call. Each implementation spells them out itself (the same few lines, calling its
  // own popNext/sliceOf/onCharge) instead of inheriting one copy from here: V8 keeps
  // inline-cache feedback per function, so one shared copy serving five classes goes
  // megamorphic — measured 59 → 837 ns per pick+charge for round-robin once the other four
  // had run. Only the cold checks live here.
  abstract pick(): number;
  abstract slice(pid: number): number;
  abstract charge(pid: number, cycles: number): void;
  abstract block(pid: number): void;
  abstract wake(pid: number): boolean;

  /** Throws the reason block(pid) is refused (cold path). */
  protected refuseBlock(pid: number): never {
    this.slotFor('block', pid);
    throw new SchedulerError(`${this.policy}.block: pid ${pid} is already blocked`);
  }

  /** Throws the reason charge(pid, cycles) is refused (cold path of every charge). */
  protected refuseCharge(pid: number, cycles: number): never {
    this.slotFor('charge', pid);
    if (!(cycles >= 0) || !Number.isFinite(cycles)) {
      throw new SchedulerError(`${this.policy}.charge: cycles for pid ${pid} must be a non-negative number, got ${cycles}`);
    }
    throw new SchedulerError(`${this.policy}.charge: pid ${pid} is waiting in the run queue; charge a process after it ran, before pick()`);
  }

  /** Throws for a pid the scheduler does not know (cold path). */
  protected unknownPid(op: string, pid: number): never {
    throw new SchedulerError(`${this.policy}.${op}: unknown pid ${pid}`);
  }

  setNice(pid: number, nice: number): void {
    const slot = this.slotFor('setNice', pid);
    this.checkNice('setNice', pid, nice);
    const old = this.niceAt[slot]!;
    if (old === nice) return;
    const queued = this.stateAt[slot] === RUNNABLE;
    if (queued) this.dequeue(slot);
    this.niceAt[slot] = nice;
    this.onRenice(slot, old);
    if (queued) this.enqueue(slot, Enqueue.Renice);
  }

  current(): number {
    return this.running === -1 ? -1 : this.pidAt[this.running]!;
  }

  stateOf(pid: number): ProcessState | undefined {
    const slot = this.slotOf.get(pid);
    return slot === undefined ? undefined : STATE_NAMES[this.stateAt[slot]!];
  }

  size(): number {
    return this.known;
  }

  snapshot(): SchedulerSnapshot {
    const processes: SchedulerProcessView[] = [];
    for (const [pid, slot] of this.slotOf) {
      processes.push({ pid, state: STATE_NAMES[this.stateAt[slot]!]!, nice: this.niceAt[slot]!, runtime: this.runtimeAt[slot]!, info: this.infoOf(slot) });
    }
    processes.sort((a, b) => a.pid - b.pid);
    return { policy: this.policy, running: this.current(), queue: Array.from(this.queueOrder(), (s) => this.pidAt[s]!), processes };
  }

  exportState(): SchedulerState {
    // Columns copied slot by slot: no object per process (a swap of 1,000 processes has a 1 ms budget).
    const n = this.known;
    const pid = new Int32Array(n);
    const state = new Uint8Array(n);
    const nice = new Int8Array(n);
    const runtime = new Float64Array(n);
    const slots = new Int32Array(n);
    for (let slot = 0, row = 0; row < n && slot < this.capacity; slot++) {
      const st = this.stateAt[slot]!;
      if (st === FREE) continue;
      slots[row] = slot;
      pid[row] = this.pidAt[slot]!;
      state[row] = st;
      nice[row] = this.niceAt[slot]!;
      runtime[row] = this.runtimeAt[slot]!;
      row++;
    }
    const queue = this.queueOrder();
    for (let i = 0; i < queue.length; i++) queue[i] = this.pidAt[queue[i]!]!;
    return { version: 2, policy: this.policy, running: this.current(), pid, state, nice, runtime, queue, hints: this.exportHints(slots) };
  }

  importState(raw: unknown): void {
    const { state, rowOf } = readSchedulerState(raw);
    this.checkImport(state);
    // Nothing below throws: the old state is gone only once the new one is known to fit.
    const n = state.pid.length;
    this.running = -1;
    this.yielded = false;
    this.resetPolicy();
    if (this.capacity < n) this.grow(Math.max(16, n));
    // Slot i holds row i: the validator's pid → row map is the slot table, the columns copy in.
    this.slotOf = rowOf;
    this.pidAt.set(state.pid);
    this.pidAt.fill(-1, n);
    this.stateAt.set(state.state);
    this.stateAt.fill(FREE, n);
    this.niceAt.set(state.nice);
    this.runtimeAt.set(state.runtime);
    this.freeTop = 0;
    for (let slot = this.capacity - 1; slot >= n; slot--) this.freeSlots[this.freeTop++] = slot;
    if (state.running !== -1) this.running = rowOf.get(state.running)!;
    this.known = n;
    this.loadPolicy(state);
  }

  // ---- helpers for policies ----------------------------------------------------------------
  /** The slot of a pid known to be in a validated state being imported. */
  protected slotOfImported(pid: number): number {
    return this.slotOf.get(pid)!;
  }

  protected refuse(what: string): never {
    throw new SchedulerStateError(`${this.policy}.importState: ${what}`);
  }

  // ---- internals -----------------------------------------------------------------------------
  private leave(slot: number): void {
    const st = this.stateAt[slot];
    if (st === RUNNABLE) this.dequeue(slot);
    else if (st === RUNNING) {
      this.running = -1;
      this.yielded = false;
    } else return; // BLOCKED: already out of the competing set
    this.onLeave(slot);
  }

  private slotFor(op: string, pid: number): number {
    const slot = this.slotOf.get(pid);
    if (slot === undefined) throw new SchedulerError(`${this.policy}.${op}: unknown pid ${pid}`);
    return slot;
  }

  private checkNice(op: string, pid: number, nice: number): void {
    if (!isNice(nice)) throw new SchedulerError(`${this.policy}.${op}: nice ${nice} for pid ${pid} is not an integer in ${NICE_MIN}..${NICE_MAX}`);
  }

  private newSlot(pid: number): number {
    if (this.freeTop === 0) this.grow(Math.max(16, this.capacity * 2));
    const slot = this.freeSlots[--this.freeTop]!;
    this.slotOf.set(pid, slot);
    this.pidAt[slot] = pid;
    this.known++;
    return slot;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const pidAt = new Int32Array(capacity).fill(-1);
    pidAt.set(this.pidAt);
    const stateAt = new Uint8Array(capacity);
    stateAt.set(this.stateAt);
    const niceAt = new Int8Array(capacity);
    niceAt.set(this.niceAt);
    const runtimeAt = new Float64Array(capacity);
    runtimeAt.set(this.runtimeAt);
    const freeSlots = new Int32Array(capacity);
    freeSlots.set(this.freeSlots.subarray(0, this.freeTop));
    // New slots go on the free stack so that the lowest is handed out first.
    for (let slot = capacity - 1; slot >= old; slot--) freeSlots[this.freeTop++] = slot;
    this.pidAt = pidAt;
    this.stateAt = stateAt;
    this.niceAt = niceAt;
    this.runtimeAt = runtimeAt;
    this.freeSlots = freeSlots;
    this.capacity = capacity;
    this.growPolicy(capacity);
  }
}
