// Runs filesystem operations to completion over a MemDisk, as the kernel would: on BLOCKED, deliver disk
// completions (advancing the disk's fake clock) until the awaited channel is woken, then restart the
// whole operation. Used by mkfs, tests and benchmarks; the kernel does the same with parked processes.
import type { FileSystem } from './signature.js';
import { isBlocked, waitChannelOf } from './signature.js';
import type { MemDisk } from './memdisk.js';

export class DriverError extends Error {
  override name = 'DriverError';
}

export class Driver {
  restarts = 0;
  /** Channels woken by completions delivered while driving (for tests). */
  readonly woken: number[] = [];
  keepWoken = false;

  constructor(
    public fs: FileSystem,
    readonly disk: MemDisk,
  ) {}

  /** Runs `op` until it returns something other than BLOCKED. */
  run<T>(op: (fs: FileSystem) => T): T {
    for (let attempt = 0; ; attempt++) {
      const r = op(this.fs);
      if (typeof r !== 'number' || !isBlocked(r)) return r;
      if (attempt > 1_000_000) throw new DriverError('operation still blocked after 1,000,000 restarts');
      this.restarts++;
      this.waitFor(waitChannelOf(r));
    }
  }

  /** Delivers completions until `channel` is woken. */
  waitFor(channel: number): void {
    for (;;) {
      const id = this.disk.completeNext();
      if (id < 0) throw new DriverError(`blocked on channel ${channel} but the disk has nothing in flight`);
      const chans = this.fs.diskComplete(id);
      if (this.keepWoken) this.woken.push(...chans);
      if (chans.includes(channel)) return;
    }
  }

  /** Delivers every pending completion. */
  drain(): void {
    for (let id = this.disk.completeNext(); id >= 0; id = this.disk.completeNext()) {
      const chans = this.fs.diskComplete(id);
      if (this.keepWoken) this.woken.push(...chans);
    }
  }

  /** Runs `op`, throwing if it returns a negative errno. */
  ok(op: (fs: FileSystem) => number, what = 'operation'): number {
    const r = this.run(op);
    if (r < 0) throw new DriverError(`${what} failed with errno ${-r}`);
    return r;
  }
}
