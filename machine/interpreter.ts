// The reference interpreter: executes guest code one instruction at a time, decoding each word
// from physical memory, with exactly the semantics of translate.ts (the differential tests run
// both). The hart uses it for cold code: a block is translated to JavaScript only once it has run
// a few times, so short programs do not pay for compiling code they run once.
//
// Contract (the same as a translated block): `run(pc, pa, budget)` starts at virtual pc / physical
// pa, retires at most `budget` (>= 1) instructions, stops after the first control transfer,
// ecall/ebreak, fence.i, trap or at the page end, sets `h.pc` and returns the number retired.
import type { Hart } from './hart.js';
import { TLB_MASK } from './tlb.js';
import { div, divu, mulh, mulhsu, mulhu, rem, remu } from './translate.js';

export interface InterpreterState {
  regs: Int32Array;
  rTag: Int32Array;
  rPa: Int32Array;
  wTag: Int32Array;
  wPa: Int32Array;
}

export class Interpreter {
  constructor(
    private readonly h: Hart,
    private readonly s: InterpreterState,
  ) {}

  run(pc: number, pa: number, budget: number): number {
    const h = this.h;
    const r = this.s.regs;
    const RT = this.s.rTag, RP = this.s.rPa, WT = this.s.wTag, WP = this.s.wPa;
    const mem = h.phys;
    const M8 = mem.i8, MU8 = mem.u8, M16 = mem.i16, MU16 = mem.u16, M32 = mem.i32;
    let n = 0;
    for (;;) {
      const w = M32[pa >> 2];
      const op = w & 0x7f;
      const rd = (w >> 7) & 31;
      const f3 = (w >> 12) & 7;
      const a1 = r[(w >> 15) & 31];
      const a2 = r[(w >> 20) & 31];
      let v = 0;
      let write = true;
      switch (op) {
        case 0x37: v = w & -4096; break;
        case 0x17: v = (pc + (w & -4096)) | 0; break;
        case 0x6f: { // JAL
          const imm = ((w >> 31) << 20) | (((w >> 12) & 255) << 12) | (((w >> 20) & 1) << 11) | (((w >> 21) & 1023) << 1);
          const target = (pc + imm) | 0;
          if (imm & 2) return this.trap(pc, n, 0, target);
          if (rd !== 0) r[rd] = (pc + 4) | 0;
          h.pc = target;
          return n + 1;
        }
        case 0x67: { // JALR
          if (f3 !== 0) return this.trap(pc, n, 2, w);
          const target = (a1 + (w >> 20)) & -2;
          if (target & 2) return this.trap(pc, n, 0, target);
          if (rd !== 0) r[rd] = (pc + 4) | 0;
          h.pc = target;
          return n + 1;
        }
        case 0x63: { // BRANCH
          let taken: boolean;
          switch (f3) {
            case 0: taken = a1 === a2; break;
            case 1: taken = a1 !== a2; break;
            case 4: taken = a1 < a2; break;
            case 5: taken = a1 >= a2; break;
            case 6: taken = a1 >>> 0 < a2 >>> 0; break;
            case 7: taken = a1 >>> 0 >= a2 >>> 0; break;
            default: return this.trap(pc, n, 2, w);
          }
          if (taken) {
            const imm = ((w >> 31) << 12) | (((w >> 7) & 1) << 11) | (((w >> 25) & 63) << 5) | (((w >> 8) & 15) << 1);
            const target = (pc + imm) | 0;
            if (imm & 2) return this.trap(pc, n, 0, target);
            h.pc = target;
            return n + 1;
          }
          write = false;
          break;
        }
        case 0x03: { // LOAD
          const a = (a1 + (w >> 20)) | 0;
          const t = (a >>> 12) & TLB_MASK;
          switch (f3) {
            case 0: v = RT[t] === (a & -4096) ? M8[RP[t] | (a & 4095)] : h.loadSlow(a, 0); break;
            case 1: v = RT[t] === (a & -4095) ? M16[(RP[t] | (a & 4095)) >> 1] : h.loadSlow(a, 1); break;
            case 2: v = RT[t] === (a & -4093) ? M32[(RP[t] | (a & 4095)) >> 2] : h.loadSlow(a, 2); break;
            case 4: v = RT[t] === (a & -4096) ? MU8[RP[t] | (a & 4095)] : h.loadSlow(a, 4); break;
            case 5: v = RT[t] === (a & -4095) ? MU16[(RP[t] | (a & 4095)) >> 1] : h.loadSlow(a, 5); break;
            default: return this.trap(pc, n, 2, w);
          }
          if (h.trapPending) {
            h.pc = pc;
            return n;
          }
          break;
        }
        case 0x23: { // STORE
          const a = (a1 + (((w >> 25) << 5) | ((w >> 7) & 31))) | 0;
          const t = (a >>> 12) & TLB_MASK;
          switch (f3) {
            case 0: if (WT[t] === (a & -4096)) M8[WP[t] | (a & 4095)] = a2; else h.storeSlow(a, a2, 0); break;
            case 1: if (WT[t] === (a & -4095)) M16[(WP[t] | (a & 4095)) >> 1] = a2; else h.storeSlow(a, a2, 1); break;
            case 2: if (WT[t] === (a & -4093)) M32[(WP[t] | (a & 4095)) >> 2] = a2; else h.storeSlow(a, a2, 2); break;
            default: return this.trap(pc, n, 2, w);
          }
          if (h.trapPending) {
            h.pc = pc;
            return n;
          }
          write = false;
          break;
        }
        case 0x13: { // OP-IMM
          const imm = w >> 20;
          const sh = imm & 31;
          switch (f3) {
            case 0: v = (a1 + imm) | 0; break;
            case 2: v = a1 < imm ? 1 : 0; break;
            case 3: v = a1 >>> 0 < imm >>> 0 ? 1 : 0; break;
            case 4: v = a1 ^ imm; break;
            case 6: v = a1 | imm; break;
            case 7: v = a1 & imm; break;
            case 1:
              if (w >>> 25 !== 0) return this.trap(pc, n, 2, w);
              v = a1 << sh;
              break;
            default: // 5
              if (w >>> 25 === 0) v = (a1 >>> sh) | 0;
              else if (w >>> 25 === 0x20) v = a1 >> sh;
              else return this.trap(pc, n, 2, w);
          }
          break;
        }
        case 0x33: { // OP and M
          const f7 = w >>> 25;
          if (f7 === 0) {
            switch (f3) {
              case 0: v = (a1 + a2) | 0; break;
              case 1: v = a1 << (a2 & 31); break;
              case 2: v = a1 < a2 ? 1 : 0; break;
              case 3: v = a1 >>> 0 < a2 >>> 0 ? 1 : 0; break;
              case 4: v = a1 ^ a2; break;
              case 5: v = (a1 >>> (a2 & 31)) | 0; break;
              case 6: v = a1 | a2; break;
              default: v = a1 & a2;
            }
          } else if (f7 === 0x20 && f3 === 0) v = (a1 - a2) | 0;
          else if (f7 === 0x20 && f3 === 5) v = a1 >> (a2 & 31);
          else if (f7 === 1) {
            switch (f3) {
              case 0: v = Math.imul(a1, a2); break;
              case 1: v = mulh(a1, a2); break;
              case 2: v = mulhsu(a1, a2); break;
              case 3: v = mulhu(a1, a2); break;
              case 4: v = div(a1, a2); break;
              case 5: v = divu(a1, a2); break;
              case 6: v = rem(a1, a2); break;
              default: v = remu(a1, a2);
            }
          } else return this.trap(pc, n, 2, w);
          break;
        }
        case 0x0f: // MISC-MEM
          if (f3 === 1) { // fence.i ends the block
            h.pc = (pc + 4) | 0;
            return n + 1;
          }
          if (f3 !== 0) return this.trap(pc, n, 2, w);
          write = false;
          break;
        case 0x73: { // SYSTEM
          if (f3 === 0) {
            if (w !== 0x00000073 && w !== 0x00100073) return this.trap(pc, n, 2, w);
            h.pc = pc;
            h.raise(w === 0x73 ? 8 : 3, 0);
            return n + 1;
          }
          const csr = w >>> 20;
          if (!((f3 === 2 || f3 === 3 || f3 === 6 || f3 === 7) && ((w >> 15) & 31) === 0)) return this.trap(pc, n, 2, w);
          const now = h.cycle + n;
          if (csr === 0xc00 || csr === 0xc01 || csr === 0xc02) v = (now % 4294967296) | 0;
          else if (csr === 0xc80 || csr === 0xc81 || csr === 0xc82) v = Math.floor(now / 4294967296) | 0;
          else return this.trap(pc, n, 2, w);
          break;
        }
        default:
          return this.trap(pc, n, 2, w);
      }
      if (write && rd !== 0) r[rd] = v;
      n++;
      pc = (pc + 4) | 0;
      pa += 4;
      if ((pa & 4095) === 0 || n >= budget) {
        h.pc = pc;
        return n;
      }
    }
  }

  /** A trap at the current instruction (it does not retire). */
  private trap(pc: number, n: number, cause: number, tval: number): number {
    this.h.pc = pc;
    this.h.raise(cause, tval);
    return n;
  }
}
