// Stride scheduling (`stride`), after Waldspurger & Weihl (1995): deterministic proportional
// share. Each process holds tickets = its Linux weight (nice 0 → 1024 tickets, each nice step
// ~1.25x), and its stride is STRIDE1 / tickets. Running for c cycles advances its pass by
// stride · c / quantum; the process with the least (pass, pid) runs next, so over a long run
// each gets CPU time in proportion to its tickets, with an error bounded by one quantum.
// A global pass advances by STRIDE1 / (total tickets) per quantum of execution; a process that
// leaves (blocks) keeps `remain` = pass − global pass and rejoins at global pass + remain, so
// sleeping neither earns credit nor costs share. A new process joins one stride after the
// global pass.
//
// Invariants: heap.key[slot] is the pass of every RUNNABLE/RUNNING slot; remainAt[slot] is the
// lag of every BLOCKED slot; totalTickets is the sum of tickets of RUNNABLE and RUNNING slots.
// State: hint `passLag` (pass − global pass, or remain for a blocked process). Import uses the
// lags when every queued process has one and they agree with the queue order; otherwise passes
// follow the queue order one unit apart (equal shares from there on). The global pass restarts
// at 0.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { BLOCKED, Enqueue, RUNNABLE, RUNNING, SchedulerBase } from './base.js';
import { SlotHeap } from './queues.js';
import { DEFAULT_QUANTUM, intAttribute } from './attributes.js';
import { weightOf } from './weights.js';
import { queueKeys, type SchedulerHints, type SchedulerState } from './state.js';

/** Pass units per quantum for the whole machine; nice 0's stride is STRIDE1 / 1024 = 2^20. */
export const STRIDE1 = 2 ** 30;

@injectable()
@content('components.scheduler.Stride')
export class Stride extends SchedulerBase {
  readonly policy = 'stride';
  quantum: number;
  private readonly heap = new SlotHeap();
  private remainAt = new Float64Array(0);
  private globalPass = 0;
  private totalTickets = 0;

  constructor(@inject(attributeToken('quantum')) @optional() quantum?: string | number) {
    super();
    this.quantum = intAttribute('components.scheduler.Stride', 'quantum', quantum, DEFAULT_QUANTUM);
  }

  /** Attribute controller hook (`set-value quantum N`): applies from the next slice on. */
  setQuantum(value: string | number): void {
    this.quantum = intAttribute('components.scheduler.Stride', 'quantum', value, this.quantum);
  }

  private strideOf(slot: number): number {
    return STRIDE1 / weightOf(this.niceAt[slot]!);
  }

  protected override onJoin(slot: number, why: Enqueue): void {
    const remain = why === Enqueue.Admit ? this.strideOf(slot) : this.remainAt[slot]!;
    this.heap.key[slot] = this.globalPass + remain;
    this.totalTickets += weightOf(this.niceAt[slot]!);
  }

  protected override onLeave(slot: number): void {
    this.remainAt[slot] = this.heap.key[slot]! - this.globalPass;
    this.totalTickets -= weightOf(this.niceAt[slot]!);
  }

  private onCharge(slot: number, cycles: number): void {
    const quanta = cycles / this.quantum;
    if (this.stateAt[slot] === RUNNING) this.heap.key[slot]! += this.strideOf(slot) * quanta;
    else this.remainAt[slot]! += this.strideOf(slot) * quanta; // charged after it blocked
    if (this.totalTickets > 0) this.globalPass += (STRIDE1 / this.totalTickets) * quanta;
  }

  protected override onRenice(slot: number, oldNice: number): void {
    // Waldspurger's client_modify: the lag scales with the stride; tickets follow the weight.
    const ratio = weightOf(oldNice) / weightOf(this.niceAt[slot]!);
    const st = this.stateAt[slot];
    if (st === RUNNABLE || st === RUNNING) {
      this.heap.key[slot] = this.globalPass + (this.heap.key[slot]! - this.globalPass) * ratio;
      this.totalTickets += weightOf(this.niceAt[slot]!) - weightOf(oldNice);
    } else this.remainAt[slot]! *= ratio;
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

  protected enqueue(slot: number, _why: Enqueue): void {
    this.heap.push(slot);
  }

  protected dequeue(slot: number): void {
    this.heap.remove(slot);
  }

  private popNext(): number {
    return this.heap.pop();
  }

  private sliceOf(_slot: number): number {
    return this.quantum;
  }

  protected queueOrder(): Int32Array {
    return this.heap.order();
  }

  protected growPolicy(capacity: number): void {
    this.heap.grow(capacity, this.pidAt);
    const remainAt = new Float64Array(capacity);
    remainAt.set(this.remainAt);
    this.remainAt = remainAt;
  }

  protected resetPolicy(): void {
    this.heap.clear();
    this.globalPass = 0;
    this.totalTickets = 0;
  }

  protected loadPolicy(state: SchedulerState): void {
    // Slot i holds row i (SchedulerBase.importState), so a hint is one index away; NaN = no hint.
    const queue = state.queue;
    const lag = state.hints.passLag;
    const keys = queueKeys(queue, lag === undefined ? () => undefined : (i) => lag[this.slotOfImported(queue[i]!)], 1);
    for (let i = 0; i < queue.length; i++) {
      const slot = this.slotOfImported(queue[i]!);
      this.heap.key[slot] = keys[i]!;
      this.heap.push(slot);
      this.totalTickets += weightOf(this.niceAt[slot]!);
    }
    for (let slot = 0; slot < state.pid.length; slot++) {
      const st = this.stateAt[slot];
      const v = lag === undefined ? NaN : lag[slot]!;
      if (st === RUNNING) {
        this.heap.key[slot] = v === v ? v : 0;
        this.totalTickets += weightOf(this.niceAt[slot]!);
      } else if (st === BLOCKED) this.remainAt[slot] = v === v ? v : this.strideOf(slot);
    }
  }

  /** Pass − global pass of a competing slot; the remaining stride of a blocked one. */
  private passLagOf(slot: number): number {
    const st = this.stateAt[slot];
    return st === RUNNABLE || st === RUNNING ? this.heap.key[slot]! - this.globalPass : this.remainAt[slot]!;
  }

  protected override exportHints(slots: Int32Array): SchedulerHints {
    const passLag = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) passLag[i] = this.passLagOf(slots[i]!);
    return { passLag };
  }

  protected override infoOf(slot: number): Record<string, number> {
    return { tickets: weightOf(this.niceAt[slot]!), stride: this.strideOf(slot), passLag: this.passLagOf(slot) };
  }
}
