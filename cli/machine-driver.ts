// Drives a booted system for the REPL and `tessera run`: runs the machine in slices, yielding to the
// event loop between slices (so the REPL's line handler and timers run between them), starts the
// workload's guests and starts them again while they have runs left, reports exits, and holds the
// machine while it is paused, while a command reconfigures (`hold`), or while a kernel component is
// STOPPED (a slice would call into it from a trap, which cannot wait for it).
//
// Invariants: a slice runs only when nothing holds the machine; `cycle` only moves inside a slice;
// every exit is reported once, in the order the kernel recorded them.
import type { TesseraSystem } from '../boot/system.js';
import type { ExitRecord } from '../components/process/signature.js';
import type { GuestOutput } from './guest-output.js';
import { stoppedPaths } from './repl/model.js';
import type { GuestEntry, Workload } from './workload.js';

export interface DriverOptions {
  /** Cycles per slice (default 1,000,000: ~30 ms of emulation, keeps the prompt responsive). */
  slice?: number;
  /** Where notices go ("[tessera] pid 3 (files) exited 0"). */
  notice: (line: string) => void;
  output: GuestOutput;
}

interface Running {
  entry: GuestEntry;
  left: number;
  /** Cycle of the last start. */
  startedAt: number;
}

export interface Sample {
  wallMs: number;
  cycle: number;
  instructions: number;
  syscalls: number;
  ticks: number;
}

export class MachineDriver {
  readonly slice: number;
  paused = false;
  private holds = 0;
  private free = false;
  private waker: (() => void) | null = null;
  private exitsSeen = 0;
  private readonly workloadPids = new Map<number, Running>();
  private idleNoticed = false;
  private heldNoticed = '';
  readonly boot: Sample;

  constructor(readonly system: TesseraSystem, private readonly opts: DriverOptions) {
    this.slice = opts.slice ?? 1_000_000;
    this.boot = this.sample();
  }

  sample(): Sample {
    const m = this.system.machine;
    return { wallMs: performance.now(), cycle: m.cycle, instructions: m.instructions, syscalls: this.system.syscall.stats().total, ticks: this.system.traps.ticks };
  }

  /** Starts every guest of the workload; returns their pids. */
  startWorkload(w: Workload): number[] {
    return w.guests.map((g) => this.startEntry({ entry: g, left: g.runs, startedAt: 0 }));
  }

  private startEntry(r: Running): number {
    const pid = this.spawn(r.entry.program, r.entry.args, r.entry.cwd);
    r.left--;
    r.startedAt = this.system.machine.cycle;
    this.workloadPids.set(pid, r);
    return pid;
  }

  /** Workload runs waiting for their start cycle. */
  pendingRuns = 0;

  /** True while a process lives or a workload run is still to start. */
  busy(): boolean {
    return this.system.process.count() > 0 || this.pendingRuns > 0;
  }

  /** Starts /bin/<program> (or an absolute guest path); returns the pid or throws with the kernel's errno. */
  spawn(program: string, args: string[], cwd = '/'): number {
    const path = program.startsWith('/') ? program : `/bin/${program}`;
    const pid = this.system.process.spawn(path, [program, ...args], [], { cwd });
    if (pid < 0) throw new Error(`cannot start ${path}: error ${-pid}`);
    this.idleNoticed = false;
    this.poke();
    return pid;
  }

  /** Runs the machine for `cycles` emulated cycles (or until it idles), yielding between slices. */
  async runFor(cycles: number, signal?: AbortSignal): Promise<'ran' | 'idle' | 'held' | 'aborted'> {
    const end = this.system.machine.cycle + cycles;
    while (this.system.machine.cycle < end) {
      if (signal?.aborted) return 'aborted';
      const r = this.step(Math.min(this.slice, end - this.system.machine.cycle));
      if (r === 'idle' || r === 'held') return r;
      await tick();
    }
    return 'ran';
  }

  /** Runs until every process has ended and no workload guest has runs left (or the machine idles for good). */
  async runUntilDone(signal?: AbortSignal): Promise<'done' | 'idle' | 'held' | 'aborted'> {
    for (;;) {
      if (signal?.aborted) return 'aborted';
      if (!this.busy()) {
        this.collect();
        return 'done';
      }
      const r = this.step(this.slice);
      if (!this.busy()) return 'done';
      if (r === 'idle' || r === 'held') return r;
      await tick();
    }
  }

