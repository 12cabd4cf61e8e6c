// Translation of guest code regions to WebAssembly (issue 11). A region is a contiguous run of at
// most MAX_REGION instructions inside one page, starting at a hot entry; it ends at the first
// unconditional exit (jal/jalr/ecall/ebreak/fence.i) that no earlier forward branch jumps past.
// Branches and jals whose target lies inside the region stay inside: a forward one is a `br` to
// the end of the block just before its target, a backward one goes through a loop around a
// br_table dispatch; every other transfer leaves the region. Registers used by the region live in wasm
// locals, loaded at entry; the ones it writes are stored back at its single exit. Guest memory is
// accessed directly in the machine's WebAssembly.Memory through the read/write TLBs in the control
// area (HART_LAYOUT), with a call to the hart's loadSlow/storeSlow on a miss.
//
// Contract: the same as a JavaScript block (translate.ts): `run(pc, budget)` with pc the virtual
// address of the region's first instruction, entered only when `len <= budget`; it stores the next
// pc at HART_LAYOUT.exitPc and returns the number of instructions retired.
// Exactness: a forward path through the region retires at most `len` instructions, and a backward
// jump inside the region continues only while `retired + len <= budget`, else it leaves with pc =
// the jump's target; so the region never retires past the budget. A faulting instruction does not
// retire and has no side effect (the slow path writes nothing on a fault); the region leaves with
// pc at it and its registers written back. A store that drops cached code (self-modifying code)
// leaves the region right after the store, so the next instruction is fetched afresh.
// Semantics are those of translate.ts (the differential tests run both engines).
import { TLB_MASK } from './tlb.js';
import { buildModule, ByteWriter, I32, Op, VOID, type ImportFn } from './wasm-emit.js';

export const MAX_REGION = 192;

/** Slow paths, in index order: slot i of the hart's function table, type i of every region module. */
export const REGION_IMPORTS: ImportFn[] = [
  { name: 'loadSlow', params: 2, results: 1 }, // (a, f3) -> value; sets the flag word on a fault
  { name: 'storeSlow', params: 3, results: 1 }, // (a, v, f3) -> 0 done, 1 fault, 2 done but code was written
  { name: 'raise', params: 2, results: 0 }, // (cause, tval)
  { name: 'csr', params: 2, results: 1 }, // (retired before this instruction, high half?) -> cycle word
];
const F_LOAD = 0, F_STORE = 1, F_RAISE = 2, F_CSR = 3;

/** Byte offsets in the control area the generated code uses (absolute = controlBase + offset). */
export interface RegionLayout {
  regs: number;
  rTag: number;
  rPa: number;
  wTag: number;
  wPa: number;
  exitPc: number;
  slowFlag: number;
  /** Chain table: `chainEntries` entries of 16 bytes (virtual pc tag, table slot, region length). */
  chain: number;
  chainEntries: number;
  /** Word that is 1 while the chain table is valid. */
  chainOk: number;
}

export interface RegionSource {
  /** The module's bytes. */
  wasm: Uint8Array<ArrayBuffer>;
  /** Instructions in the region: the longest forward path. */
  len: number;
  /** Cache key: the region's instruction words (its code is position-independent). */
  key: string;
}

// Locals: 0 pc, 1 budget, 2 n (retired since the run loop entered the first region; params),
// 3 idx (dispatch label), 4 a (address), 5 t (TLB byte index), 6 x (scratch), 7 npc (next pc at
// exit), 8 chain (1 when the exit may chain to the next region), 9..39 x1..x31.
const L_PC = 0, L_BUDGET = 1, L_N = 2, L_IDX = 3, L_A = 4, L_T = 5, L_X = 6, L_NPC = 7, L_CHAIN = 8;
const regLocal = (r: number) => 8 + r;
const LOCALS = 6 + 31;

const isTerminator = (w: number) => {
  const op = w & 0x7f;
  return op === 0x6f || op === 0x67 || w === 0x73 || w === 0x100073 || (op === 0x0f && ((w >> 12) & 7) === 1);
};
const branchImm = (w: number) => ((w >> 31) << 12) | (((w >> 7) & 1) << 11) | (((w >> 25) & 63) << 5) | (((w >> 8) & 15) << 1);
const jalImm = (w: number) => ((w >> 31) << 20) | (((w >> 12) & 255) << 12) | (((w >> 20) & 1) << 11) | (((w >> 21) & 1023) << 1);

