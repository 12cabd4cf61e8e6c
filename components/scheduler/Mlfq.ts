// Multi-level feedback queue (`mlfq`), after OSTEP ch. 8: `levels` FIFO queues, level 0 on top.
//   1. the highest non-empty level runs first, round robin within a level;
//   2. a new process starts at level 0;
//   3. a process that has used up its allotment at a level — quantum << level cycles, counted
//      across every turn at that level, so yielding just before the timer does not game it —
//      moves one level down (at the bottom level it starts a fresh allotment);
//   4. every `boost` cycles of charged execution every process goes back to level 0, so CPU
//      hogs cannot starve and a process that turned interactive regains priority. The boost
//      is O(levels): the lower lists are spliced onto level 0 in service order, and per-process
//      levels are reset lazily — a slot whose epochAt is older than `epoch` is at level 0 with a
//      fresh allotment (see fresh()).
// A turn at level l lasts at most the rest of that level's allotment. Nice is kept (and carried
// across swaps) but plays no part: behaviour, not a static priority, decides the level.
//
// Invariants (for a slot made fresh, i.e. epochAt[slot] === epoch): levelAt[slot] < levels;
// usedAt[slot] < quantum << levelAt[slot]; a queued slot is in list levelAt[slot]. A stale slot
// that is queued is in list 0. sinceBoost < boost.
// State: hints `level` and `allotment` per process. Import uses them when present (a level
// below this scheduler's bottom is clamped to the bottom), else puts everyone at level 0 with
// a fresh allotment; FIFO order within a level follows the canonical queue order. The boost
// clock restarts at 0 after an import.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { BLOCKED, Enqueue, RUNNABLE, RUNNING, SchedulerBase } from './base.js';
import { LevelQueues } from './queues.js';
import { DEFAULT_QUANTUM, intAttribute } from './attributes.js';
import { SchedulerAttributeError } from './errors.js';
import type { SchedulerHints, SchedulerState } from './state.js';

const NAME = 'components.scheduler.Mlfq';

@injectable()
@content(NAME)
export class Mlfq extends SchedulerBase {
  readonly policy = 'mlfq';
  quantum: number;
  readonly levels: number;
  boost: number;
  private readonly queues: LevelQueues;
  private levelAt = new Uint8Array(0);
  private usedAt = new Float64Array(0);
  /** Boost generation of each slot's levelAt/usedAt; older than `epoch` means level 0, nothing used. */
  private epochAt = new Float64Array(0);
  private epoch = 0;
  private sinceBoost = 0;

  constructor(
    @inject(attributeToken('quantum')) @optional() quantum?: string | number,
    @inject(attributeToken('levels')) @optional() levels?: string | number,
    @inject(attributeToken('boost')) @optional() boost?: string | number,
  ) {
    super();
    this.quantum = intAttribute(NAME, 'quantum', quantum, DEFAULT_QUANTUM);
    this.levels = intAttribute(NAME, 'levels', levels, 4, 1, 16);
    this.boost = intAttribute(NAME, 'boost', boost, 50 * this.quantum);
    this.queues = new LevelQueues(this.levels);
  }

  /** Attribute controller hooks: quantum and boost apply from the next charge on. */
  setQuantum(value: string | number): void {
    this.quantum = intAttribute(NAME, 'quantum', value, this.quantum);
  }

  setBoost(value: string | number): void {
    this.boost = intAttribute(NAME, 'boost', value, this.boost);
  }

  /** The number of queues is structural: change it by swapping in a new Mlfq. */
  setLevels(value: string | number): void {
    if (Number(value) !== this.levels) {
      throw new SchedulerAttributeError(`${NAME}: attribute 'levels' cannot change at run time (is ${this.levels}, asked ${JSON.stringify(value)}); replace the component with one configured for it`);
    }
  }

  private allotment(level: number): number {
    return this.quantum * 2 ** level;
  }

