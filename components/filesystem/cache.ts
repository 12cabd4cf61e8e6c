// The buffer cache (xv6's bio.c, plus undo for restartable operations): the only path between the
// filesystem and the disk. Policies decide WHEN dirty buffers are written; the cache knows HOW.
//
// Invariants:
// - at most one Buf per block; `bufs` is in LRU order (first = least recently used);
// - a Buf is `valid` once its data equals the disk's (or a newer version); while a read is in flight it
//   is invalid and `readId` names the request (READ_PENDING: must be (re)submitted, after an import);
// - at most one request is in flight per block (`readId` or `writeId`, never both); a Buf with a request
//   in flight is never evicted; the disk owns `data` during a read and `writeSnap` during a write;
// - `dirty` means the cached bytes are newer than what the disk holds or is being given;
// - within an operation (begin .. commit|abort) every modified Buf keeps an undo copy of its bytes
//   from before the operation; abort restores them (fresh Bufs made by the operation are dropped), so
//   an operation that misses leaves no trace. Bufs touched by the running operation are not evicted.
// - the cache may hold more than `capacity` Bufs after an import (dirty and in-flight ones are never
//   dropped); it shrinks back as they become clean.
import type { BlockDisk, DiskOp } from './disk.js';
import { ENOMEM } from '../errno.js';
import { FsErrno } from './errors.js';

/** No request in flight (disk ids may be 0, so 0 is a valid id). */
export const NONE = -1;
/** An imported read whose bytes went to the predecessor: must be re-submitted. */
export const READ_PENDING = -2;

export interface Buf {
  block: number;
  data: Uint8Array;
  view: DataView;
  valid: boolean;
  readId: number;
  writeId: number;
  writeSnap: Uint8Array | null;
  dirty: boolean;
  /** Emulated cycle at which the buffer last went from clean to dirty. */
  dirtiedAt: number;
  /** Operation epoch in which it was last touched (pins it during that operation). */
  touched: number;
  /** Operation epoch in which it was first modified, with the undo copy (null when fresh). */
  modified: number;
  undo: Uint8Array | null;
  fresh: boolean;
}

/** Thrown (as this single object, no stack) when an operation needs a block that is not cached. */
export const MISS = { miss: true } as const;

interface InFlight {
  op: DiskOp;
  buf: Buf;
}

