// Fair share (`fair`), after Linux's CFS: each process accrues virtual runtime — the cycles it
// ran scaled by NICE_0_WEIGHT / weight(nice) — and the one with the least (vruntime, pid) runs
// next, so CPU time divides in proportion to weights. The run queue is an indexed binary heap
// (O(log n) pick, insert, remove), good for thousands of processes.
//   - slice: the target latency `latency` is shared among the runnable processes in proportion
//     to weight, never below the granularity `quantum`; with more than latency / quantum
//     processes the period stretches to n × quantum (Linux's sched_period);
//   - min_vruntime only moves forward: max(min_vruntime, min(running, leftmost));
//   - a new process starts at min_vruntime; a waking one at max(its vruntime,
//     min_vruntime − latency/2) — a sleeper gets some credit but cannot bank it;
//   - yield: the yielder is skipped once if anyone else is runnable (Linux's skip buddy).
//
// Invariants: heap.key[slot] is the vruntime of every known slot; load is the sum of weights
// of RUNNABLE and RUNNING slots; competing = number of those slots; skip is -1 or a queued slot.
// State: hint `vlag` = vruntime − min_vruntime. Import uses the lags when every queued process
// has one and they agree with the queue order; otherwise vruntimes follow the queue order one
// weighted cycle apart. min_vruntime restarts at 0.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { BLOCKED, Enqueue, RUNNABLE, RUNNING, SchedulerBase } from './base.js';
import { SlotHeap } from './queues.js';
import { DEFAULT_QUANTUM, intAttribute } from './attributes.js';
import { NICE_0_WEIGHT, weightOf } from './weights.js';
import { queueKeys, type SchedulerHints, type SchedulerState } from './state.js';

const NAME = 'components.scheduler.Fair';

@injectable()
@content(NAME)
export class Fair extends SchedulerBase {
  readonly policy = 'fair';
  /** Minimum granularity: no turn is shorter (unless the process blocks). */
  quantum: number;
  /** Target latency: every runnable process runs once per period of this many cycles. */
  latency: number;
  private readonly heap = new SlotHeap();
  private minVruntime = 0;
  private load = 0;
  private competing = 0;
  private skip = -1;

  constructor(
    @inject(attributeToken('quantum')) @optional() quantum?: string | number,
    @inject(attributeToken('latency')) @optional() latency?: string | number,
  ) {
    super();
    this.quantum = intAttribute(NAME, 'quantum', quantum, DEFAULT_QUANTUM);
    this.latency = intAttribute(NAME, 'latency', latency, 6 * this.quantum);
  }

  /** Attribute controller hooks (`set-value quantum|latency N`): apply from the next slice on. */
  setQuantum(value: string | number): void {
    this.quantum = intAttribute(NAME, 'quantum', value, this.quantum);
  }

  setLatency(value: string | number): void {
    this.latency = intAttribute(NAME, 'latency', value, this.latency);
  }

  protected override onJoin(slot: number, why: Enqueue): void {
    const key = this.heap.key;
    if (why === Enqueue.Admit) key[slot] = this.minVruntime;
    else key[slot] = Math.max(key[slot]!, this.minVruntime - this.latency / 2);
    this.load += weightOf(this.niceAt[slot]!);
    this.competing++;
  }

  protected override onLeave(slot: number): void {
    if (slot === this.skip) this.skip = -1;
    this.load -= weightOf(this.niceAt[slot]!);
    this.competing--;
  }

  private onCharge(slot: number, cycles: number): void {
    this.heap.key[slot]! += (cycles * NICE_0_WEIGHT) / weightOf(this.niceAt[slot]!);
    this.updateMin();
  }

  protected override onRenice(slot: number, oldNice: number): void {
    if (this.stateAt[slot] === BLOCKED) return;
    this.load += weightOf(this.niceAt[slot]!) - weightOf(oldNice);
  }

  private updateMin(): void {
    const key = this.heap.key;
    let m = Infinity;
    if (this.running !== -1) m = key[this.running]!;
    const left = this.heap.peek();
    if (left !== -1 && key[left]! < m) m = key[left]!;
    if (m !== Infinity && m > this.minVruntime) this.minVruntime = m;
  }

  // ---- hot path (spelled out per implementation: see SchedulerBase) ----
  pick(): number {
    const prev = this.running;
    if (prev !== -1) {
      this.stateAt[prev] = RUNNABLE;
      this.running = -1;
      this.enqueue(prev, this.yielded ? Enqueue.Yield : Enqueue.Preempt);
      this.yielded = false;
    }
    const next = this.popNext();
    if (next === -1) return -1;
    this.stateAt[next] = RUNNING;
    this.running = next;
    this.updateMin(); // with the new current counted, as CFS's update_min_vruntime does
    return this.pidAt[next]!;
  }

