// Translation of guest code to JavaScript: one function per superblock, a single-entry path of at
// most MAX_BLOCK instructions inside one page. Conditional branches are side exits (the path
// continues with the fall-through), a jal within the page is followed, and the path ends at
// jalr, ecall/ebreak, fence.i, an illegal instruction or the page end. This is the machine's
// execution engine; a block of length 1 is the single-step form used near interrupt and budget
// boundaries.
//
// A block function is `(pc, budget) => retired`: pc is the virtual address of its first
// instruction (code is pc-relative, so one function serves every copy of the same code), budget
// the number of instructions it may retire. It sets `h.pc` to the next pc and returns the number of
// instructions retired. On a trap it leaves `h.pc` at the trapping instruction, with the cause in
// `h.trapCause`/`h.trapValue` and `h.trapPending` set; faulting instructions do not retire,
// ecall/ebreak do. `len` is the longest path; the caller enters only when len <= budget. An exit
// back to the block's own start loops in place while `retired + len <= budget`, so interrupts
// still fall at exact cycles.
//
// Exactness (RISC-V unprivileged spec, user mode, as qemu-riscv32 behaves): x0 is never written;
// division by zero gives -1 (quotient) and the dividend (remainder); MIN/-1 gives MIN and 0;
// shifts use the low 5 bits; misaligned loads and stores are performed (qemu-user does this, see
// docs/machine.md); a taken jump or branch to an address that is not 4-byte aligned traps
// (InstructionMisaligned) at the jump; CSR reads of cycle/time/instret(+h) return the emulated
// cycle count; every other CSR access, and any unassigned encoding, is an illegal instruction.

import { TLB_MASK } from './tlb.js';

export const MAX_BLOCK = 64;

/** Reads instruction words from physical memory; `pa` is 4-aligned. */
export interface CodeSource {
  i32: Int32Array;
}

export interface BlockSource {
  /** JavaScript body of `function (pc, budget)`. */
  body: string;
  /** Instructions in the block (the last may be one that always traps). */
  len: number;
}

const reg = (i: number) => (i === 0 ? '0' : `r[${i}]`);

/**
 * Generates the body of the block starting at physical address `pa`, with at most `maxLen`
 * instructions, none beyond the end of pa's page.
 */
export function generateBlock(code: CodeSource, pa: number, maxLen: number): BlockSource {
  const out: string[] = [];
  const ctx: EmitContext = { startOff: pa & 4095, loops: false, jumpTo: 0 };
  let cur = 0; // byte offset of the next instruction from the block's first one (negative after a backward jal)
  let k = 0; // instructions on the path so far
  for (;;) {
    if (k >= maxLen || ctx.startOff + cur < 0 || ctx.startOff + cur >= 4096) {
      out.push(`h.pc = (pc + ${cur}) | 0; return n + ${k};`);
      break;
    }
    const r = emit(code.i32[(pa + cur) >> 2], k, cur, out, ctx);
    k++;
    if (r === END) break;
    cur = r === JUMP ? ctx.jumpTo : cur + 4;
  }
  const body = out.join('\n').replaceAll('__LEN__', String(k));
  const vars = 'let n = 0, a = 0, v = 0, t = 0, x = 0;\n';
  return { body: ctx.loops ? `${vars}for (;;) {\n${body}\n}` : vars + body, len: k };
}

const CONTINUE = 0;
const END = 1;
const JUMP = 2;

interface EmitContext {
  /** Page offset of the block's first instruction (the block never leaves that page). */
  startOff: number;
  /** Set when some exit jumps back to the block's start: the body is wrapped in a loop. */
  loops: boolean;
  /** Offset to continue at after a JUMP. */
  jumpTo: number;
}

/**
 * Emits instruction `w`, the k-th on the path, at byte offset `here` from the block start.
 * Conditional branches become side exits (the path continues with the fall-through); a jal
 * inside the page is followed; an exit back to the block start loops while the budget allows.
 */
