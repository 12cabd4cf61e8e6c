// The console: guest output to the host (stdout/stderr) and host input to the guest.
// Input is asynchronous: bytes become visible to the kernel only when their device event fires at
// an emulated cycle, which then raises Irq.Console. Output is synchronous (the console never fills).
// BufferConsole is deterministic (input given up front with arrival cycles); HostConsole reads the
// real stdin and writes the real stdout/stderr.
import { writeSync } from 'node:fs';
import type { DeviceBus } from '../machine.js';
import { Irq } from '../trap.js';

export type ConsoleStream = 'out' | 'err';

export interface ConsoleDevice {
  /** Writes guest output. */
  write(bytes: Uint8Array, stream?: ConsoleStream): void;
  /** Bytes of input that have arrived and not been read. */
  available(): number;
  /** Moves up to dst.length arrived bytes into dst; returns how many. */
  read(dst: Uint8Array): number;
  /** True when the input has ended and every byte has been read (read then means end of file). */
  atEof(): boolean;
  /**
   * For a driver whose machine went idle: resolves when host input may have arrived (the next
   * `run` delivers it), or is null when no input can ever arrive again.
   */
  waitForInput(): Promise<void> | null;
}

/** Common input side: a queue of arrived chunks and the EOF flag. */
abstract class ConsoleInput {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private avail = 0;
  protected ended = false;

  constructor(protected readonly bus: DeviceBus) {}

  available(): number {
    return this.avail;
  }

  read(dst: Uint8Array): number {
    let n = 0;
    while (n < dst.length && this.chunks.length > 0) {
      const c = this.chunks[0];
      const k = Math.min(dst.length - n, c.length - this.head);
      dst.set(c.subarray(this.head, this.head + k), n);
      n += k;
      this.head += k;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.avail -= n;
    return n;
  }

  atEof(): boolean {
    return this.ended && this.avail === 0;
  }

  /** Delivers input (or EOF when bytes is null) as a device event at emulated cycle `at`. */
  protected deliverAt(at: number, bytes: Uint8Array | null): void {
    this.bus.schedule(at, () => {
      if (bytes === null) this.ended = true;
      else if (bytes.length > 0) {
        this.chunks.push(bytes);
        this.avail += bytes.length;
      }
      this.bus.raise(Irq.Console);
    });
  }
}

export interface TimedInput {
  at: number;
  bytes: Uint8Array | string;
}

/** Deterministic console: input arrives at given cycles, then EOF; output is collected. */
export class BufferConsole extends ConsoleInput implements ConsoleDevice {
  private readonly out: Uint8Array[] = [];
  private readonly err: Uint8Array[] = [];
  /** When true, stderr output also goes to the host's stderr (handy in tests: nothing is hidden). */
  echoErr = false;

  /** `input` is either all bytes at cycle 0 or a list of timed chunks; EOF follows the last chunk. */
  constructor(bus: DeviceBus, input: Uint8Array | string | TimedInput[] = new Uint8Array(0)) {
    super(bus);
    const enc = new TextEncoder();
    const list: TimedInput[] = Array.isArray(input) ? input : [{ at: 0, bytes: input }];
    let last = 0;
    for (const c of list) {
      this.deliverAt(c.at, typeof c.bytes === 'string' ? enc.encode(c.bytes) : c.bytes);
      last = Math.max(last, c.at);
    }
    this.deliverAt(last, null);
  }

  write(bytes: Uint8Array, stream: ConsoleStream = 'out'): void {
    (stream === 'out' ? this.out : this.err).push(bytes.slice());
    if (stream === 'err' && this.echoErr) writeSync(2, bytes);
  }

  waitForInput(): Promise<void> | null {
    return null; // all input is scheduled up front
  }

  stdout(): Uint8Array {
    return concat(this.out);
  }
  stderr(): Uint8Array {
    return concat(this.err);
  }
  stdoutText(): string {
    return new TextDecoder().decode(this.stdout());
  }
}

/** The host's stdin/stdout/stderr. Starts reading stdin only when the guest first wants input. */
export class HostConsole extends ConsoleInput implements ConsoleDevice {
  private reading = false;
  private wake: (() => void) | null = null;
  private arrivedWhileWaiting = false;
  private readonly closedFds = new Set<number>();

  constructor(bus: DeviceBus, private readonly stdin: NodeJS.ReadableStream = process.stdin) {
    super(bus);
  }

  write(bytes: Uint8Array, stream: ConsoleStream = 'out'): void {
    const fd = stream === 'out' ? 1 : 2;
    if (this.closedFds.has(fd)) return;
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(fd, bytes, off, bytes.length - off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          // The reader went away (e.g. `| head`): drop further output instead of crashing the host.
          this.closedFds.add(fd);
          return;
        }
        if (code !== 'EAGAIN') throw e;
      }
    }
  }

  override read(dst: Uint8Array): number {
    this.startReading();
    return super.read(dst);
  }

  override available(): number {
    this.startReading();
    return super.available();
  }

  waitForInput(): Promise<void> | null {
    this.startReading();
    if (this.ended) return null;
    if (this.arrivedWhileWaiting) {
      this.arrivedWhileWaiting = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** Stops reading stdin so the host process can exit. */
  close(): void {
    if (this.reading) this.stdin.pause();
  }

  private startReading(): void {
    if (this.reading) return;
    this.reading = true;
    this.stdin.on('data', (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk);
      this.deliverAt(this.bus.now(), b);
      this.poke();
    });
    this.stdin.on('end', () => {
      this.deliverAt(this.bus.now(), null);
      this.poke();
    });
    this.stdin.on('error', () => {
      this.deliverAt(this.bus.now(), null);
      this.poke();
    });
  }

  private poke(): void {
    if (this.wake !== null) {
      const w = this.wake;
      this.wake = null;
      w();
    } else this.arrivedWhileWaiting = true;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
