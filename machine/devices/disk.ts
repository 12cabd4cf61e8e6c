// The block disk: 512-byte sectors, one request queue served in FIFO order, each request taking
// `latency + perSector * count` cycles after the previous one finishes. Data moves when a request
// completes (like DMA at the end of the transfer); then the completion is queued and Irq.Disk is
// raised. The kernel drains completions with takeCompletions().
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { MachineConfigError } from '../errors.js';
import type { DeviceBus } from '../machine.js';
import { Irq } from '../trap.js';

export const SECTOR_SIZE = 512;

export interface DiskRequest {
  op: 'read' | 'write';
  sector: number;
  count: number;
  /** At least count * 512 bytes: filled by a read, read by a write, at completion time. */
  buffer: Uint8Array;
}

export interface DiskCompletion {
  id: number;
  op: 'read' | 'write';
  sector: number;
  count: number;
  /** Emulated cycle of the completion. */
  at: number;
}

export interface BlockDevice {
  readonly sectorCount: number;
  /** Queues a request; returns its id (0, 1, 2...). Throws MachineConfigError on a malformed request. */
  submit(req: DiskRequest): number;
  /** Completions since the last call, in completion order. */
  takeCompletions(): DiskCompletion[];
  /** Requests submitted and not yet completed. */
  readonly inFlight: number;
}

/** Where the sectors live. */
export interface DiskBacking {
  readonly size: number;
  read(offset: number, dst: Uint8Array): void;
  write(offset: number, src: Uint8Array): void;
  flush(): void;
}

export class MemoryBacking implements DiskBacking {
  constructor(readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  read(offset: number, dst: Uint8Array): void {
    dst.set(this.bytes.subarray(offset, offset + dst.length));
  }
  write(offset: number, src: Uint8Array): void {
    this.bytes.set(src, offset);
  }
  flush(): void {}
}

/** A disk image file, read and written in place (persistence across machine reboots). */
export class FileBacking implements DiskBacking {
  private fd: number;
  readonly size: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'r+');
    this.size = fstatSync(this.fd).size;
  }
  read(offset: number, dst: Uint8Array): void {
    let n = 0;
    while (n < dst.length) {
      const k = readSync(this.fd, dst, n, dst.length - n, offset + n);
      if (k === 0) {
        dst.fill(0, n);
        return;
      }
      n += k;
    }
  }
  write(offset: number, src: Uint8Array): void {
    let n = 0;
    while (n < src.length) n += writeSync(this.fd, src, n, src.length - n, offset + n);
  }
  flush(): void {
    fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}

export interface DiskOptions {
  /** Cycles from the start of service to completion (default 10000). */
  latency?: number;
  /** Extra cycles per sector (default 100). */
  perSector?: number;
}

export class Disk implements BlockDevice {
  readonly sectorCount: number;
  private readonly latency: number;
  private readonly perSector: number;
  private nextId = 0;
  private busyUntil = 0;
  private done: DiskCompletion[] = [];
  inFlight = 0;

  constructor(private readonly bus: DeviceBus, readonly backing: DiskBacking, options: DiskOptions = {}) {
    if (backing.size % SECTOR_SIZE !== 0) throw new MachineConfigError(`disk: image size ${backing.size} is not a multiple of ${SECTOR_SIZE}`);
    this.sectorCount = backing.size / SECTOR_SIZE;
    this.latency = options.latency ?? 10_000;
    this.perSector = options.perSector ?? 100;
  }

  submit(req: DiskRequest): number {
    const { op, sector, count, buffer } = req;
    if (op !== 'read' && op !== 'write') throw new MachineConfigError(`disk: unknown op ${String(op)}; expected 'read' or 'write'`);
    if (!Number.isInteger(sector) || !Number.isInteger(count) || count < 1 || sector < 0 || sector + count > this.sectorCount) {
      throw new MachineConfigError(`disk: ${op} of sectors [${sector}, ${sector + count}) is outside the disk's ${this.sectorCount} sectors`);
    }
    if (buffer.length < count * SECTOR_SIZE) throw new MachineConfigError(`disk: buffer of ${buffer.length} bytes is smaller than ${count} sectors`);
    const id = this.nextId++;
    const start = Math.max(this.bus.now(), this.busyUntil);
    const at = start + this.latency + this.perSector * count;
    this.busyUntil = at;
    this.inFlight++;
    this.bus.schedule(at, () => {
      const view = buffer.subarray(0, count * SECTOR_SIZE);
      if (op === 'read') this.backing.read(sector * SECTOR_SIZE, view);
      else this.backing.write(sector * SECTOR_SIZE, view);
      this.inFlight--;
      this.done.push({ id, op, sector, count, at });
      this.bus.raise(Irq.Disk);
    });
    return id;
  }

  takeCompletions(): DiskCompletion[] {
    const d = this.done;
    this.done = [];
    return d;
  }
}
