// A per-process address space: a two-level page table (1024 × 1024 entries, like Sv32) from
// virtual page number to frame, with r/w/x permissions, plus the kernel-side helpers that copy
// to and from guest memory and report faults instead of throwing.
// Invariants: an entry is 0 when unmapped, else (frame << 4) | VALID | perms; a vpn is mapped at
// most once; `version` increases whenever a mapping is removed or its permissions change, so a
// hart whose TLB was filled from this space knows it must flush (adding a mapping needs no flush:
// TLBs hold only mapped pages).
import { MachineConfigError } from './errors.js';
import { PAGE_MASK, PAGE_SHIFT, PAGE_SIZE, type PhysicalMemory } from './physical-memory.js';

export const PERM_R = 1;
export const PERM_W = 2;
export const PERM_X = 4;
export const PERM_RW = PERM_R | PERM_W;
export const PERM_RX = PERM_R | PERM_X;
export const PERM_RWX = PERM_R | PERM_W | PERM_X;
const VALID = 8;
const ENTRY_SHIFT = 4;

export function permString(perms: number): string {
  return `${perms & PERM_R ? 'r' : '-'}${perms & PERM_W ? 'w' : '-'}${perms & PERM_X ? 'x' : '-'}`;
}

export class AddressSpace {
  private readonly dir: Array<Int32Array | undefined> = new Array(1024).fill(undefined);
  /** Increases on unmap/protect; see the file comment. */
  version = 0;
  /** Number of mapped pages. */
  mappedPages = 0;
  /** The virtual address of the last fault reported by a helper (copyIn, copyOut, readCString...). */
  lastFault = 0;

  constructor(readonly phys: PhysicalMemory) {}

  /** The raw entry of a virtual page number (0 when unmapped). */
  entry(vpn: number): number {
    const t = this.dir[vpn >>> 10];
    return t === undefined ? 0 : t[vpn & 1023];
  }

  map(vaddr: number, frame: number, perms: number): void {
    this.phys.checkFrame(frame);
    const vpn = vaddr >>> PAGE_SHIFT;
    let t = this.dir[vpn >>> 10];
    if (t === undefined) t = this.dir[vpn >>> 10] = new Int32Array(1024);
    if (t[vpn & 1023] !== 0) {
      throw new MachineConfigError(`address space: page 0x${hex(vaddr & ~PAGE_MASK)} is already mapped; unmap it first`);
    }
    t[vpn & 1023] = (frame << ENTRY_SHIFT) | VALID | (perms & PERM_RWX);
    this.mappedPages++;
  }

  /** Removes the mapping of the page holding `vaddr`; returns its frame, or -1 if it was unmapped. */
  unmap(vaddr: number): number {
    const vpn = vaddr >>> PAGE_SHIFT;
    const t = this.dir[vpn >>> 10];
    if (t === undefined || t[vpn & 1023] === 0) return -1;
    const e = t[vpn & 1023];
    t[vpn & 1023] = 0;
    this.mappedPages--;
    this.version++;
    return e >>> ENTRY_SHIFT;
  }

  /** Changes the permissions of a mapped page; returns false if it is unmapped. */
  protect(vaddr: number, perms: number): boolean {
    const vpn = vaddr >>> PAGE_SHIFT;
    const t = this.dir[vpn >>> 10];
    if (t === undefined || t[vpn & 1023] === 0) return false;
    t[vpn & 1023] = (t[vpn & 1023] & ~PERM_RWX) | (perms & PERM_RWX);
    this.version++;
    return true;
  }

  /** Frame of the page holding `vaddr`, or -1. */
  frameOf(vaddr: number): number {
    const e = this.entry(vaddr >>> PAGE_SHIFT);
    return e === 0 ? -1 : e >>> ENTRY_SHIFT;
  }

  /** Permissions of the page holding `vaddr` (0 when unmapped). */
  permsOf(vaddr: number): number {
    return this.entry(vaddr >>> PAGE_SHIFT) & PERM_RWX;
  }

  /** Physical address of `vaddr` if its page grants every bit of `need`, else -1. */
  translate(vaddr: number, need: number): number {
    const e = this.entry(vaddr >>> PAGE_SHIFT);
    if (e === 0 || (e & need) !== need) return -1;
    return ((e >>> ENTRY_SHIFT) << PAGE_SHIFT) | (vaddr & PAGE_MASK);
  }

  /** Calls fn for every mapped page in ascending virtual order (for fork, teardown, dumps). */
  forEachPage(fn: (vaddr: number, frame: number, perms: number) => void): void {
    for (let d = 0; d < 1024; d++) {
      const t = this.dir[d];
      if (t === undefined) continue;
      for (let i = 0; i < 1024; i++) {
        const e = t[i];
        if (e !== 0) fn((((d << 10) | i) << PAGE_SHIFT) >>> 0, e >>> ENTRY_SHIFT, e & PERM_RWX);
      }
    }
  }