  /** Applies a boost this slot has not seen yet (rule 4, lazily). */
  private fresh(slot: number): void {
    if (this.epochAt[slot] !== this.epoch) {
      this.levelAt[slot] = 0;
      this.usedAt[slot] = 0;
      this.epochAt[slot] = this.epoch;
    }
  }

  protected override onJoin(slot: number, why: Enqueue): void {
    if (why === Enqueue.Admit) {
      this.levelAt[slot] = 0;
      this.usedAt[slot] = 0;
      this.epochAt[slot] = this.epoch;
    }
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
    this.fresh(slot);
    this.queues.pushBack(this.levelAt[slot]!, slot);
  }

  protected dequeue(slot: number): void {
    this.fresh(slot); // a stale queued slot was spliced into list 0
    this.queues.removeAt(this.levelAt[slot]!, slot);
  }

  private popNext(): number {
    return this.queues.popFirst();
  }

  private sliceOf(slot: number): number {
    this.fresh(slot);
    const level = this.levelAt[slot]!;
    return Math.max(1, this.allotment(level) - this.usedAt[slot]!);
  }

  private onCharge(slot: number, cycles: number): void {
    this.fresh(slot);
    const level = this.levelAt[slot]!;
    const used = this.usedAt[slot]! + cycles;
    if (used >= this.allotment(level)) {
      if (level < this.levels - 1) this.levelAt[slot] = level + 1; // the bottom level just starts a new allotment
      this.usedAt[slot] = 0;
    } else this.usedAt[slot] = used;
    this.sinceBoost += cycles;
    if (this.sinceBoost >= this.boost) this.boostAll();
  }

  /** Rule 4: everyone to level 0 with a fresh allotment, queued ones keeping their service order. */
  private boostAll(): void {
    this.sinceBoost = 0;
    this.epoch++;
    for (let level = 1; level < this.levels; level++) this.queues.spliceInto(level, 0);
  }

  protected queueOrder(): Int32Array {
    return this.queues.order();
  }

  protected growPolicy(capacity: number): void {
    this.queues.grow(capacity);
    const levelAt = new Uint8Array(capacity);
    levelAt.set(this.levelAt);
    const usedAt = new Float64Array(capacity);
    usedAt.set(this.usedAt);
    const epochAt = new Float64Array(capacity);
    epochAt.set(this.epochAt);
    this.levelAt = levelAt;
    this.usedAt = usedAt;
    this.epochAt = epochAt;
  }

  protected resetPolicy(): void {
    this.queues.clear();
    this.sinceBoost = 0;
  }

  protected loadPolicy(state: SchedulerState): void {
    // Slot i holds row i (SchedulerBase.importState); NaN in a hint column = no hint.
    const levels = state.hints.level;
    const allotments = state.hints.allotment;
    for (let slot = 0; slot < state.pid.length; slot++) {
      const hint = levels === undefined ? NaN : levels[slot]!;
      const level = hint === hint ? Math.min(hint, this.levels - 1) : 0;
      const used = allotments === undefined ? NaN : allotments[slot]!;
      this.levelAt[slot] = level;
      this.usedAt[slot] = hint === level && used === used ? Math.min(used, this.allotment(level)) : 0;
      this.epochAt[slot] = this.epoch;
    }
    const queue = state.queue;
    for (let i = 0; i < queue.length; i++) {
      const slot = this.slotOfImported(queue[i]!);
      this.queues.pushBack(this.levelAt[slot]!, slot);
    }
  }

  protected override exportHints(slots: Int32Array): SchedulerHints {
    const level = new Float64Array(slots.length);
    const allotment = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      this.fresh(slot);
      level[i] = this.levelAt[slot]!;
      allotment[i] = this.usedAt[slot]!;
    }
    return { level, allotment };
  }

  protected override infoOf(slot: number): Record<string, number> {
    this.fresh(slot);
    return { level: this.levelAt[slot]!, allotment: this.usedAt[slot]! };
  }
}
