// Static priority (`priority`): 40 levels, one per nice value (-20 is served first); round robin
// with a fixed quantum within a level. The highest non-empty level always wins, so a busy
// high-priority process starves lower ones — the policy's point (strict priorities, as for
// real-time classes) — unless aging is on: with attribute `aging` = A > 0 cycles, a process
// that has waited A cycles of others' execution at the head of its level moves up one level
// (at most one promotion per level per pick, so aging costs O(levels) per decision); it drops
// back to its nice level as soon as it has run.
//
// Invariants: a queued slot sits in level levelAt[slot] ≤ niceAt[slot] + 20 (equal unless
// promoted by aging), in FIFO order of arrival in that level; sinceAt[slot] is the clock (total
// charged cycles) when it arrived there. Admit, wake, preemption, yield and renice all go to
// the tail of the nice level.
// State: export lists levels from the top, FIFO within each; import places each runnable
// process in its nice level, keeping the canonical queue order within a level. No hints:
// aging progress restarts after a swap.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { BLOCKED, Enqueue, RUNNABLE, RUNNING, SchedulerBase } from './base.js';
import { LevelQueues } from './queues.js';
import { DEFAULT_QUANTUM, intAttribute } from './attributes.js';
import { NICE_MAX, NICE_MIN } from './weights.js';
import type { SchedulerState } from './state.js';

const NAME = 'components.scheduler.Priority';

@injectable()
@content(NAME)
export class Priority extends SchedulerBase {
  readonly policy = 'priority';
  quantum: number;
  /** Cycles a process waits at the head of a level before moving up one; 0 = strict priorities. */
  aging: number;
  private readonly levels = new LevelQueues(NICE_MAX - NICE_MIN + 1);
  private levelAt = new Uint8Array(0);
  private sinceAt = new Float64Array(0);
  private clock = 0;

  constructor(
    @inject(attributeToken('quantum')) @optional() quantum?: string | number,
    @inject(attributeToken('aging')) @optional() aging?: string | number,
  ) {
    super();
    this.quantum = intAttribute(NAME, 'quantum', quantum, DEFAULT_QUANTUM);
    this.aging = intAttribute(NAME, 'aging', aging, 0, 0);
  }

  /** Attribute controller hooks (`set-value quantum|aging N`): apply from the next decision on. */
  setQuantum(value: string | number): void {
    this.quantum = intAttribute(NAME, 'quantum', value, this.quantum);
  }

  setAging(value: string | number): void {
    this.aging = intAttribute(NAME, 'aging', value, this.aging, 0);
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
    this.clock += cycles;
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
    const level = this.niceAt[slot]! - NICE_MIN;
    this.levelAt[slot] = level;
    this.sinceAt[slot] = this.clock;
    this.levels.pushBack(level, slot);
  }

  protected dequeue(slot: number): void {
    this.levels.remove(slot);
  }

  private popNext(): number {
    if (this.aging > 0) this.age();
    return this.levels.popFirst();
  }

  /** Moves the head of every non-top level that has waited `aging` cycles up one level. */
  private age(): void {
    const levels = this.levels;
    for (let level = levels.nextLevel(1); level !== -1; level = level + 1 < levels.levels ? levels.nextLevel(level + 1) : -1) {
      const head = levels.headOf(level);
      if (this.clock - this.sinceAt[head]! < this.aging) continue;
      levels.remove(head);
      this.levelAt[head] = level - 1;
      this.sinceAt[head] = this.clock;
      levels.pushBack(level - 1, head);
    }
  }

  private sliceOf(_slot: number): number {
    return this.quantum;
  }

  protected queueOrder(): Int32Array {
    return this.levels.order();
  }

  protected growPolicy(capacity: number): void {
    this.levels.grow(capacity);
    const levelAt = new Uint8Array(capacity);
    levelAt.set(this.levelAt);
    const sinceAt = new Float64Array(capacity);
    sinceAt.set(this.sinceAt);
    this.levelAt = levelAt;
    this.sinceAt = sinceAt;
  }

  protected resetPolicy(): void {
    this.levels.clear();
    this.clock = 0;
  }

  protected loadPolicy(state: SchedulerState): void {
    const queue = state.queue;
    for (let i = 0; i < queue.length; i++) this.enqueue(this.slotOfImported(queue[i]!), Enqueue.Admit);
  }

  protected override infoOf(slot: number): Record<string, number> {
    const base = this.niceAt[slot]! - NICE_MIN;
    return { priority: base, level: this.stateAt[slot] === RUNNABLE ? this.levelAt[slot]! : base };
  }
}
