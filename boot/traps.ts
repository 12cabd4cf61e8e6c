// The kernel's trap glue (xv6's trap.c): hands each trap and interrupt of the machine to the bound
// kernel interfaces. Each call is one "thread" entering the kernel through an interceptor.
//
// Containment: an exception thrown by a kernel component (a bug, or a faulty successor swapped in) must
// not take the host down. It is reported on the console's stderr and the process whose trap failed is
// killed (SIGSYS); if even that fails, the machine stops, so the driver returns instead of crashing.
import type { ProcessManager } from '../components/process/signature.js';
import type { Syscall } from '../components/syscall/signature.js';
import type { ConsoleDevice } from '../machine/devices/console.js';
import type { BlockDevice } from '../machine/devices/disk.js';
import { Cause, Irq, irqName, type TrapHandler } from '../machine/trap.js';
import { IRQ_ALARM } from './cpu.js';

const SIGSYS = 31;

/** A kernel fault the glue contained: what failed, and what it did about it. */
export interface KernelFault {
  during: string;
  error: string;
  killed: number | null;
}

export class KernelTraps implements TrapHandler {
  /** Counters for `stats`. */
  traps = 0;
  interrupts = 0;
  ticks = 0;
  readonly faults: KernelFault[] = [];

  constructor(
    private readonly syscall: Syscall,
    private readonly process: ProcessManager,
    private readonly disk: BlockDevice,
    private readonly console: ConsoleDevice,
    private readonly stopMachine: () => void,
  ) {}

  onTrap(cause: number, tval: number): void {
    this.traps++;
    try {
      if (cause === Cause.Ecall) this.syscall.trap();
      else this.process.fault(cause, tval);
    } catch (err) {
      this.contain(cause === Cause.Ecall ? 'a system call' : `a fault (cause ${cause})`, err);
    }
  }

  onInterrupt(irq: number): void {
    this.interrupts++;
    try {
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
    } catch (err) {
      this.contain(`the ${irq === IRQ_ALARM ? 'alarm' : irqName(irq)} interrupt`, err);
    }
  }

  private contain(during: string, err: unknown): void {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    let killed: number | null = null;
    try {
      const running = this.process.list().find((p) => p.state === 'running');
      if (running) {
        this.process.kill(running.pid, SIGSYS);
        killed = running.pid;
      }
    } catch {
      this.stopMachine(); // the process manager itself is broken: hand control back to the driver
    }
    this.faults.push({ during, error, killed });
    this.console.write(new TextEncoder().encode(
      `tessera: kernel fault during ${during}: ${error}${killed !== null ? `; killed pid ${killed}` : ''}\n`,
    ), 'err');
  }
}
