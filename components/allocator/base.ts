// What every frame allocator shares: the owner table, the free count, the contract checks,
// stats, and the canonical export/import. A policy (one file per implementation) keeps its
// own index of free frames and answers takeOne / takeRun / give.
//
// Invariants (hold between any two public calls):
//   - owners.length === frames; owners[f] is the owner (≥ 0), FREE or RESERVED;
//   - freeCount === number of f with owners[f] === FREE;
//   - the policy's free index holds exactly the FREE frames (takeOne/takeRun return only
//     such frames and remove them from the index; give adds one back).
import type { AllocatorSnapshot, AllocatorStats, FrameAllocator } from './signature.js';
import { FREE, OWNER_MAX, RESERVED } from './signature.js';
import { AllocatorAttributeError, AllocatorError } from './errors.js';
import { decodeOwners, encodeOwners, parseReservedSpec, validateAllocatorState, type AllocatorState } from './state.js';
import { intAttribute } from './attributes.js';

export abstract class AllocatorBase implements FrameAllocator {
  abstract readonly policy: string;
  protected frames: number;
  protected owners: Int32Array;
  protected freeCount = 0;
  private readonly reservedSpec: string;

  // ---- what a policy provides ------------------------------------------------------------
  /** Removes some free frame from the index and returns it (called only when freeCount > 0). */
  protected abstract takeOne(): number;
  /** Removes `count` consecutive free frames from the index and returns the first, or -1. */
  protected abstract takeRun(count: number): number;
  /** Puts a frame that just became FREE back into the index. */
  protected abstract give(frame: number): void;
  /** Rebuilds the index from `owners` (construction and import). Must not throw. */
  protected abstract rebuild(): void;
  protected detail(): Record<string, number | number[]> {
    return {};
  }

  /** `frames` and `reserved` arrive as ADL attribute strings. */
  constructor(component: string, frames: string | number | undefined, reserved: string | undefined) {
    this.frames = intAttribute(component, 'frames', frames, 4096, 1);
    this.reservedSpec = reserved ?? '';
    this.owners = decodeOwners({ version: 1, policy: '', frames: this.frames, reserved: parseReservedSpec(reserved ?? '', this.frames, component), allocated: [] });
  }

  /** Subclasses call this at the end of their constructor, once their fields exist. */
  protected init(): void {
    this.countFree();
    this.rebuild();
  }

  /** Attribute controller hooks: the memory size and the reserved frames are fixed once booted. */
  setFrames(value: unknown): void {
    if (Number(value) !== this.frames) this.refuseAttribute('frames', value);
  }

  setReserved(value: unknown): void {
    if (String(value) !== this.reservedSpec) this.refuseAttribute('reserved', value);
  }

  private refuseAttribute(name: string, value: unknown): never {
    throw new AllocatorAttributeError(`${this.policy}: attribute '${name}' cannot change at run time (asked ${JSON.stringify(value)}); physical memory is what it is`);
  }

  // ---- the signature -----------------------------------------------------------------------
  alloc(owner: number): number {
    this.checkOwner('alloc', owner);
    if (this.freeCount === 0) return -1;
    const f = this.takeOne();
    if (f < 0) throw new AllocatorError(`${this.policy}.alloc: internal error: the free index is empty while ${this.freeCount} frames are free`);
    this.owners[f] = owner;
    this.freeCount--;
    return f;
  }

  allocContiguous(count: number, owner: number): number {
    this.checkOwner('allocContiguous', owner);
    if (!Number.isInteger(count) || count < 1) {
      throw new AllocatorError(`${this.policy}.allocContiguous: count must be an integer ≥ 1, got ${count}`);
    }
    if (count > this.freeCount) return -1;
    const start = this.takeRun(count);
    if (start === -1) return -1;
    this.owners.fill(owner, start, start + count);
    this.freeCount -= count;
    return start;
  }

  free(frame: number): void {
    if (!Number.isInteger(frame) || frame < 0 || frame >= this.frames) {
      throw new AllocatorError(`${this.policy}.free: frame ${frame} is out of range 0..${this.frames - 1}`);
    }
    const o = this.owners[frame]!;
    if (o < 0) throw new AllocatorError(`${this.policy}.free: frame ${frame} is ${o === FREE ? 'already free' : 'reserved'}; expected an allocated frame`);
    this.owners[frame] = FREE;
    this.freeCount++;
    this.give(frame);
  }

  freeAll(owner: number): number {
    this.checkOwner('freeAll', owner);
    const owners = this.owners;
    let n = 0;
    // TypedArray indexOf is a native scan, several times faster than a JS loop over the table.
    for (let f = owners.indexOf(owner); f !== -1; f = owners.indexOf(owner, f + 1)) {
      owners[f] = FREE;
      this.give(f);
      n++;
    }
    this.freeCount += n;
    return n;
  }

  ownerOf(frame: number): number {
    if (!Number.isInteger(frame) || frame < 0 || frame >= this.frames) {
      throw new AllocatorError(`${this.policy}.ownerOf: frame ${frame} is out of range 0..${this.frames - 1}`);
    }
    return this.owners[frame]!;
  }

  allocFrame(owner: number): number {
    return this.alloc(owner);
  }

  freeFrame(frame: number): void {
    this.free(frame);
  }

  stats(): AllocatorStats {
    let reserved = 0;
    let run = 0;
    let largest = 0;
    for (let f = 0; f < this.frames; f++) {
      const o = this.owners[f]!;
      if (o === FREE) {
        if (++run > largest) largest = run;
      } else {
        run = 0;
        if (o === RESERVED) reserved++;
      }
    }
    return { total: this.frames, free: this.freeCount, used: this.frames - this.freeCount - reserved, reserved, largestFreeRun: largest };
  }

  snapshot(): AllocatorSnapshot {
    const byOwner = new Map<number, number>();
    for (const o of this.owners) if (o >= 0) byOwner.set(o, (byOwner.get(o) ?? 0) + 1);
    const owners = [...byOwner].sort((a, b) => a[0] - b[0]).map(([owner, frames]) => ({ owner, frames }));
    return { policy: this.policy, ...this.stats(), owners, detail: this.detail() };
  }

  exportState(): AllocatorState {
    return { version: 1, policy: this.policy, frames: this.frames, ...encodeOwners(this.owners) };
  }

  importState(raw: unknown): void {
    const state = validateAllocatorState(raw);
    const owners = decodeOwners(state);
    // Nothing below throws: the old state is replaced only once the new one is known valid.
    let taken = 0;
    for (let i = 0; i < state.reserved.length; i++) taken += state.reserved[i]![1];
    for (let i = 0; i < state.allocated.length; i++) taken += state.allocated[i]![1];
    this.frames = state.frames;
    this.owners = owners;
    this.freeCount = state.frames - taken; // runs are disjoint (validated)
    this.rebuild();
  }

  // ---- internals -----------------------------------------------------------------------------
  private countFree(): void {
    const owners = this.owners;
    let n = 0;
    for (let f = 0; f < owners.length; f++) if (owners[f] === FREE) n++;
    this.freeCount = n;
  }

  private checkOwner(op: string, owner: number): void {
    if ((owner | 0) !== owner || owner < 0) {
      throw new AllocatorError(`${this.policy}.${op}: owner ${owner} is not an integer in 0..${OWNER_MAX}`);
    }
  }
}

/** Count trailing zeros of a non-zero 32-bit value. */
export function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}
