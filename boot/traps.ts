// The kernel's trap glue (xv6's trap.c): hands each trap and interrupt of the machine to the bound
// kernel interfaces. Each call is one "thread" entering the kernel through an interceptor.
import type { ProcessManager } from '../components/process/signature.js';
import type { Syscall } from '../components/syscall/signature.js';
import type { BlockDevice } from '../machine/devices/disk.js';
import { Cause, Irq, type TrapHandler } from '../machine/trap.js';
import { IRQ_ALARM } from './cpu.js';

export class KernelTraps implements TrapHandler {
  /** Counters for `stats`. */
  traps = 0;
  interrupts = 0;
  ticks = 0;

  constructor(
    private readonly syscall: Syscall,
    private readonly process: ProcessManager,
    private readonly disk: BlockDevice,
  ) {}

  onTrap(cause: number, tval: number): void {
    this.traps++;
    if (cause === Cause.Ecall) this.syscall.trap();
    else this.process.fault(cause, tval);
  }

  onInterrupt(irq: number): void {
    this.interrupts++;
    switch (irq) {
      case Irq.Timer:
        this.ticks++;
        this.process.tick();
        break;
      case Irq.Console:
        this.process.consoleInput();
        break;
      case Irq.Disk:
        for (const c of this.disk.takeCompletions()) this.process.diskDone(c.id + 1);
        break;
      case Irq.RequestPort:
        this.process.requestArrived();
        break;
      case IRQ_ALARM:
        this.process.alarm();
        break;
    }
  }
}
