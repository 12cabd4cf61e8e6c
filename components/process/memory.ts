// Address-space operations of the process manager: mapping zeroed page ranges from the frame
// allocator (all or nothing), unmapping ranges back to it, and copying a whole space for fork.
// Frames are owned by the pid they are mapped for; every frame taken is either mapped or given back.
import { PERM_RWX, type AddressSpace } from '../../machine/address-space.js';
import { PAGE_SIZE } from '../../machine/physical-memory.js';

/** The part of the frame allocator the process manager uses. */
export interface Frames {
  alloc(owner: number): number;
  free(frame: number): void;
}

/** Maps zeroed pages over [start, end) (page-aligned); on out-of-memory maps nothing and returns false. */
export function mapZeroed(space: AddressSpace, frames: Frames, start: number, end: number, perms: number, owner: number): boolean {
  const done: number[] = [];
  for (let va = start; va < end; va += PAGE_SIZE) {
    const f = frames.alloc(owner);
    if (f < 0) {
      for (const v of done) frames.free(space.unmap(v));
      return false;
    }
    space.phys.zeroFrame(f);
    space.map(va, f, perms & PERM_RWX);
    done.push(va);
  }
  return true;
}

/** Unmaps every mapped page in [start, end) and frees its frame; returns how many pages. */
export function unmapRange(space: AddressSpace, frames: Frames, start: number, end: number): number {
  let n = 0;
  for (let va = start; va < end; va += PAGE_SIZE) {
    const f = space.unmap(va);
    if (f >= 0) {
      frames.free(f);
      n++;
    }
  }
  return n;
}

/** Unmaps everything and frees every frame. */
export function releaseSpace(space: AddressSpace, frames: Frames): void {
  const pages: number[] = [];
  space.forEachPage((va) => pages.push(va));
  for (const va of pages) frames.free(space.unmap(va));
}

/** True when no page of [start, end) is mapped. */
export function isFree(space: AddressSpace, start: number, end: number): boolean {
  for (let va = start; va < end; va += PAGE_SIZE) if (space.entry(va >>> 12) !== 0) return false;
  return true;
}

/** Copies every page of `from` into `to` (fresh frames owned by `owner`); false (and `to` emptied) on OOM. */
export function copySpace(from: AddressSpace, to: AddressSpace, frames: Frames, owner: number): boolean {
  let ok = true;
  from.forEachPage((va, frame, perms) => {
    if (!ok) return;
    const f = frames.alloc(owner);
    if (f < 0) {
      ok = false;
      return;
    }
    to.phys.copyFrame(f, frame);
    to.map(va, f, perms);
  });
  if (!ok) releaseSpace(to, frames);
  return ok;
}

export const pageUp = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
export const pageDown = (a: number): number => Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
