// Guest console output as whole lines labelled with the process that wrote them ("[2 forkpipe] ...").
// The system boots with a buffered console; this tap replaces that console object's `write`, which the
// platform component calls for every guest write, so output reaches the sink as it is written instead
// of accumulating. The writer is the process running at the time of the write (the one in the system
// call). Partial lines wait in a per-process buffer until their newline, or until `flush`.
import type { TesseraSystem } from '../boot/system.js';
import type { ConsoleStream } from '../machine/devices/console.js';

export type LineSink = (line: string) => void;

interface Pending {
  name: string;
  text: string;
  decoder: TextDecoder;
}

export class GuestOutput {
  private readonly pending = new Map<string, Pending>();
  /** Bytes written by guests, for `stats`. */
  bytes = 0;

  constructor(
    private readonly system: TesseraSystem,
    private readonly sink: LineSink,
    private readonly label = true,
  ) {
    const device = system.console as { write(bytes: Uint8Array, stream?: ConsoleStream): void };
    device.write = (bytes: Uint8Array, stream: ConsoleStream = 'out') => this.write(bytes, stream);
  }

  private write(bytes: Uint8Array, stream: ConsoleStream): void {
    this.bytes += bytes.length;
    const { pid, name } = this.writer();
    const key = `${pid}:${stream}`;
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { name, text: '', decoder: new TextDecoder() }));
    p.text += p.decoder.decode(bytes, { stream: true });
    let nl: number;
    while ((nl = p.text.indexOf('\n')) >= 0) {
      this.emit(pid, p.name, stream, p.text.slice(0, nl));
      p.text = p.text.slice(nl + 1);
    }
  }

  /** Emits every partial line (of `pid` only, when given). */
  flush(pid?: number): void {
    for (const [key, p] of this.pending) {
      const [k, stream] = key.split(':') as [string, ConsoleStream];
      if (pid !== undefined && Number(k) !== pid) continue;
      p.text += p.decoder.decode();
      if (p.text !== '') this.emit(Number(k), p.name, stream, p.text);
      this.pending.delete(key);
    }
  }

  private emit(pid: number, name: string, stream: ConsoleStream, line: string): void {
    if (!this.label) this.sink(line);
    else this.sink(`[${pid} ${name}${stream === 'err' ? ' stderr' : ''}] ${line}`);
  }

  /** The process in the system call that writes (called from inside the kernel: a re-entrant call). */
  private writer(): { pid: number; name: string } {
    const running = this.system.process.list().find((p) => p.state === 'running');
    return running ? { pid: running.pid, name: running.name } : { pid: 0, name: 'kernel' };
  }
}