/** Instruction index of an internal jump target, or -1 (misaligned targets trap, never internal). */
function targetIndex(w: number, i: number): number {
  const op = w & 0x7f;
  let imm: number;
  if (op === 0x63) {
    const f3 = (w >> 12) & 7;
    if (f3 === 2 || f3 === 3) return -1;
    imm = branchImm(w);
  } else if (op === 0x6f) imm = jalImm(w);
  else return -1;
  if ((imm & 3) !== 0) return -1;
  return i + imm / 4;
}

/** The instruction words of the region starting at physical address `pa` (4-aligned). */
export function regionWords(i32: Int32Array, pa: number): number[] {
  const startOff = pa & 4095;
  const room = Math.min(MAX_REGION, (4096 - startOff) >> 2);
  const words: number[] = [];
  let maxFwd = 0;
  for (let i = 0; i < room; i++) {
    const w = i32[(pa >> 2) + i];
    words.push(w);
    const ti = targetIndex(w, i);
    if (ti > maxFwd && ti < room) maxFwd = ti; // a target past the room can never be inside
    if (isTerminator(w) && maxFwd <= i) break;
  }
  return words;
}

/** Cache key of a region: its words (the code is position-independent) and the control base. */
export const regionKey = (words: number[], controlBase: number) => `${controlBase}:${words.join(',')}`;