  slice(pid: number): number {
    const slot = this.slotOf.get(pid);
    return slot === undefined ? this.unknownPid('slice', pid) : this.sliceOf(slot);
  }

  charge(pid: number, cycles: number): void {
    const slot = this.slotOf.get(pid);
    if (slot === undefined || !(cycles >= 0) || cycles === Infinity || this.stateAt[slot] === RUNNABLE) this.refuseCharge(pid, cycles);
    this.runtimeAt[slot] += cycles;
    this.onCharge(slot, cycles);
  }

  block(pid: number): void {
    const slot = this.slotOf.get(pid);
    if (slot === undefined || this.stateAt[slot] === BLOCKED) this.refuseBlock(pid);
    if (this.stateAt[slot] === RUNNABLE) this.dequeue(slot);
    else {
      this.running = -1;
      this.yielded = false;
    }
    this.onLeave(slot);
    this.stateAt[slot] = BLOCKED;
  }

  wake(pid: number): boolean {
    const slot = this.slotOf.get(pid);
    if (slot === undefined) this.unknownPid('wake', pid);
    if (this.stateAt[slot] !== BLOCKED) return false;
    this.stateAt[slot] = RUNNABLE;
    this.onJoin(slot, Enqueue.Wake);
    this.enqueue(slot, Enqueue.Wake);
    return true;
  }

  protected enqueue(slot: number, why: Enqueue): void {
    if (why === Enqueue.Yield) this.skip = slot;
    this.heap.push(slot);
  }

  protected dequeue(slot: number): void {
    if (slot === this.skip) this.skip = -1;
    this.heap.remove(slot);
  }

  private popNext(): number {
    let next = this.heap.pop();
    if (next !== -1 && next === this.skip && this.heap.size > 0) {
      const other = this.heap.pop();
      this.heap.push(next);
      next = other;
    }
    this.skip = -1;
    return next;
  }

  private sliceOf(slot: number): number {
    const w = weightOf(this.niceAt[slot]!);
    const outside = this.stateAt[slot] === BLOCKED; // asked for a sleeper: count it in
    const n = this.competing + (outside ? 1 : 0);
    const load = this.load + (outside ? w : 0);
    const period = n * this.quantum > this.latency ? n * this.quantum : this.latency;
    return Math.max(this.quantum, Math.floor((period * w) / load));
  }

  protected queueOrder(): Int32Array {
    return this.heap.order();
  }

  protected growPolicy(capacity: number): void {
    this.heap.grow(capacity, this.pidAt);
  }

  protected resetPolicy(): void {
    this.heap.clear();
    this.minVruntime = 0;
    this.load = 0;
    this.competing = 0;
    this.skip = -1;
  }

  protected loadPolicy(state: SchedulerState): void {
    // Slot i holds row i (SchedulerBase.importState), so a hint is one index away; NaN = no hint.
    const queue = state.queue;
    const vlag = state.hints.vlag;
    const keys = queueKeys(queue, vlag === undefined ? () => undefined : (i) => vlag[this.slotOfImported(queue[i]!)], 1);
    const key = this.heap.key;
    for (let i = 0; i < queue.length; i++) {
      const slot = this.slotOfImported(queue[i]!);
      key[slot] = keys[i]!;
      this.heap.push(slot);
    }
    for (let slot = 0; slot < state.pid.length; slot++) {
      const st = this.stateAt[slot];
      if (st !== RUNNABLE) {
        const v = vlag === undefined ? NaN : vlag[slot]!;
        key[slot] = v === v ? v : 0;
      }
      if (st !== BLOCKED) {
        this.load += weightOf(this.niceAt[slot]!);
        this.competing++;
      }
    }
    // min_vruntime stays 0: the lags are relative to the exporter's min_vruntime.
  }

  protected override exportHints(slots: Int32Array): SchedulerHints {
    const vlag = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) vlag[i] = this.heap.key[slots[i]!]! - this.minVruntime;
    return { vlag };
  }

  protected override infoOf(slot: number): Record<string, number> {
    return { weight: weightOf(this.niceAt[slot]!), vruntime: this.heap.key[slot]!, vlag: this.heap.key[slot]! - this.minVruntime };
  }
}