  /** Bytes the guests have written to the console. */
  guestBytes(): number {
    return this.opts.output.bytes;
  }

  /**
   * One slice unless something holds the machine. 'idle': no process can make progress and no device
   * event is pending (everything ended, or the rest wait forever).
   */
  step(budget: number): 'ran' | 'idle' | 'held' {
    if (this.holdReason() !== null) return 'held';
    const r = this.system.machine.run(budget);
    this.collect();
    return r === 'idle' ? 'idle' : 'ran';
  }

  /** Why the machine may not run now, or null. */
  holdReason(): string | null {
    if (this.holds > 0) return 'a command is reconfiguring';
    if (this.paused) return 'paused';
    const stopped = stoppedPaths(this.system.kernel);
    if (stopped.length > 0) return `${stopped.map((p) => p || 'kernel').join(', ')} STOPPED`;
    return null;
  }

  /** Runs `fn` with the machine held between slices (reconfiguration commands). */
  async hold<T>(fn: () => Promise<T> | T): Promise<T> {
    this.holds++;
    try {
      return await fn();
    } finally {
      this.holds--;
      this.poke();
    }
  }

  /** Reports new exits (after a slice, or after a tool killed a process), and schedules the next run of a workload guest. */
  collect(): void {
    const exits = this.system.process.exits();
    for (let i = this.exitsSeen; i < exits.length; i++) this.exited(exits[i]!);
    this.exitsSeen = exits.length;
  }

  private exited(e: ExitRecord): void {
    this.opts.output.flush(e.pid);
    const how = e.signal !== null ? `killed by signal ${e.signal}` : `exited ${e.code}`;
    this.opts.notice(`[tessera] pid ${e.pid} (${e.name}) ${how} after ${e.cycles} cycles`);
    const r = this.workloadPids.get(e.pid);
    this.workloadPids.delete(e.pid);
    if (r && r.left > 0) {
      // The next run starts `every` cycles after the last start: a device event, so an idle machine's clock jumps to it.
      const at = Math.max(this.system.machine.cycle, r.startedAt + r.entry.every);
      this.pendingRuns++;
      this.system.machine.schedule(at, () => {
        this.pendingRuns--;
        const pid = this.startEntry(r);
        this.opts.notice(`[tessera] started ${r.entry.program} again as pid ${pid} (${r.left} more run${r.left === 1 ? '' : 's'} after this one)`);
      });
    }
  }

  /** Interactive mode: run freely in the background until `stopFreeRunning`. */
  startFreeRunning(): void {
    if (this.free) return;
    this.free = true;
    void this.loop();
  }

  stopFreeRunning(): void {
    this.free = false;
    this.poke();
  }

  /** Wakes the free-running loop after a change (exec, resume, start, end of a command). */
  poke(): void {
    const w = this.waker;
    this.waker = null;
    w?.();
  }

  private async loop(): Promise<void> {
    while (this.free) {
      const reason = this.holdReason();
      if (reason !== null) {
        if (reason !== this.heldNoticed && reason !== 'a command is reconfiguring' && reason !== 'paused') {
          this.opts.notice(`[tessera] machine held: ${reason} (start it to continue)`);
        }
        this.heldNoticed = reason;
        await this.sleep(200);
        continue;
      }
      this.heldNoticed = '';
      if (!this.busy()) {
        if (!this.idleNoticed) this.opts.notice('[tessera] every process has ended; the machine idles (exec PROG starts another)');
        this.idleNoticed = true;
        await this.sleep(1000);
        continue;
      }
      const r = this.step(this.slice);
      if (r === 'idle') await this.sleep(1000);
      else await tick();
    }
  }

  /** Waits for a poke, or `ms` at most (stopped components are polled: nothing announces a start from outside). */
  private sleep(ms: number): Promise<void> {
    return new Promise((res) => {
      const t = setTimeout(() => {
        this.waker = null;
        res();
      }, ms);
      this.waker = () => {
        clearTimeout(t);
        res();
      };
    });
  }
}

const tick = () => new Promise<void>((res) => setImmediate(res));
