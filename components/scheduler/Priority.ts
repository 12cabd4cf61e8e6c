// Static priority (`priority`): 40 levels, one per nice value (-20 is served first); round robin
// with a fixed quantum within a level. The highest non-empty level always wins, so a busy
// high-priority process starves lower ones — this is the policy's point (strict priorities,
// as for real-time classes), and the reason `fair`, `stride` and `mlfq` exist.
//
// Invariant: a queued slot sits in level niceAt[slot] + 20, in FIFO order of arrival
// (admit, wake, preemption, yield and renice all go to the tail of their level).
// State: export lists levels from -20 to 19, FIFO within each; import places each runnable
// process in its nice level, keeping the canonical queue order within a level. No hints.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { BLOCKED, Enqueue, RUNNABLE, RUNNING, SchedulerBase } from './base.js';
import { LevelQueues } from './queues.js';
import { DEFAULT_QUANTUM, intAttribute } from './attributes.js';
import { NICE_MAX, NICE_MIN } from './weights.js';
import type { SchedulerState } from './state.js';

@injectable()
@content('components.scheduler.Priority')
export class Priority extends SchedulerBase {
  readonly policy = 'priority';
  quantum: number;
  private readonly levels = new LevelQueues(NICE_MAX - NICE_MIN + 1);

  constructor(@inject(attributeToken('quantum')) @optional() quantum?: string | number) {
    super();
    this.quantum = intAttribute('components.scheduler.Priority', 'quantum', quantum, DEFAULT_QUANTUM);
  }

  /** Attribute controller hook (`set-value quantum N`): applies from the next slice on. */
  setQuantum(value: string | number): void {
    this.quantum = intAttribute('components.scheduler.Priority', 'quantum', value, this.quantum);
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
    this.levels.pushBack(this.niceAt[slot]! - NICE_MIN, slot);
  }

  protected dequeue(slot: number): void {
    this.levels.remove(slot);
  }

  private popNext(): number {
    return this.levels.popFirst();
  }

  private sliceOf(_slot: number): number {
    return this.quantum;
  }

  protected queueOrder(): number[] {
    return this.levels.order();
  }

  protected growPolicy(capacity: number): void {
    this.levels.grow(capacity);
  }

  protected resetPolicy(): void {
    this.levels.clear();
  }

  protected loadPolicy(state: SchedulerState): void {
    for (const pid of state.queue) {
      const slot = this.slotOfImported(pid);
      this.levels.pushBack(this.niceAt[slot]! - NICE_MIN, slot);
    }
  }

  protected infoOf(slot: number): Record<string, number> {
    return { priority: this.niceAt[slot]! - NICE_MIN };
  }
}
