// What the process manager and the syscall layer see of the machine's hart and clock (device `cpu`).
// The kernel's boot code adapts the machine to it; tests may provide their own.
import type { AddressSpace } from '../../machine/address-space.js';

export interface Cpu {
  /** The hart's integer registers x0..x31 (live: the running process's registers). */
  readonly regs: Int32Array;
  /** The hart's pc (of the trapping instruction, inside a trap handler). */
  pc: number;
  /** Saves registers and pc into a 33-word context; restores them. */
  saveContext(ctx: Int32Array): void;
  restoreContext(ctx: Int32Array): void;
  /** The address space the hart translates through (null while idle). */
  space: AddressSpace | null;
  /** A new, empty address space over the machine's physical memory. */
  newSpace(): AddressSpace;
  /** No guest runnable: the clock jumps to the next device event. */
  idle: boolean;
  /** The current emulated cycle. */
  now(): number;
  /** Emulated clock rate in Hz (cycles per second), to derive guest-visible time. */
  readonly hz: number;
  /** The next preemption interrupt falls `cycles` from now. */
  armTimer(cycles: number): void;
  /** Raises the alarm interrupt at emulated cycle `at` (sleeping processes). */
  alarmAt(at: number): void;
  /** Seed of the run (AT_RANDOM bytes and other deterministic choices derive from it). */
  readonly seed: number;
}
