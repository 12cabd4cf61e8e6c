// The machine: physical memory, one hart, the deterministic clock (emulated cycles), the periodic
// timer, the device event queue, and the run loop that hands traps and interrupts to the kernel.
// Invariants: interrupts and device events happen only between instructions, at exact cycles: at a
// given cycle, due device events fire first (in scheduling order), then the timer; `run` never
// executes past its budget; while `idle` no instruction runs and the clock jumps to the next device
// event; the timer does not fire while idle (its next deadline moves to the first period after the
// idle stretch). Everything is deterministic given the same inputs at the same cycles.
import { Hart, type Engine } from './hart.js';
import { EventQueue, type EventAction } from './event-queue.js';
import { PhysicalMemory } from './physical-memory.js';
import { Irq, type TrapHandler } from './trap.js';
import type { AddressSpace } from './address-space.js';
import { MachineConfigError } from './errors.js';

/** What a device sees of the machine. */
export interface DeviceBus {
  /** The current emulated cycle. */
  now(): number;
  /** Runs `action` between instructions at emulated cycle `at` (clamped to now). */
  schedule(at: number, action: EventAction): void;
  /** Raises an interrupt line: the kernel's onInterrupt runs now (call only from scheduled actions or between runs). */
  raise(irq: number): void;
}

export interface MachineOptions {
  /** Number of 4 KiB physical frames (default 16384 = 64 MiB). */
  frames?: number;
  /** Timer period in cycles; 0 disables the timer (default 0). */
  quantum?: number;
  /** Interpretations of a block before it is translated (default 8; 0: always translate; Infinity: interpret only). */
  translateAfter?: number;
  /** Execution engine for hot code (default 'jit': WebAssembly regions); see Engine in hart.ts. */
  engine?: Engine;
}

/** Why `run` returned. */
export type RunExit = 'budget' | 'idle' | 'stopped';

export class Machine implements DeviceBus {
  readonly memory: PhysicalMemory;
  readonly hart: Hart;
  readonly events = new EventQueue();
  /** Set by the kernel when no guest is runnable; the clock then jumps to the next device event. */
  idle = false;
  /** Cycles skipped while idle (instructions retired = cycle - idleCycles). */
  idleCycles = 0;
  private handler: TrapHandler | null = null;
  private stopRequested = false;
  private running = false;
  private quantum = 0;
  private timerNext = Infinity;

  constructor(options: MachineOptions = {}) {
    this.memory = new PhysicalMemory(options.frames ?? 16384);
    this.hart = new Hart(this.memory, options.translateAfter, options.engine);
    this.setQuantum(options.quantum ?? 0);
  }

  setHandler(handler: TrapHandler): void {
    this.handler = handler;
  }

  /** The address space the hart translates through (switch it on a context switch). */
  get space(): AddressSpace | null {
    return this.hart.addressSpace;
  }
  set space(s: AddressSpace | null) {
    this.hart.setAddressSpace(s);
  }

  get cycle(): number {
    return this.hart.cycle;
  }

  /** Instructions retired since reset. */
  get instructions(): number {
    return this.hart.cycle - this.idleCycles;
  }

  now(): number {
    return this.hart.cycle;
  }

  /** Sets the timer period; the next interrupt is `quantum` cycles from now (0 disables it). */
  setQuantum(quantum: number): void {
    if (!Number.isInteger(quantum) || quantum < 0) {
      throw new MachineConfigError(`timer: quantum ${quantum} must be a non-negative integer of cycles`);
    }
    this.quantum = quantum;
    this.timerNext = quantum === 0 ? Infinity : this.hart.cycle + quantum;
  }

  /** Restarts the current period from now (a kernel gives a fresh quantum on a context switch). */
  resetTimer(): void {
    if (this.quantum !== 0) this.timerNext = this.hart.cycle + this.quantum;
  }

  /** Cycle of the next timer interrupt (Infinity when disabled). */
  get timerDeadline(): number {
    return this.timerNext;
  }

  schedule(at: number, action: EventAction): void {
    this.events.schedule(Math.max(at, this.hart.cycle), action);
  }

  raise(irq: number): void {
    this.requireHandler().onInterrupt(irq);
    this.hart.syncTlb();
  }

  /** Makes `run` return 'stopped' at the next instruction boundary (call from a handler or device action). */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Runs for at most `budget` cycles. Returns 'budget' when they are used, 'stopped' after stop(),
   * 'idle' when idle with no device event pending (the caller may wait for host input and resume).
   * State is kept between calls: run(a) then run(b) behaves exactly as run(a + b).
   */
  run(budget: number): RunExit {
    const handler = this.requireHandler();
    if (this.running) throw new MachineConfigError('machine: run() called from inside a trap handler or device action; return and call it again instead');
    this.running = true;
    try {
      return this.loop(handler, budget);
    } finally {
      this.running = false;
    }
  }

  private loop(handler: TrapHandler, budget: number): RunExit {
    const h = this.hart;
    const end = h.cycle + budget;
    this.stopRequested = false;
    h.syncTlb();
    for (;;) {
      while (this.events.nextAt() <= h.cycle) {
        this.events.pop()();
        if (this.stopRequested) return 'stopped';
      }
      if (this.timerNext <= h.cycle) {
        const missed = Math.floor((h.cycle - this.timerNext) / this.quantum) + 1;
        this.timerNext += missed * this.quantum;
        if (!this.idle) {
          handler.onInterrupt(Irq.Timer);
          h.syncTlb();
          h.resumedMidBlock = true;
          if (this.stopRequested) return 'stopped';
          continue;
        }
      }
      if (this.stopRequested) return 'stopped';
      if (h.cycle >= end) return 'budget';
      if (this.idle) {
        const next = this.events.nextAt();
        if (next === Infinity) return 'idle';
        const to = Math.min(next, end);
        this.idleCycles += to - h.cycle;
        h.cycle = to;
        // Periods that ended during the idle stretch are skipped, not delivered late.
        if (this.timerNext <= to) this.timerNext += (Math.floor((to - this.timerNext) / this.quantum) + 1) * this.quantum;
        continue;
      }
      const next = this.events.nextAt();
      h.execute(Math.min(end, next, this.timerNext));
      if (h.trapPending) {
        h.trapPending = false;
        handler.onTrap(h.trapCause, h.trapValue);
        h.syncTlb();
      }
    }
  }

  private requireHandler(): TrapHandler {
    if (this.handler === null) throw new MachineConfigError('machine: no trap handler set; call setHandler() before run()');
    return this.handler;
  }
}
