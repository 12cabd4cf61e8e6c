// Adapts the machine's hart, clock and timer to the kernel's `cpu` device (components/process/cpu.ts).
import type { Cpu } from '../components/process/cpu.js';
import { AddressSpace } from '../machine/address-space.js';
import type { Machine } from '../machine/machine.js';

/** Interrupt line of the kernel's alarm (sleeping processes); beyond the machine's own lines. */
export const IRQ_ALARM = 16;

export class MachineCpu implements Cpu {
  readonly regs: Int32Array;

  constructor(
    private readonly machine: Machine,
    readonly hz: number,
    readonly seed: number,
  ) {
    this.regs = machine.hart.regs;
  }

  get pc(): number {
    return this.machine.hart.pc;
  }
  set pc(v: number) {
    this.machine.hart.pc = v;
  }
  saveContext(ctx: Int32Array): void {
    this.machine.hart.saveContext(ctx);
  }
  restoreContext(ctx: Int32Array): void {
    this.machine.hart.restoreContext(ctx);
  }
  get space(): AddressSpace | null {
    return this.machine.space;
  }
  set space(s: AddressSpace | null) {
    this.machine.space = s;
  }
  newSpace(): AddressSpace {
    return new AddressSpace(this.machine.memory);
  }
  get idle(): boolean {
    return this.machine.idle;
  }
  set idle(v: boolean) {
    this.machine.idle = v;
  }
  now(): number {
    return this.machine.cycle;
  }
  armTimer(cycles: number): void {
    this.machine.setQuantum(Math.max(1, Math.floor(cycles)));
  }
  alarmAt(at: number): void {
    this.machine.schedule(at, () => this.machine.raise(IRQ_ALARM));
  }
}
