// A bare machine for tests: one address space with a code page and a data page, a handler that
// records traps and stops, and helpers to run a code snippet from a given register state.
import { AddressSpace, PERM_RW, PERM_RX } from '../address-space.js';
import { SimpleFrameSource } from '../frame-source.js';
import { Machine, type MachineOptions } from '../machine.js';
import type { TrapHandler } from '../trap.js';
import { words } from './asm.js';

export const CODE = 0x0001_0000;
export const DATA = 0x0002_0000;

export interface TrapRecord {
  cause: number;
  tval: number;
  pc: number;
  cycle: number;
}

export class BareMachine implements TrapHandler {
  readonly machine: Machine;
  readonly space: AddressSpace;
  readonly frames: SimpleFrameSource;
  traps: TrapRecord[] = [];
  interrupts: Array<{ irq: number; cycle: number; pc: number }> = [];
  /** Called on each trap after recording; default: stop the machine. */
  onTrapHook: (t: TrapRecord) => void = () => this.machine.stop();
  onInterruptHook: (irq: number) => void = () => {};

  constructor(options: MachineOptions & { codePages?: number; dataPages?: number } = {}) {
    this.machine = new Machine({ frames: options.frames ?? 64, quantum: options.quantum, translateAfter: options.translateAfter ?? 0 });
    this.machine.setHandler(this);
    this.frames = new SimpleFrameSource(this.machine.memory.frameCount);
    this.space = new AddressSpace(this.machine.memory);
    for (let i = 0; i < (options.codePages ?? 1); i++) this.mapNew(CODE + i * 4096, PERM_RX);
    for (let i = 0; i < (options.dataPages ?? 1); i++) this.mapNew(DATA + i * 4096, PERM_RW);
    this.machine.space = this.space;
  }

  mapNew(va: number, perms: number): number {
    const f = this.frames.allocFrame(0);
    this.machine.memory.zeroFrame(f);
    this.space.map(va, f, perms);
    return f;
  }

  onTrap(cause: number, tval: number): void {
    const t = { cause, tval, pc: this.machine.hart.pc, cycle: this.machine.cycle };
    this.traps.push(t);
    this.onTrapHook(t);
  }

  onInterrupt(irq: number): void {
    this.interrupts.push({ irq, cycle: this.machine.cycle, pc: this.machine.hart.pc });
    this.onInterruptHook(irq);
  }

  /** Writes code at `at` (ignoring page permissions, like a loader). */
  load(code: number[], at = CODE): void {
    if (!this.space.copyOut(at, words(code), 0, code.length * 4, 0)) throw new Error(`cannot load code at ${at.toString(16)}`);
  }

  /** Loads `code`, sets registers, runs until the first trap (or budget); returns that trap. */
  exec(code: number[], regs: Record<number, number> = {}, budget = 1_000_000): TrapRecord | undefined {
    this.load(code);
    const h = this.machine.hart;
    h.regs.fill(0);
    for (const [r, v] of Object.entries(regs)) h.regs[Number(r)] = v;
    h.pc = CODE;
    h.cycle = 0; // trap cycles are relative to the snippet's start
    this.traps = [];
    this.machine.run(budget);
    return this.traps[0];
  }

  reg(i: number): number {
    return this.machine.hart.regs[i];
  }
}
