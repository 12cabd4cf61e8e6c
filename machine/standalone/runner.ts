// The standalone runner: one ELF on a bare machine with the minimal syscall table of syscalls.ts,
// like `qemu-riscv32 prog.elf args`. It is the machine's own trap handler (no kernel): ecalls go to
// the table, stack faults below the mapped stack grow it, any other fault kills the program with
// the signal Linux would send (exit status 128 + signal, a one-line message on stderr).
import { AddressSpace, PERM_RW } from '../address-space.js';
import { HostConsole, type ConsoleDevice } from '../devices/console.js';
import { parseElf } from '../elf.js';
import { SimpleFrameSource } from '../frame-source.js';
import { STACK_LIMIT, STACK_TOP } from '../layout.js';
import { loadElf } from '../loader.js';
import type { Engine } from '../hart.js';
import { Machine, type DeviceBus } from '../machine.js';
import { SplitMix32 } from '../prng.js';
import { Cause, causeName, type TrapHandler } from '../trap.js';
import { StandaloneProcess } from './process.js';
import { BLOCK, E, SYSCALLS, type SyscallContext } from './syscalls.js';

export const SIGNAL = { SIGILL: 4, SIGTRAP: 5, SIGBUS: 7, SIGSEGV: 11 } as const;

export interface StandaloneOptions {
  /** argv of the guest (argv[0] is usually the program path). */
  argv: string[];
  envp?: string[];
  /** Physical frames (default 16384 = 64 MiB). */
  frames?: number;
  /** Seed of AT_RANDOM and getrandom. */
  seed?: number;
  /** Builds the console (default: the host's stdin/stdout/stderr). */
  console?: (bus: DeviceBus) => ConsoleDevice;
  /** Where warnings and the fatal-signal message go (default: host stderr). */
  warn?: (line: string) => void;
  /** Name used in ELF error messages. */
  name?: string;
  /** Interpretations of a block before translation (see MachineOptions.translateAfter). */
  translateAfter?: number;
  /** Execution engine (see MachineOptions.engine). */
  engine?: Engine;
}

export interface RunOutcome {
  /** Exit status as a shell sees it: the program's status, or 128 + signal. */
  status: number;
  /** The killing signal, or null after a normal exit. */
  signal: number | null;
  /** Instructions retired. */
  instructions: number;
  /** Emulated cycles (instructions plus idle time). */
  cycles: number;
}

