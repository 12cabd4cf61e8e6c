// An in-memory block disk with latency in (fake) cycles, for tests, benchmarks and mkfs: requests
// complete in order of their due time (then of submission), and the transfer happens AT completion,
// so a filesystem that touched a buffer during a request would be caught. Deterministic: jitter comes
// from a seeded PRNG.
import type { BlockDisk, DiskRequest } from './disk.js';

export class DiskRangeError extends Error {
  override name = 'DiskRangeError';
}

export interface MemDiskOptions {
  /** Cycles from submit to completion. Default 0 (still asynchronous). */
  latency?: number;
  /** Extra random 0..jitter cycles per request (seeded). */
  jitter?: number;
  seed?: number;
  sectorSize?: number;
}

interface Pending {
  id: number;
  at: number;
  req: DiskRequest;
}

export class MemDisk implements BlockDisk {
  private readonly bytesPerSector: number;
  private readonly sectors: number;
  /** Fake clock: cycle of the last completion. */
  now = 0;
  reads = 0;
  writes = 0;
  /** Ids start at 0, like the machine's disk. */
  private nextId = 0;
  private readonly queue: Pending[] = [];
  private readonly latency: number;
  private readonly jitter: number;
  private rng: number;

  constructor(
    readonly image: Uint8Array,
    opts: MemDiskOptions = {},
  ) {
    this.bytesPerSector = opts.sectorSize ?? 512;
    if (image.length % this.bytesPerSector !== 0) {
      throw new DiskRangeError(`disk image of ${image.length} bytes is not a whole number of ${this.bytesPerSector}-byte sectors`);
    }
    this.sectors = image.length / this.bytesPerSector;
    this.latency = opts.latency ?? 0;
    this.jitter = opts.jitter ?? 0;
    this.rng = (opts.seed ?? 1) >>> 0 || 1;
  }

  sectorSize(): number {
    return this.bytesPerSector;
  }

  sectorCount(): number {
    return this.sectors;
  }

  submit(req: DiskRequest): number {
    if (!Number.isInteger(req.sector) || req.sector < 0 || req.count < 1 || req.sector + req.count > this.sectors) {
      throw new DiskRangeError(`disk request ${req.op} of sectors ${req.sector}..${req.sector + req.count - 1}: the disk has ${this.sectors} sectors`);
    }
    if (req.buffer.length !== req.count * this.bytesPerSector) {
      throw new DiskRangeError(`disk request ${req.op} of ${req.count} sectors with a buffer of ${req.buffer.length} bytes`);
    }
    const id = this.nextId++;
    const at = this.now + this.latency + (this.jitter > 0 ? this.random() % (this.jitter + 1) : 0);
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].at > at) i--;
    this.queue.splice(i, 0, { id, at, req });
    return id;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Due time of the next completion (Infinity when idle). */
  nextAt(): number {
    return this.queue.length ? this.queue[0].at : Infinity;
  }

  /** Advances the clock to the next completion, performs its transfer and returns its id (-1 when idle). */
  completeNext(): number {
    const p = this.queue.shift();
    if (!p) return -1;
    if (p.at > this.now) this.now = p.at;
    const { op, sector, buffer } = p.req;
    const at = sector * this.bytesPerSector;
    if (op === 'read') {
      buffer.set(this.image.subarray(at, at + buffer.length));
      this.reads++;
    } else {
      this.image.set(buffer, at);
      this.writes++;
    }
    return p.id;
  }

  /** Drops every pending request without performing it (a power cut). */
  dropPending(): number {
    const n = this.queue.length;
    this.queue.length = 0;
    return n;
  }

  private random(): number {
    // xorshift32
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }
}