export class BufferCache {
  readonly bufs = new Map<number, Buf>();
  readonly inflight = new Map<number, InFlight>();
  /** Channel the last MISS waits on (a block number). */
  missChannel = -1;
  private epoch = 1;
  private readonly opModified: Buf[] = [];
  private readonly pool: Uint8Array[] = [];
  private readonly sectorsPerBlock: number;
  // counters
  diskReads = 0;
  diskWrites = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly disk: BlockDisk,
    readonly capacity: number,
    readonly blockSize: number,
  ) {
    this.sectorsPerBlock = blockSize / disk.sectorSize();
  }

  // ---- operation brackets ----
  begin(): void {
    this.epoch++;
    this.opModified.length = 0;
    this.missChannel = -1;
  }

  /** Ends the operation, keeping its changes: returns the Bufs it modified (now dirty). */
  commit(now: number): Buf[] {
    const list = this.opModified.slice();
    for (const b of list) {
      if (!b.dirty) b.dirtiedAt = now;
      b.dirty = true;
      b.fresh = false;
      if (b.undo) this.pool.push(b.undo);
      b.undo = null;
      b.modified = 0;
    }
    this.opModified.length = 0;
    return list;
  }

  /** Ends the operation, undoing every change it made to cached blocks. */
  abort(): void {
    for (let i = this.opModified.length - 1; i >= 0; i--) {
      const b = this.opModified[i];
      if (b.fresh) {
        this.bufs.delete(b.block);
        b.fresh = false;
      } else if (b.undo) {
        b.data.set(b.undo);
        this.pool.push(b.undo);
      }
      b.undo = null;
      b.modified = 0;
    }
    this.opModified.length = 0;
  }

  // ---- access ----
  /** The cached block, or throws MISS after starting what is needed to get it. */
  bread(block: number): Buf {
    const b = this.want(block);
    if (b === null) throw MISS;
    return b;
  }

  /** Like bread, but returns null on a miss (after starting the read) so callers can batch misses. */
  want(block: number): Buf | null {
    let b = this.bufs.get(block);
    if (b !== undefined) {
      this.touch(b);
      if (b.valid) {
        this.hits++;
        return b;
      }
      this.missChannel = block;
      return null;
    }
    this.misses++;
    b = this.slot(block);
    b.valid = false;
    this.touch(b);
    this.submit('read', b, b.data);
    this.missChannel = block;
    return null;
  }

  /** A block the operation will overwrite entirely (newly allocated, or a full-block write): no read. */
  bfresh(block: number, zero: boolean): Buf {
    const cached = this.bufs.get(block);
    if (cached !== undefined) {
      this.touch(cached);
      if (!cached.valid) {
        this.missChannel = block;
        throw MISS;
      }
      this.modify(cached);
      if (zero) cached.data.fill(0);
      return cached;
    }
    const b = this.slot(block);
    b.valid = true;
    b.fresh = true;
    b.modified = this.epoch;
    b.data.fill(0);
    this.touch(b);
    this.opModified.push(b);
    return b;
  }

  /** Declares that the running operation is about to change `b` (saves its undo copy once). */
  modify(b: Buf): void {
    if (b.modified === this.epoch) return;
    b.modified = this.epoch;
    const u = this.pool.pop() ?? new Uint8Array(this.blockSize);
    u.set(b.data);
    b.undo = u;
    this.opModified.push(b);
  }

  private touch(b: Buf): void {
    if (b.touched === this.epoch) return;
    b.touched = this.epoch;
    this.bufs.delete(b.block);
    this.bufs.set(b.block, b);
  }

  /** A Buf for `block` (not yet in the map's valid set): a new one, or an evicted clean one. */
  private slot(block: number): Buf {
    let b: Buf | undefined;
    if (this.bufs.size < this.capacity) {
      const data = new Uint8Array(this.blockSize);
      b = {
        block, data, view: new DataView(data.buffer), valid: false, readId: NONE, writeId: NONE, writeSnap: null,
        dirty: false, dirtiedAt: 0, touched: 0, modified: 0, undo: null, fresh: false,
      };
    } else {
      b = this.victim();
      this.bufs.delete(b.block);
      b.block = block;
      b.dirty = false;
      b.touched = 0;
    }
    this.bufs.set(block, b);
    return b;
  }

  /** The LRU clean, idle, unpinned Buf; otherwise starts or waits for what will make one (MISS). */
  private victim(): Buf {
    let dirty: Buf | null = null;
    let busy: Buf | null = null;
    for (const b of this.bufs.values()) {
      if (b.touched === this.epoch) continue;
      if (b.readId !== NONE || b.writeId !== NONE) {
        busy ??= b;
      } else if (b.dirty) {
        dirty ??= b;
      } else {
        return b;
      }
    }
    if (dirty !== null) {
      // Write a batch of the least recently used dirty blocks: one slot at a time would cost a disk
      // latency per block when a write-back cache is full of dirty data.
      const batch = Math.max(1, this.capacity >> 3);
      let n = 0;
      for (const b of this.bufs.values()) {
        if (n >= batch) break;
        if (b.touched !== this.epoch && b.dirty && this.writeBack(b)) n++;
      }
      this.missChannel = dirty.block;
      throw MISS;
    }
    if (busy !== null) {
      this.missChannel = busy.block;
      throw MISS;
    }
    throw new FsErrno(ENOMEM, `the operation needs more than the ${this.capacity} blocks of the buffer cache`);
  }

  // ---- disk traffic ----
  /** Submits a write of a dirty, idle Buf from a snapshot; returns false if a request is already in flight. */
  writeBack(b: Buf): boolean {
    if (b.writeId !== NONE || b.readId !== NONE || !b.valid) return false;
    const snap = this.pool.pop() ?? new Uint8Array(this.blockSize);
    snap.set(b.data);
    b.writeSnap = snap;
    b.dirty = false;
    this.submit('write', b, snap);
    return true;
  }

  /** Submits the read of an imported Buf whose predecessor's read is lost to us. */
  resubmitRead(b: Buf): void {
    this.submit('read', b, b.data);
  }

  private submit(op: DiskOp, b: Buf, buffer: Uint8Array): void {
    const id = this.disk.submit({ op, sector: b.block * this.sectorsPerBlock, count: this.sectorsPerBlock, buffer });
    if (op === 'read') {
      b.readId = id;
      this.diskReads++;
    } else {
      b.writeId = id;
      this.diskWrites++;
    }
    this.inflight.set(id, { op, buf: b });
  }

  /** Records the completion of request `id`; returns the Buf it concerned, or null for an unknown id. */
  complete(id: number): Buf | null {
    const r = this.inflight.get(id);
    if (r === undefined) return null;
    this.inflight.delete(id);
    const b = r.buf;
    if (r.op === 'read') {
      b.readId = NONE;
      b.valid = true;
    } else {
      b.writeId = NONE;
      if (b.writeSnap) this.pool.push(b.writeSnap);
      b.writeSnap = null;
      // Bufs imported above capacity shrink the cache as their writes complete (never a fresh read:
      // a process is waiting for it).
      if (this.bufs.size > this.capacity && !b.dirty) this.bufs.delete(b.block);
    }
    return b;
  }

  /** Adds a Buf from imported state (no capacity check: dirty and in-flight ones must be kept). */
  adopt(block: number, data: Uint8Array | null, dirty: boolean, dirtiedAt: number, readId: number, writeId: number): Buf {
    const bytes = new Uint8Array(this.blockSize);
    if (data) bytes.set(data);
    const b: Buf = {
      block, data: bytes, view: new DataView(bytes.buffer), valid: data !== null, readId, writeId, writeSnap: null,
      dirty, dirtiedAt, touched: 0, modified: 0, undo: null, fresh: false,
    };
    this.bufs.set(block, b);
    if (readId >= 0) this.inflight.set(readId, { op: 'read', buf: b });
    if (writeId >= 0) this.inflight.set(writeId, { op: 'write', buf: b });
    return b;
  }

  /** Adds a Buf whose read the predecessor issued: the disk fills `buffer` (taken by reference) and completes `id`. */
  adoptRead(block: number, id: number, buffer: Uint8Array): Buf {
    const b: Buf = {
      block, data: buffer, view: new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength), valid: false, readId: id,
      writeId: NONE, writeSnap: null, dirty: false, dirtiedAt: 0, touched: 0, modified: 0, undo: null, fresh: false,
    };
    this.bufs.set(block, b);
    this.inflight.set(id, { op: 'read', buf: b });
    return b;
  }

  dirtyCount(): number {
    let n = 0;
    for (const b of this.bufs.values()) if (b.dirty) n++;
    return n;
  }

  /** True when nothing is dirty and no request is in flight. */
  idle(): boolean {
    return this.inflight.size === 0 && this.dirtyCount() === 0 && ![...this.bufs.values()].some((b) => b.readId === READ_PENDING);
  }

  clear(): void {
    this.bufs.clear();
    this.inflight.clear();
  }
}
