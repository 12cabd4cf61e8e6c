// Round robin (`round-robin`): one FIFO run queue, a fixed quantum for everyone, nice ignored.
// A process that is preempted, yields, wakes or is admitted goes to the tail; pick takes the
// head. Every runnable process runs once per round of at most (runnable × quantum) cycles.
//
// State: the FIFO order is the whole policy state; export lists the queue head first; import
// takes the canonical queue order as the FIFO order (no hints needed, none produced).
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { BLOCKED, Enqueue, RUNNABLE, RUNNING, SchedulerBase } from './base.js';
import { LevelQueues } from './queues.js';
import { DEFAULT_QUANTUM, intAttribute } from './attributes.js';
import type { SchedulerState } from './state.js';

@injectable()
@content('components.scheduler.RoundRobin')
export class RoundRobin extends SchedulerBase {
  readonly policy = 'round-robin';
  quantum: number;
  private readonly fifo = new LevelQueues(1);

  constructor(@inject(attributeToken('quantum')) @optional() quantum?: string | number) {
    super();
    this.quantum = intAttribute('components.scheduler.RoundRobin', 'quantum', quantum, DEFAULT_QUANTUM);
  }

  /** Attribute controller hook (`set-value quantum N`): applies from the next slice on. */
  setQuantum(value: string | number): void {
    this.quantum = intAttribute('components.scheduler.RoundRobin', 'quantum', value, this.quantum);
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
    this.fifo.pushBack(0, slot);
  }

  protected dequeue(slot: number): void {
    this.fifo.remove(slot);
  }

  private popNext(): number {
    return this.fifo.popFirst();
  }

  private sliceOf(_slot: number): number {
    return this.quantum;
  }

  protected queueOrder(): Int32Array {
    return this.fifo.order();
  }

  protected growPolicy(capacity: number): void {
    this.fifo.grow(capacity);
  }

  protected resetPolicy(): void {
    this.fifo.clear();
  }

  protected loadPolicy(state: SchedulerState): void {
    const queue = state.queue;
    for (let i = 0; i < queue.length; i++) this.fifo.pushBack(0, this.slotOfImported(queue[i]!));
  }
}
