// The contract between the machine and the kernel: trap causes, interrupt lines and the handler
// the machine calls. This is all the kernel implements to drive the machine (see docs/machine.md).

/** Synchronous exception causes, numbered as RISC-V `scause`/`mcause`. */
export const Cause = {
  InstructionMisaligned: 0,
  IllegalInstruction: 2,
  Breakpoint: 3,
  /** ecall from user mode. */
  Ecall: 8,
  InstructionPageFault: 12,
  LoadPageFault: 13,
  StorePageFault: 15,
} as const;
export type CauseCode = (typeof Cause)[keyof typeof Cause];

export function causeName(cause: number): string {
  switch (cause) {
    case Cause.InstructionMisaligned: return 'instruction address misaligned';
    case Cause.IllegalInstruction: return 'illegal instruction';
    case Cause.Breakpoint: return 'breakpoint';
    case Cause.Ecall: return 'ecall';
    case Cause.InstructionPageFault: return 'instruction page fault';
    case Cause.LoadPageFault: return 'load page fault';
    case Cause.StorePageFault: return 'store page fault';
    default: return `cause ${cause}`;
  }
}

/** Interrupt lines. Devices keep their own status (completions, pending input) for the kernel to drain. */
export const Irq = {
  Timer: 0,
  Console: 1,
  Disk: 2,
  RequestPort: 3,
} as const;
export type IrqLine = (typeof Irq)[keyof typeof Irq];

export function irqName(irq: number): string {
  return ['timer', 'console', 'disk', 'request-port'][irq] ?? `irq ${irq}`;
}

/**
 * What the kernel gives the machine. Both calls happen between instructions, synchronously, inside
 * `Machine.run`. Inside them the kernel may read and write `hart.regs`/`hart.pc`, save/restore
 * contexts, switch `machine.space`, change mappings, set `machine.idle`, and call `machine.stop()`.
 */
export interface TrapHandler {
  /**
   * A synchronous exception of the running guest. `hart.pc` is the pc of the instruction that
   * trapped (for ecall too: the kernel advances pc by 4 to return past it, or leaves pc to restart
   * it). `tval` is the faulting address for page faults and misaligned jumps, the instruction bits
   * for illegal instructions, 0 otherwise. If the handler changes nothing, the instruction re-executes.
   */
  onTrap(cause: number, tval: number): void;
  /** An interrupt line fired: the timer (every quantum) or a device with new status. */
  onInterrupt(irq: number): void;
}
