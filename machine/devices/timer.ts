// The timer as the kernel sees it: a periodic interrupt (Irq.Timer) every `quantum` cycles.
// The Machine implements it; the interrupt falls exactly between two instructions at the deadline.
export interface TimerDevice {
  /** The current emulated cycle. */
  now(): number;
  /** Sets the period and starts it from now; 0 disables the timer. */
  setQuantum(quantum: number): void;
  /** Restarts the current period from now (a fresh quantum for the next process). */
  resetTimer(): void;
  /** Cycle of the next interrupt, Infinity when disabled. */
  readonly timerDeadline: number;
}
