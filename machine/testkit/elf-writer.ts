// Builds small ELF32 RISC-V executables in memory for tests (valid by default; tests corrupt fields).
export interface SegmentSpec {
  vaddr: number;
  /** PF_R=4, PF_W=2, PF_X=1. */
  flags: number;
  data: Uint8Array;
  memsz?: number;
}

export function makeElf(entry: number, segments: SegmentSpec[]): Uint8Array {
  const phoff = 52;
  let off = phoff + 32 * segments.length;
  const offsets = segments.map((s) => {
    off = Math.ceil(off / 16) * 16;
    const o = off;
    off += s.data.length;
    return o;
  });
  const b = new Uint8Array(off);
  const dv = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, 243, true); // EM_RISCV
  dv.setUint32(20, 1, true);
  dv.setUint32(24, entry, true);
  dv.setUint32(28, phoff, true);
  dv.setUint16(40, 52, true);
  dv.setUint16(42, 32, true);
  dv.setUint16(44, segments.length, true);
  segments.forEach((s, i) => {
    const p = phoff + 32 * i;
    dv.setUint32(p, 1, true); // PT_LOAD
    dv.setUint32(p + 4, offsets[i], true);
    dv.setUint32(p + 8, s.vaddr, true);
    dv.setUint32(p + 12, s.vaddr, true);
    dv.setUint32(p + 16, s.data.length, true);
    dv.setUint32(p + 20, s.memsz ?? s.data.length, true);
    dv.setUint32(p + 24, s.flags, true);
    dv.setUint32(p + 28, 4096, true);
    b.set(s.data, offsets[i]);
  });
  return b;
}