function emit(w: number, k: number, here: number, out: string[], ctx: EmitContext): number {
  const op = w & 0x7f;
  const rd = (w >> 7) & 31;
  const f3 = (w >> 12) & 7;
  const rs1 = (w >> 15) & 31;
  const rs2 = (w >> 20) & 31;
  const f7 = w >>> 25;
  const trapExit = `{ h.pc = (pc + ${here}) | 0; return n + ${k}; }`;
  const illegal = () => {
    out.push(`h.raise(2, ${w | 0}); ${trapExit}`);
    return END;
  };
  const set = (expr: string) => {
    if (rd !== 0) out.push(`r[${rd}] = ${expr};`);
  };
  const a1 = reg(rs1);
  const a2 = reg(rs2);
  switch (op) {
    case 0x37: // LUI
      set(`${w & -4096}`);
      return CONTINUE;
    case 0x17: // AUIPC
      set(`(pc + ${here + (w & -4096)}) | 0`);
      return CONTINUE;
    case 0x6f: { // JAL
      const imm = ((w >> 31) << 20) | (((w >> 12) & 255) << 12) | (((w >> 20) & 1) << 11) | (((w >> 21) & 1023) << 1);
      const target = here + imm;
      if (imm & 2) {
        out.push(`h.raise(0, (pc + ${target}) | 0); ${trapExit}`);
        return END;
      }
      set(`(pc + ${here + 4}) | 0`);
      if (target === 0) {
        ctx.loops = true;
        out.push(`n += ${k + 1}; if (n + __LEN__ <= budget) continue; h.pc = pc; return n;`);
        return END;
      }
      if (ctx.startOff + target >= 0 && ctx.startOff + target < 4096) {
        ctx.jumpTo = target;
        return JUMP;
      }
      out.push(`h.pc = (pc + ${target}) | 0; return n + ${k + 1};`);
      return END;
    }
    case 0x67: { // JALR
      if (f3 !== 0) return illegal();
      const imm = w >> 20;
      out.push(`t = (${a1} + ${imm}) & -2;`);
      out.push(`if (t & 2) { h.raise(0, t); ${trapExit} }`);
      set(`(pc + ${here + 4}) | 0`);
      out.push(`h.pc = t; return n + ${k + 1};`);
      return END;
    }
    case 0x63: { // BRANCH
      const imm = ((w >> 31) << 12) | (((w >> 7) & 1) << 11) | (((w >> 25) & 63) << 5) | (((w >> 8) & 15) << 1);
      let cond: string;
      switch (f3) {
        case 0: cond = `${a1} === ${a2}`; break;
        case 1: cond = `${a1} !== ${a2}`; break;
        case 4: cond = `${a1} < ${a2}`; break;
        case 5: cond = `${a1} >= ${a2}`; break;
        case 6: cond = `(${a1} >>> 0) < (${a2} >>> 0)`; break;
        case 7: cond = `(${a1} >>> 0) >= (${a2} >>> 0)`; break;
        default: return illegal();
      }
      const target = here + imm;
      if (imm & 2) out.push(`if (${cond}) { h.raise(0, (pc + ${target}) | 0); ${trapExit} }`);
      else if (target === 0) {
        ctx.loops = true;
        out.push(`if (${cond}) { n += ${k + 1}; if (n + __LEN__ <= budget) continue; h.pc = pc; return n; }`);
      } else out.push(`if (${cond}) { h.pc = (pc + ${target}) | 0; return n + ${k + 1}; }`);
      return CONTINUE;
    }
    case 0x03: { // LOAD
      const imm = w >> 20;
      // The TLB tag is the page's base address: masking the address with the page bits plus the
      // alignment bits checks the page and the alignment in one comparison.
      let fast: string;
      let mask = -4096;
      switch (f3) {
        case 0: fast = 'M8[RP[t] | (a & 4095)]'; break;
        case 1: fast = 'M16[(RP[t] | (a & 4095)) >> 1]'; mask = -4095; break;
        case 2: fast = 'M32[(RP[t] | (a & 4095)) >> 2]'; mask = -4093; break;
        case 4: fast = 'MU8[RP[t] | (a & 4095)]'; break;
        case 5: fast = 'MU16[(RP[t] | (a & 4095)) >> 1]'; mask = -4095; break;
        default: return illegal();
      }
      out.push(`a = (${a1} + ${imm}) | 0; t = (a >>> 12) & ${TLB_MASK};`);
      out.push(`if (RT[t] === (a & ${mask})) x = ${fast};`);
      out.push(`else { x = h.loadSlow(a, ${f3}); if (h.trapPending) ${trapExit} }`);
      set('x');
      return CONTINUE;
    }
    case 0x23: { // STORE
      const imm = ((w >> 25) << 5) | ((w >> 7) & 31);
      let fast: string;
      let mask = -4096;
      switch (f3) {
        case 0: fast = `M8[WP[t] | (a & 4095)] = ${a2}`; break;
        case 1: fast = `M16[(WP[t] | (a & 4095)) >> 1] = ${a2}`; mask = -4095; break;
        case 2: fast = `M32[(WP[t] | (a & 4095)) >> 2] = ${a2}`; mask = -4093; break;
        default: return illegal();
      }
      out.push(`a = (${a1} + ${imm}) | 0; t = (a >>> 12) & ${TLB_MASK};`);
      out.push(`if (WT[t] === (a & ${mask})) ${fast};`);
      out.push(`else { h.storeSlow(a, ${a2}, ${f3}); if (h.trapPending) ${trapExit} }`);
      return CONTINUE;
    }
    case 0x13: { // OP-IMM
      const imm = w >> 20;
      switch (f3) {
        case 0: set(`(${a1} + ${imm}) | 0`); break;
        case 2: set(`${a1} < ${imm} ? 1 : 0`); break;
        case 3: set(`(${a1} >>> 0) < ${imm >>> 0} ? 1 : 0`); break;
        case 4: set(`${a1} ^ ${imm}`); break;
        case 6: set(`${a1} | ${imm}`); break;
        case 7: set(`${a1} & ${imm}`); break;
        case 1:
          if (f7 !== 0) return illegal();
          set(`${a1} << ${rs2}`);
          break;
        case 5:
          if (f7 === 0) set(`(${a1} >>> ${rs2}) | 0`);
          else if (f7 === 0x20) set(`${a1} >> ${rs2}`);
          else return illegal();
          break;
      }
      return CONTINUE;
    }
    case 0x33: { // OP and M
      let e: string | undefined;
      if (f7 === 0) {
        e = [`(${a1} + ${a2}) | 0`, `${a1} << (${a2} & 31)`, `${a1} < ${a2} ? 1 : 0`, `(${a1} >>> 0) < (${a2} >>> 0) ? 1 : 0`,
          `${a1} ^ ${a2}`, `(${a1} >>> (${a2} & 31)) | 0`, `${a1} | ${a2}`, `${a1} & ${a2}`][f3];
      } else if (f7 === 0x20) {
        if (f3 === 0) e = `(${a1} - ${a2}) | 0`;
        else if (f3 === 5) e = `${a1} >> (${a2} & 31)`;
      } else if (f7 === 1) {
        e = [`Math.imul(${a1}, ${a2})`, `mulh(${a1}, ${a2})`, `mulhsu(${a1}, ${a2})`, `mulhu(${a1}, ${a2})`,
          `div(${a1}, ${a2})`, `divu(${a1}, ${a2})`, `rem(${a1}, ${a2})`, `remu(${a1}, ${a2})`][f3];
      }
      if (e === undefined) return illegal();
      set(e);
      return CONTINUE;
    }
    case 0x0f: // MISC-MEM
      if (f3 === 0) return CONTINUE; // fence: one hart, no devices in the address space
      if (f3 === 1) { // fence.i: end the block so the next fetch sees code written before it
        out.push(`h.pc = (pc + ${here + 4}) | 0; return n + ${k + 1};`);
        return END;
      }
      return illegal();
    case 0x73: { // SYSTEM
      if (f3 === 0) {
        if (w === 0x00000073 || w === 0x00100073) {
          out.push(`h.pc = (pc + ${here}) | 0; h.raise(${w === 0x73 ? 8 : 3}, 0); return n + ${k + 1};`);
          return END;
        }
        return illegal();
      }
      const csr = w >>> 20;
      // Only reads of the user counters; csrrs/csrrc with rs1 = x0 (or csrrsi/csrrci with 0) do not write.
      const readOnly = (f3 === 2 || f3 === 3 || f3 === 6 || f3 === 7) && rs1 === 0;
      if (!readOnly) return illegal();
      const now = `(h.cycle + n + ${k})`;
      if (csr === 0xc00 || csr === 0xc01 || csr === 0xc02) set(`(${now} % 4294967296) | 0`);
      else if (csr === 0xc80 || csr === 0xc81 || csr === 0xc82) set(`Math.floor(${now} / 4294967296) | 0`);
      else return illegal();
      return CONTINUE;
    }
    default:
      return illegal();
  }
}

// M-extension helpers the generated code calls (exact 32×32→64 high parts without BigInt).
export function mulhu(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}
export function mulh(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}
export function div(a: number, b: number): number {
  if (b === 0) return -1;
  if (a === -2147483648 && b === -1) return a;
  return (a / b) | 0;
}
export function divu(a: number, b: number): number {
  if (b === 0) return -1;
  return ((a >>> 0) / (b >>> 0)) | 0;
}
export function rem(a: number, b: number): number {
  if (b === 0) return a;
  if (b === -1) return 0;
  return (a % b) | 0;
}
export function remu(a: number, b: number): number {
  if (b === 0) return a;
  return ((a >>> 0) % (b >>> 0)) | 0;
}