const SLICE = 50_000_000;
/** A private interrupt line: the end of a clock_nanosleep (the runner has no timer device). */
const WAKE_IRQ = -1;
const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export class StandaloneRunner implements TrapHandler {
  readonly machine: Machine;
  readonly console: ConsoleDevice;
  readonly proc: StandaloneProcess;
  private readonly ctx: SyscallContext;
  private readonly warn: (line: string) => void;
  private blocked = false;
  private outcome: { status: number; signal: number | null } | null = null;
  private readonly warned = new Set<number>();

  constructor(elfBytes: Uint8Array, options: StandaloneOptions) {
    this.machine = new Machine({ frames: options.frames, translateAfter: options.translateAfter, engine: options.engine });
    this.machine.setHandler(this);
    this.warn = options.warn ?? ((line) => process.stderr.write(line + '\n'));
    this.console = (options.console ?? ((bus) => new HostConsole(bus)))(this.machine);
    const elf = parseElf(elfBytes, options.name ?? options.argv[0] ?? 'program');
    const frames = new SimpleFrameSource(this.machine.memory.frameCount);
    const space = new AddressSpace(this.machine.memory);
    const pid = 1;
    const loaded = loadElf(space, frames, elf, { argv: options.argv, envp: options.envp, seed: options.seed, owner: pid });
    this.proc = new StandaloneProcess(space, frames, pid, loaded.brk);
    this.machine.space = space;
    this.machine.hart.pc = loaded.entry | 0;
    this.machine.hart.regs[2] = loaded.sp | 0;
    this.ctx = {
      proc: this.proc,
      console: this.console,
      now: () => this.machine.cycle,
      exit: (status) => {
        this.outcome = { status, signal: null };
        this.machine.stop();
      },
      sleepUntil: (at) => this.machine.schedule(at, () => this.machine.raise(WAKE_IRQ)),
      random: new SplitMix32((options.seed ?? 0) ^ 0x5eed),
      sleepDeadline: -1,
    };
  }

  onTrap(cause: number, tval: number): void {
    const h = this.machine.hart;
    if (cause === Cause.Ecall) {
      const num = h.regs[17];
      const fn = SYSCALLS[num];
      let r: number | typeof BLOCK;
      if (fn === undefined) {
        if (!this.warned.has(num)) {
          this.warned.add(num);
          this.warn(`tessera: unsupported system call ${num} at pc ${hex(h.pc)}; returning -ENOSYS`);
        }
        r = -E.NOSYS;
      } else r = fn(this.ctx, h.regs);
      if (this.outcome !== null) return;
      if (r === BLOCK) {
        this.blocked = true;
        this.machine.idle = true;
        return; // pc stays on the ecall: it re-executes when woken
      }
      h.regs[10] = r;
      h.pc = (h.pc + 4) | 0;
      return;
    }
    const addr = tval >>> 0;
    if ((cause === Cause.LoadPageFault || cause === Cause.StorePageFault) && addr >= STACK_LIMIT && addr < STACK_TOP &&
        this.proc.space.entry(addr >>> 12) === 0) {
      if (this.proc.mapZero(addr & ~4095, PERM_RW)) return; // grow the stack and retry
    }
    const signal = cause === Cause.IllegalInstruction ? SIGNAL.SIGILL
      : cause === Cause.Breakpoint ? SIGNAL.SIGTRAP
      : cause === Cause.InstructionMisaligned ? SIGNAL.SIGBUS
      : SIGNAL.SIGSEGV;
    const what = cause === Cause.IllegalInstruction ? `instruction ${hex(tval)}` : `address ${hex(tval)}`;
    this.warn(`tessera: guest killed by ${signalName(signal)}: ${causeName(cause)} (${what}) at pc ${hex(h.pc)}`);
    this.outcome = { status: 128 + signal, signal };
    this.machine.stop();
  }

  onInterrupt(_irq: number): void {
    if (this.blocked) {
      this.blocked = false;
      this.machine.idle = false;
    }
  }

  private result(): RunOutcome {
    const o = this.outcome!;
    return { status: o.status, signal: o.signal, instructions: this.machine.instructions, cycles: this.machine.cycle };
  }

  /**
   * Runs without waiting for the host: returns the outcome, or null if the cycle budget ran out or
   * the guest is waiting for input that has not arrived.
   */
  runSync(maxCycles = Infinity): RunOutcome | null {
    const end = this.machine.cycle + maxCycles;
    while (this.outcome === null) {
      const left = end - this.machine.cycle;
      if (left <= 0) return null;
      const why = this.machine.run(Math.min(SLICE, left));
      if (why === 'idle') return null;
    }
    return this.result();
  }

  /** Runs to the end, waiting for host input when the guest blocks on it. */
  async run(): Promise<RunOutcome> {
    for (;;) {
      const r = this.runSync();
      if (r !== null) return r;
      const wait = this.console.waitForInput();
      if (wait === null) {
        this.warn('tessera: the guest is blocked forever (waiting for input after end of file)');
        this.outcome = { status: 128 + 9, signal: 9 };
        return this.result();
      }
      await wait;
    }
  }
}

export function signalName(signal: number): string {
  return { 4: 'SIGILL', 5: 'SIGTRAP', 7: 'SIGBUS', 9: 'SIGKILL', 11: 'SIGSEGV' }[signal] ?? `signal ${signal}`;
}