/** Translates a region (its words from regionWords) to a module. */
export function generateRegion(words: number[], controlBase: number, lay: RegionLayout): RegionSource {
  const len = words.length;
  const isLabel = new Uint8Array(len);
  isLabel[0] = 1;
  for (let i = 0; i < len; i++) {
    const ti = targetIndex(words[i], i);
    if (ti >= 0 && ti < len) isLabel[ti] = 1;
  }
  const labelOf = new Int32Array(len).fill(-1);
  let labels = 0;
  for (let i = 0; i < len; i++) if (isLabel[i]) labelOf[i] = labels++;
  // A label whose own segment (the code up to the next label) jumps back to it gets a wasm
  // `loop` around that segment: the back edge is then a plain `br`, not a dispatch.
  const selfLoop = new Uint8Array(labels);
  for (let i = 0, sg = -1; i < len; i++) {
    if (isLabel[i]) sg++;
    const ti = targetIndex(words[i], i);
    if (ti >= 0 && ti <= i && labelOf[ti] === sg) selfLoop[sg] = 1;
  }

  const c = new ByteWriter();
  const CB = controlBase;
  const used = new Uint8Array(32);
  const written = new Uint8Array(32);
  // Registers to load at entry: every one an instruction reads or writes (a written one is stored
  // back at every exit, so it must hold the guest value on paths that did not write it).
  for (const w of words) {
    const op = w & 0x7f;
    const rd = (w >> 7) & 31, rs1 = (w >> 15) & 31, rs2 = (w >> 20) & 31;
    if (op === 0x37 || op === 0x17 || op === 0x6f || op === 0x73) used[rd] = 1;
    else if (op === 0x67 || op === 0x03 || op === 0x13) used[rd] = used[rs1] = 1;
    else if (op === 0x63 || op === 0x23) used[rs1] = used[rs2] = 1;
    else if (op === 0x33) used[rd] = used[rs1] = used[rs2] = 1;
  }
  for (let r = 1; r < 32; r++) {
    if (used[r]) c.byte(Op.i32Const).s32(0).byte(Op.i32Load).u32(2).u32(CB + lay.regs + 4 * r).byte(Op.localSet).u32(regLocal(r));
  }
  c.byte(Op.block).byte(VOID); // $exit
  c.byte(Op.loop).byte(VOID); // $dispatch
  for (let j = 0; j < labels; j++) c.byte(Op.block).byte(VOID);
  c.byte(Op.localGet).u32(L_IDX).byte(Op.brTable).u32(labels);
  for (let j = 0; j < labels; j++) c.u32(j);
  c.u32(0);

  let seg = -1; // current label segment
  let k = 0; // instructions since the segment's start (not yet added to n)
  let extra = 0; // open if-blocks inside the segment
  const exitDepth = () => labels - seg + extra;
  const dispatchDepth = () => labels - 1 - seg + extra;
  const constI = (v: number) => c.byte(Op.i32Const).s32(v);
  const get = (r: number) => (r === 0 ? constI(0) : c.byte(Op.localGet).u32(regLocal(r)));
  const set = (rd: number) => {
    if (rd === 0) c.byte(Op.drop);
    else {
      c.byte(Op.localSet).u32(regLocal(rd));
      written[rd] = 1;
    }
  };
  const addN = (v: number) => {
    if (v !== 0) c.byte(Op.localGet).u32(L_N).byte(Op.i32Const).s32(v).byte(Op.i32Add).byte(Op.localSet).u32(L_N);
  };
  const pcPlus = (off: number) => {
    c.byte(Op.localGet).u32(L_PC);
    if (off !== 0) c.byte(Op.i32Const).s32(off).byte(Op.i32Add);
  };
  /**
   * Leaves the region: `retire` more instructions retired, next pc = region pc + off. A plain
   * control transfer (`chain`) may continue in the next region; traps and system calls may not.
   */
  const exit = (off: number, retire: number, chain = false) => {
    addN(retire);
    if (chain) constI(1).byte(Op.localSet).u32(L_CHAIN);
    pcPlus(off);
    c.byte(Op.localSet).u32(L_NPC).byte(Op.br).u32(exitDepth());
  };
  const openIf = (type = VOID) => {
    c.byte(Op.if).byte(type);
    extra++;
  };
  const close = () => {
    c.byte(Op.end);
    extra--;
  };
  const raise = (cause: number, tval: () => void) => {
    constI(cause);
    tval();
    c.byte(Op.i32Const).s32(F_RAISE).byte(Op.callIndirect).u32(F_RAISE).u32(0);
  };
  /** Internal jump from instruction i (retiring it) to instruction ti. */
  const jump = (i: number, ti: number) => {
    addN(k + 1);
    if (ti <= i) {
      // A backward jump: continue only if a whole forward path still fits in the budget.
      c.byte(Op.localGet).u32(L_N).byte(Op.i32Const).s32(len).byte(Op.i32Add).byte(Op.localGet).u32(L_BUDGET).byte(Op.i32GtS);
      openIf();
      pcPlus(4 * ti);
      c.byte(Op.localSet).u32(L_NPC).byte(Op.br).u32(exitDepth());
      close();
    }
    if (ti <= i && labelOf[ti] === seg && selfLoop[seg] === 1) {
      c.byte(Op.br).u32(extra - 1); // the segment's own loop
      return;
    }
    if (ti > i) {
      // Forward: the block that ends just before label ti is still open, branch straight there.
      c.byte(Op.br).u32(labelOf[ti] - seg - 1 + extra);
      return;
    }
    constI(labelOf[ti]);
    c.byte(Op.localSet).u32(L_IDX).byte(Op.br).u32(dispatchDepth());
  };

  for (let i = 0; i < len; i++) {
    if (isLabel[i]) {
      addN(k);
      k = 0;
      if (seg >= 0 && selfLoop[seg] === 1) close(); // the previous segment's loop
      c.byte(Op.end);
      seg++;
      if (selfLoop[seg] === 1) {
        c.byte(Op.loop).byte(VOID);
        extra++;
      }
    }
    const w = words[i];
    const off = 4 * i;
    const op = w & 0x7f;
    const rd = (w >> 7) & 31;
    const f3 = (w >> 12) & 7;
    const rs1 = (w >> 15) & 31;
    const rs2 = (w >> 20) & 31;
    const f7 = w >>> 25;
    let ends = false;
    const illegal = () => {
      raise(2, () => constI(w));
      exit(off, k);
      ends = true;
    };
    switch (op) {
      case 0x37: // LUI
        if (rd !== 0) {
          constI(w & -4096);
          set(rd);
        }
        break;
      case 0x17: // AUIPC
        if (rd !== 0) {
          pcPlus(off + (w & -4096));
          set(rd);
        }
        break;
      case 0x6f: { // JAL
        const imm = jalImm(w);
        ends = true;
        if (imm & 2) {
          raise(0, () => pcPlus(off + imm));
          exit(off, k);
          break;
        }
        if (rd !== 0) {
          pcPlus(off + 4);
          set(rd);
        }
        const ti = i + imm / 4;
        if (ti >= 0 && ti < len) jump(i, ti);
        else exit(off + imm, k + 1, true);
        break;
      }
      case 0x67: { // JALR
        if (f3 !== 0) {
          illegal();
          break;
        }
        ends = true;
        get(rs1);
        constI(w >> 20);
        c.byte(Op.i32Add);
        constI(-2);
        c.byte(Op.i32And).byte(Op.localTee).u32(L_T);
        constI(2);
        c.byte(Op.i32And);
        openIf();
        raise(0, () => c.byte(Op.localGet).u32(L_T));
        exit(off, k);
        close();
        if (rd !== 0) {
          pcPlus(off + 4);
          set(rd);
        }
        addN(k + 1);
        constI(1).byte(Op.localSet).u32(L_CHAIN);
        c.byte(Op.localGet).u32(L_T).byte(Op.localSet).u32(L_NPC).byte(Op.br).u32(exitDepth());
        break;
      }
      case 0x63: { // BRANCH
        const cmp = [Op.i32Eq, Op.i32Ne, -1, -1, Op.i32LtS, Op.i32GeS, Op.i32LtU, Op.i32GeU][f3];
        if (cmp < 0) {
          illegal();
          break;
        }
        get(rs1);
        get(rs2);
        c.byte(cmp);
        openIf();
        const imm = branchImm(w);
        if (imm & 2) {
          raise(0, () => pcPlus(off + imm));
          exit(off, k);
        } else {
          const ti = i + imm / 4;
          if (ti >= 0 && ti < len) jump(i, ti);
          else exit(off + imm, k + 1, true);
        }
        close();
        break;
      }
      case 0x03: { // LOAD
        const load = [Op.i32Load8S, Op.i32Load16S, Op.i32Load, -1, Op.i32Load8U, Op.i32Load16U, -1, -1][f3];
        if (load < 0) {
          illegal();
          break;
        }
        const size = 1 << (f3 & 3);
        tlbCheck(rs1, w >> 20, size, lay.rTag);
        openIf(I32);
        c.byte(Op.localGet).u32(L_T).byte(Op.i32Load).u32(2).u32(CB + lay.rPa);
        c.byte(Op.localGet).u32(L_A);
        constI(4095);
        c.byte(Op.i32And).byte(Op.i32Or).byte(load).u32(f3 & 3).u32(0);
        c.byte(Op.else);
        c.byte(Op.localGet).u32(L_A);
        constI(f3);
        c.byte(Op.i32Const).s32(F_LOAD).byte(Op.callIndirect).u32(F_LOAD).u32(0).byte(Op.localSet).u32(L_X);
        constI(0);
        c.byte(Op.i32Load).u32(2).u32(CB + lay.slowFlag);
        openIf();
        exit(off, k);
        close();
        c.byte(Op.localGet).u32(L_X);
        close();
        set(rd);
        break;
      }
      case 0x23: { // STORE
        const store = [Op.i32Store8, Op.i32Store16, Op.i32Store][f3] ?? -1;
        if (f3 > 2) {
          illegal();
          break;
        }
        tlbCheck(rs1, ((w >> 25) << 5) | ((w >> 7) & 31), 1 << f3, lay.wTag);
        openIf();
        c.byte(Op.localGet).u32(L_T).byte(Op.i32Load).u32(2).u32(CB + lay.wPa);
        c.byte(Op.localGet).u32(L_A);
        constI(4095);
        c.byte(Op.i32And).byte(Op.i32Or);
        get(rs2);
        c.byte(store).u32(f3).u32(0);
        c.byte(Op.else);
        c.byte(Op.localGet).u32(L_A);
        get(rs2);
        constI(f3);
        c.byte(Op.i32Const).s32(F_STORE).byte(Op.callIndirect).u32(F_STORE).u32(0).byte(Op.localTee).u32(L_X);
        openIf();
        c.byte(Op.localGet).u32(L_X);
        constI(1);
        c.byte(Op.i32Eq);
        openIf();
        exit(off, k);
        close();
        exit(off + 4, k + 1);
        close();
        close();
        break;
      }
      case 0x13: { // OP-IMM
        const imm = w >> 20;
        if ((f3 === 1 && f7 !== 0) || (f3 === 5 && f7 !== 0 && f7 !== 0x20)) {
          illegal();
          break;
        }
        if (rd === 0) break;
        get(rs1);
        switch (f3) {
          case 0: constI(imm); c.byte(Op.i32Add); break;
          case 2: constI(imm); c.byte(Op.i32LtS); break;
          case 3: constI(imm); c.byte(Op.i32LtU); break;
          case 4: constI(imm); c.byte(Op.i32Xor); break;
          case 6: constI(imm); c.byte(Op.i32Or); break;
          case 7: constI(imm); c.byte(Op.i32And); break;
          case 1: constI(rs2); c.byte(Op.i32Shl); break;
          default: constI(rs2); c.byte(f7 === 0 ? Op.i32ShrU : Op.i32ShrS);
        }
        set(rd);
        break;
      }
      case 0x33: { // OP and M
        let simple = -1;
        if (f7 === 0) simple = [Op.i32Add, Op.i32Shl, Op.i32LtS, Op.i32LtU, Op.i32Xor, Op.i32ShrU, Op.i32Or, Op.i32And][f3];
        else if (f7 === 0x20 && f3 === 0) simple = Op.i32Sub;
        else if (f7 === 0x20 && f3 === 5) simple = Op.i32ShrS;
        else if (f7 === 1 && f3 === 0) simple = Op.i32Mul;
        else if (f7 !== 1) {
          illegal();
          break;
        }
        if (rd === 0) break;
        if (simple >= 0) {
          get(rs1);
          get(rs2);
          c.byte(simple);
        } else if (f3 <= 3) { // mulh, mulhsu, mulhu: the high word of the 64-bit product
          get(rs1);
          c.byte(f3 === 3 ? Op.i64ExtendI32U : Op.i64ExtendI32S);
          get(rs2);
          c.byte(f3 === 1 ? Op.i64ExtendI32S : Op.i64ExtendI32U);
          c.byte(Op.i64Mul).byte(0x42).byte(32).byte(f3 === 3 ? Op.i64ShrU : Op.i64ShrS).byte(Op.i32WrapI64);
        } else {
          // div/divu/rem/remu with RISC-V's results for a zero divisor and MIN / -1 (wasm traps on them).
          get(rs2);
          c.byte(Op.i32Eqz);
          openIf(I32);
          if (f3 === 4 || f3 === 5) constI(-1);
          else get(rs1);
          c.byte(Op.else);
          if (f3 === 4) {
            get(rs1);
            constI(-0x80000000);
            c.byte(Op.i32Eq);
            get(rs2);
            constI(-1);
            c.byte(Op.i32Eq).byte(Op.i32And);
            openIf(I32);
            get(rs1);
            c.byte(Op.else);
            get(rs1);
            get(rs2);
            c.byte(Op.i32DivS);
            close();
          } else {
            get(rs1);
            get(rs2);
            c.byte([Op.i32DivU, Op.i32RemS, Op.i32RemU][f3 - 5]); // rem_s of MIN by -1 is 0 in wasm, as in RISC-V
          }
          close();
        }
        set(rd);
        break;
      }
      case 0x0f: // MISC-MEM
        if (f3 === 0) break; // fence: one hart, no devices in the address space
        if (f3 === 1) { // fence.i: leave so that the next fetch sees code written before it
          exit(off + 4, k + 1);
          ends = true;
          break;
        }
        illegal();
        break;
      case 0x73: { // SYSTEM
        if (f3 === 0) {
          if (w === 0x73 || w === 0x100073) {
            raise(w === 0x73 ? 8 : 3, () => constI(0));
            exit(off, k + 1);
            ends = true;
          } else illegal();
          break;
        }
        const csr = w >>> 20;
        const readOnly = (f3 === 2 || f3 === 3 || f3 === 6 || f3 === 7) && rs1 === 0;
        const lo = csr === 0xc00 || csr === 0xc01 || csr === 0xc02;
        const hi = csr === 0xc80 || csr === 0xc81 || csr === 0xc82;
        if (!readOnly || !(lo || hi)) {
          illegal();
          break;
        }
        c.byte(Op.localGet).u32(L_N);
        constI(k);
        c.byte(Op.i32Add);
        constI(hi ? 1 : 0);
        c.byte(Op.i32Const).s32(F_CSR).byte(Op.callIndirect).u32(F_CSR).u32(0);
        set(rd);
        break;
      }
      default:
        illegal();
    }
    if (!ends) k++;
    if (i === len - 1 && !ends) exit(off + 4, k, true);
  }
  if (selfLoop[seg] === 1) close();
  c.byte(Op.end); // dispatch loop
  c.byte(Op.end); // $exit
  for (let r = 1; r < 32; r++) {
    if (written[r]) {
      constI(0);
      c.byte(Op.localGet).u32(regLocal(r)).byte(Op.i32Store).u32(2).u32(CB + lay.regs + 4 * r);
    }
  }
  constI(0);
  c.byte(Op.localGet).u32(L_NPC).byte(Op.i32Store).u32(2).u32(CB + lay.exitPc);
  // Chaining: continue in the region cached for the next pc when the chain table is valid and
  // that region fits in the budget (a tail call: the wasm stack does not grow).
  c.byte(Op.localGet).u32(L_CHAIN).byte(Op.if).byte(VOID);
  constI(0);
  c.byte(Op.i32Load).u32(2).u32(CB + lay.chainOk).byte(Op.if).byte(VOID);
  c.byte(Op.localGet).u32(L_NPC);
  constI(2);
  c.byte(Op.i32ShrU);
  constI(lay.chainEntries - 1);
  c.byte(Op.i32And);
  constI(4);
  c.byte(Op.i32Shl).byte(Op.localTee).u32(L_T).byte(Op.i32Load).u32(2).u32(CB + lay.chain);
  c.byte(Op.localGet).u32(L_NPC).byte(Op.i32Eq).byte(Op.if).byte(VOID);
  c.byte(Op.localGet).u32(L_T).byte(Op.i32Load).u32(2).u32(CB + lay.chain + 8);
  c.byte(Op.localGet).u32(L_N).byte(Op.i32Add).byte(Op.localGet).u32(L_BUDGET).byte(Op.i32LeS).byte(Op.if).byte(VOID);
  c.byte(Op.localGet).u32(L_NPC).byte(Op.localGet).u32(L_BUDGET).byte(Op.localGet).u32(L_N);
  c.byte(Op.localGet).u32(L_T).byte(Op.i32Load).u32(2).u32(CB + lay.chain + 4);
  c.byte(Op.returnCallIndirect).u32(REGION_IMPORTS.length).u32(0);
  c.byte(Op.end).byte(Op.end).byte(Op.end).byte(Op.end);
  c.byte(Op.localGet).u32(L_N).byte(Op.end);
  return { wasm: buildModule(REGION_IMPORTS, LOCALS, c.bytes()), len, key: regionKey(words, CB) };

  /** Pushes `tag === (a & mask)` for address rs1 + imm; leaves a and the TLB byte index in locals. */
  function tlbCheck(rs1: number, imm: number, size: number, tagBase: number): void {
    get(rs1);
    if (imm !== 0) constI(imm).byte(Op.i32Add);
    c.byte(Op.localTee).u32(L_A);
    constI(10);
    c.byte(Op.i32ShrU);
    constI(TLB_MASK << 2);
    c.byte(Op.i32And).byte(Op.localTee).u32(L_T).byte(Op.i32Load).u32(2).u32(CB + tagBase);
    c.byte(Op.localGet).u32(L_A);
    constI(-4096 | (size - 1));
    c.byte(Op.i32And).byte(Op.i32Eq);
  }
}
