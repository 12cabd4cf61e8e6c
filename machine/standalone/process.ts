// The single process of the standalone runner: its address space, program break and mmap
// bump pointer. Invariants: [brkStart, pageUp(brk)) is mapped read-write; mmap regions are placed
// at or above MMAP_BASE and below STACK_LIMIT; every mapped page owns exactly one frame.
import { AddressSpace, PERM_RW } from '../address-space.js';
import type { FrameSource } from '../frame-source.js';
import { MMAP_BASE, STACK_LIMIT } from '../layout.js';
import { PAGE_SIZE } from '../physical-memory.js';

export const pageUp = (n: number) => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;

export class StandaloneProcess {
  brk: number;
  private mmapNext = MMAP_BASE;

  constructor(
    readonly space: AddressSpace,
    readonly frames: FrameSource,
    readonly pid: number,
    readonly brkStart: number,
  ) {
    this.brk = brkStart;
  }

  /** Maps a zeroed page; false when out of frames. */
  mapZero(va: number, perms: number): boolean {
    const f = this.frames.allocFrame(this.pid);
    if (f < 0) return false;
    this.space.phys.zeroFrame(f);
    this.space.map(va, f, perms);
    return true;
  }

  unmapPage(va: number): void {
    const f = this.space.unmap(va);
    if (f >= 0) this.frames.freeFrame(f);
  }

  /** Linux brk: returns the new break, or the old one when the request cannot be met. */
  setBrk(addr: number): number {
    if (addr < this.brkStart) return this.brk;
    const oldTop = pageUp(this.brk);
    const newTop = pageUp(addr);
    if (newTop > oldTop) {
      if (newTop > MMAP_BASE) return this.brk;
      for (let va = oldTop; va < newTop; va += PAGE_SIZE) if (this.space.entry(va / PAGE_SIZE) !== 0) return this.brk;
      for (let va = oldTop; va < newTop; va += PAGE_SIZE) {
        if (!this.mapZero(va, PERM_RW)) {
          for (let u = oldTop; u < va; u += PAGE_SIZE) this.unmapPage(u);
          return this.brk;
        }
      }
    } else for (let va = newTop; va < oldTop; va += PAGE_SIZE) this.unmapPage(va);
    this.brk = addr;
    return addr;
  }

  /** Anonymous mapping of `len` bytes; returns the address or a negative errno. */
  mmapAnon(addr: number, len: number, perms: number, fixed: boolean): number {
    const size = pageUp(len);
    if (len <= 0) return -22; // EINVAL
    let base: number;
    if (fixed) {
      if (addr % PAGE_SIZE !== 0) return -22;
      base = addr;
      for (let va = base; va < base + size; va += PAGE_SIZE) this.unmapPage(va);
    } else {
      base = this.mmapNext;
      // Skip over anything already mapped (MAP_FIXED mappings may sit here).
      for (let va = base; va < base + size; va += PAGE_SIZE) {
        if (this.space.entry(va / PAGE_SIZE) !== 0) {
          base = va + PAGE_SIZE;
        }
      }
      if (base + size > STACK_LIMIT) return -12; // ENOMEM
      this.mmapNext = base + size;
    }
    for (let va = base; va < base + size; va += PAGE_SIZE) {
      if (!this.mapZero(va, perms)) {
        for (let u = base; u < va; u += PAGE_SIZE) this.unmapPage(u);
        return -12;
      }
    }
    return base;
  }

  munmap(addr: number, len: number): number {
    if (addr % PAGE_SIZE !== 0 || len <= 0) return -22;
    for (let va = addr; va < addr + pageUp(len); va += PAGE_SIZE) this.unmapPage(va);
    return 0;
  }
}