  /**
   * Copies `len` guest bytes at `vaddr` into `dst[dstOff..]`. Needs read permission (or `need`).
   * Returns false on a fault, with `lastFault` set to the first inaccessible address; bytes before
   * it may have been copied.
   */
  copyIn(vaddr: number, dst: Uint8Array, dstOff = 0, len = dst.length - dstOff, need = PERM_R): boolean {
    const u8 = this.phys.u8;
    let done = 0;
    while (done < len) {
      const va = (vaddr + done) >>> 0;
      const pa = this.translate(va, need);
      if (pa < 0) return this.fault(va);
      const n = Math.min(len - done, PAGE_SIZE - (va & PAGE_MASK));
      dst.set(u8.subarray(pa, pa + n), dstOff + done);
      done += n;
    }
    return true;
  }

  /**
   * Copies `src[srcOff..srcOff+len]` to guest memory at `vaddr`. Needs write permission unless
   * `need` says otherwise (the loader passes 0 to fill read-only pages). Returns false on a fault
   * (`lastFault` set); nothing is written unless every page is accessible.
   */
  copyOut(vaddr: number, src: Uint8Array, srcOff = 0, len = src.length - srcOff, need = PERM_W): boolean {
    for (let va = vaddr >>> 0, end = (vaddr >>> 0) + len; va < end; va = ((va >>> PAGE_SHIFT) + 1) << PAGE_SHIFT >>> 0) {
      if (this.translate(va, need) < 0) return this.fault(va);
      if (va >= 0xfffff000) break;
    }
    const u8 = this.phys.u8;
    let done = 0;
    while (done < len) {
      const va = (vaddr + done) >>> 0;
      const pa = this.translate(va, need);
      const n = Math.min(len - done, PAGE_SIZE - (va & PAGE_MASK));
      this.phys.noteWrite(pa >>> PAGE_SHIFT);
      u8.set(src.subarray(srcOff + done, srcOff + done + n), pa);
      done += n;
    }
    return true;
  }

  /** Fills guest memory with zeros (same rules as copyOut). */
  zero(vaddr: number, len: number, need = PERM_W): boolean {
    let done = 0;
    while (done < len) {
      const va = (vaddr + done) >>> 0;
      const pa = this.translate(va, need);
      if (pa < 0) return this.fault(va);
      const n = Math.min(len - done, PAGE_SIZE - (va & PAGE_MASK));
      this.phys.noteWrite(pa >>> PAGE_SHIFT);
      this.phys.u8.fill(0, pa, pa + n);
      done += n;
    }
    return true;
  }

  /** A 32-bit little-endian word, or undefined on a fault (`lastFault` set). */
  readU32(vaddr: number): number | undefined {
    if ((vaddr & 3) === 0) {
      const pa = this.translate(vaddr, PERM_R);
      if (pa < 0) {
        this.fault(vaddr >>> 0);
        return undefined;
      }
      return this.phys.i32[pa >> 2] >>> 0;
    }
    if (!this.copyIn(vaddr, scratch4, 0, 4)) return undefined;
    return (scratch4[0] | (scratch4[1] << 8) | (scratch4[2] << 16) | (scratch4[3] << 24)) >>> 0;
  }

  writeU32(vaddr: number, value: number): boolean {
    scratch4[0] = value;
    scratch4[1] = value >>> 8;
    scratch4[2] = value >>> 16;
    scratch4[3] = value >>> 24;
    return this.copyOut(vaddr, scratch4, 0, 4);
  }

  /**
   * The NUL-terminated string at `vaddr` as bytes (without the NUL), or undefined on a fault or when
   * no NUL appears within `max` bytes (then `lastFault` is vaddr + max).
   */
  readCStringBytes(vaddr: number, max = 4096): Uint8Array | undefined {
    const u8 = this.phys.u8;
    let len = 0;
    while (len < max) {
      const va = (vaddr + len) >>> 0;
      const pa = this.translate(va, PERM_R);
      if (pa < 0) {
        this.fault(va);
        return undefined;
      }
      const n = Math.min(max - len, PAGE_SIZE - (va & PAGE_MASK));
      const z = u8.subarray(pa, pa + n).indexOf(0);
      if (z >= 0) {
        const out = new Uint8Array(len + z);
        this.copyIn(vaddr, out);
        return out;
      }
      len += n;
    }
    this.fault((vaddr + max) >>> 0);
    return undefined;
  }

  /** readCStringBytes decoded as UTF-8. */
  readCString(vaddr: number, max = 4096): string | undefined {
    const b = this.readCStringBytes(vaddr, max);
    return b === undefined ? undefined : utf8.decode(b);
  }

  private fault(va: number): false {
    this.lastFault = va >>> 0;
    return false;
  }
}

const scratch4 = new Uint8Array(4);
const utf8 = new TextDecoder();

export function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
