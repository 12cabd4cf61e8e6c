// Instruction-level tests of the hart: every RV32I and M instruction against a reference model
// written here independently with BigInt (property-based with fast-check, plus edge values).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as A from './testkit/asm.js';
import { BareMachine, CODE, DATA } from './testkit/bare.js';
import { Cause } from './trap.js';

const MIN = -0x80000000;
const MAX = 0x7fffffff;
const EDGES = [0, 1, -1, 2, -2, 31, 32, 33, MIN, MAX, MIN + 1, MAX - 1, 0x55555555 | 0, 0xaaaaaaaa | 0, 0xffff, 0x8000, 0x7fff, 0x12345678];
const i32 = fc.oneof(fc.integer({ min: MIN, max: MAX }), fc.constantFrom(...EDGES));

// ---- reference model: BigInt semantics straight from the spec ----
const s = (x: number) => BigInt(x | 0);
const u = (x: number) => BigInt(x >>> 0);
const wrap = (x: bigint) => Number(BigInt.asIntN(32, x));
const sh = (b: number) => BigInt(b & 31);
const REF: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => wrap(s(a) + s(b)),
  sub: (a, b) => wrap(s(a) - s(b)),
  sll: (a, b) => wrap(u(a) << sh(b)),
  slt: (a, b) => (s(a) < s(b) ? 1 : 0),
  sltu: (a, b) => (u(a) < u(b) ? 1 : 0),
  xor: (a, b) => wrap(s(a) ^ s(b)),
  srl: (a, b) => wrap(u(a) >> sh(b)),
  sra: (a, b) => wrap(s(a) >> sh(b)),
  or: (a, b) => wrap(s(a) | s(b)),
  and: (a, b) => wrap(s(a) & s(b)),
  mul: (a, b) => wrap(s(a) * s(b)),
  mulh: (a, b) => wrap((s(a) * s(b)) >> 32n),
  mulhsu: (a, b) => wrap((s(a) * u(b)) >> 32n),
  mulhu: (a, b) => wrap((u(a) * u(b)) >> 32n),
  div: (a, b) => (b === 0 ? -1 : a === MIN && b === -1 ? MIN : wrap(s(a) / s(b))),
  divu: (a, b) => (b === 0 ? -1 : wrap(u(a) / u(b))),
  rem: (a, b) => (b === 0 ? a : a === MIN && b === -1 ? 0 : wrap(s(a) % s(b))),
  remu: (a, b) => (b === 0 ? a : wrap(u(a) % u(b))),
};
const IMM_REF: Record<string, (a: number, imm: number) => number> = {
  addi: (a, i) => REF.add(a, i), slti: (a, i) => REF.slt(a, i), sltiu: (a, i) => REF.sltu(a, i),
  xori: (a, i) => REF.xor(a, i), ori: (a, i) => REF.or(a, i), andi: (a, i) => REF.and(a, i),
  slli: (a, i) => REF.sll(a, i), srli: (a, i) => REF.srl(a, i), srai: (a, i) => REF.sra(a, i),
};
const BR_REF: Record<string, (a: number, b: number) => boolean> = {
  beq: (a, b) => a === b, bne: (a, b) => a !== b, blt: (a, b) => s(a) < s(b), bge: (a, b) => s(a) >= s(b),
  bltu: (a, b) => u(a) < u(b), bgeu: (a, b) => u(a) >= u(b),
};

// Both engines: the translator (blocks compiled at once) and the reference interpreter.
for (const [engine, translateAfter] of [['translator', 0], ['interpreter', Infinity]] as const) {
describe(engine, () => {
  let bm: BareMachine;
  beforeAll(() => {
    bm = new BareMachine({ dataPages: 2, translateAfter });
  });

  function runOne(code: number[], regs: Record<number, number>) {
    const t = bm.exec([...code, A.ecall()], regs);
    expect(t?.cause).toBe(Cause.Ecall);
    return t!;
  }

  describe('R-type ALU and M extension match the BigInt reference model', () => {
    for (const op of Object.keys(A.OPS)) {
      it(`${op} on edge values`, () => {
        for (const a of EDGES) for (const b of EDGES) {
          runOne([A.rop(op, 7, 5, 6)], { 5: a, 6: b });
          expect(bm.reg(7), `${op}(${a}, ${b})`).toBe(REF[op](a, b));
        }
      });
      it(`${op} on random values (property)`, () => {
        fc.assert(fc.property(i32, i32, (a, b) => {
          runOne([A.rop(op, 7, 5, 6)], { 5: a, 6: b });
          return bm.reg(7) === REF[op](a, b);
        }), { numRuns: 300 });
      });
    }
    it('rd = rs1 = rs2 reads operands before writing', () => {
      runOne([A.rop('sub', 5, 5, 5), A.rop('mulhu', 6, 6, 6)], { 5: 1234, 6: -1 });
      expect(bm.reg(5)).toBe(0);
      expect(bm.reg(6)).toBe(-2);
    });
  });

  describe('I-type ALU', () => {
    const imm12 = fc.integer({ min: -2048, max: 2047 });
    for (const op of Object.keys(A.IMM_OPS)) {
      it(`${op} (property, including edge immediates)`, () => {
        fc.assert(fc.property(i32, fc.oneof(imm12, fc.constantFrom(-2048, 2047, -1, 0, 1, 31)), (a, imm) => {
          const isShift = op === 'slli' || op === 'srli' || op === 'srai';
          const i = isShift ? imm & 31 : imm;
          runOne([A.iop(op, 7, 5, i)], { 5: a });
          return bm.reg(7) === IMM_REF[op](a, i);
        }), { numRuns: 60 });
      });
    }
    it('shifts with funct7 other than 0/0x20 are illegal', () => {
      const w = A.I(0x200 | 3, 5, 1, 7, 0x13); // slli with bit 25 set (RV64 shamt)
      const t = bm.exec([w], { 5: 1 });
      expect(t).toMatchObject({ cause: Cause.IllegalInstruction, tval: w | 0, pc: CODE });
    });
  });

  describe('upper immediates and jumps', () => {
    it('lui, auipc', () => {
      fc.assert(fc.property(fc.integer({ min: 0, max: 0xfffff }), (hi) => {
        runOne([A.lui(5, hi << 12), A.auipc(6, hi << 12)], {});
        return bm.reg(5) === (hi << 12) && bm.reg(6) === ((CODE + 4 + (hi << 12)) | 0);
      }), { numRuns: 40 });
    });
    it('jal links pc+4 and jumps; x0 as rd discards the link', () => {
      runOne([A.jal(1, 12), A.addi(5, 0, 1), A.addi(5, 0, 2), A.jal(0, 8), A.addi(6, 0, 9), A.addi(7, 0, 3)], {});
      expect(bm.reg(1)).toBe(CODE + 4);
      expect(bm.reg(5)).toBe(0);
      expect(bm.reg(6)).toBe(0);
      expect(bm.reg(7)).toBe(3);
      expect(bm.reg(0)).toBe(0);
    });
    it('jalr clears bit 0 of the target and computes it before writing rd = rs1', () => {
      runOne([A.jalr(5, 5, 9), A.addi(6, 0, 1), A.addi(6, 0, 2)], { 5: CODE }); // target CODE+9 & ~1 = CODE+8
      expect(bm.reg(5)).toBe(CODE + 4);
      expect(bm.reg(6)).toBe(2);
    });
    it('jalr to a 2-aligned address traps InstructionMisaligned at the jump, rd unchanged', () => {
      const t = bm.exec([A.jalr(1, 5, 2)], { 5: CODE, 1: 77 });
      expect(t).toMatchObject({ cause: Cause.InstructionMisaligned, tval: CODE + 2, pc: CODE });
      expect(bm.reg(1)).toBe(77);
    });
    it('a taken branch to a misaligned target traps; not taken does not', () => {
      expect(bm.exec([A.branch('beq', 0, 0, 6)])).toMatchObject({ cause: Cause.InstructionMisaligned, pc: CODE, tval: CODE + 6 });
      expect(bm.exec([A.branch('bne', 0, 0, 6), A.ecall()])).toMatchObject({ cause: Cause.Ecall, pc: CODE + 4 });
    });
  });

  describe('branches', () => {
    for (const op of Object.keys(A.BRANCHES)) {
      it(`${op} (property)`, () => {
        fc.assert(fc.property(i32, fc.oneof(i32, fc.constant(0)), fc.boolean(), (a, b0, same) => {
          const b = same ? a : b0;
          runOne([A.branch(op, 5, 6, 8), A.addi(7, 0, 1), A.addi(8, 0, 1)], { 5: a, 6: b });
          const taken = BR_REF[op](a, b);
          return bm.reg(7) === (taken ? 0 : 1) && bm.reg(8) === 1;
        }), { numRuns: 100 });
      });
    }
    it('backward branch loops count exactly', () => {
      // x5 = 1000; loop: x6 += 3; x5 -= 1; bne x5, x0, loop
      const t = runOne([A.addi(5, 0, 1000), A.addi(6, 6, 3), A.addi(5, 5, -1), A.branch('bne', 5, 0, -8)], {});
      expect(bm.reg(6)).toBe(3000);
      expect(t.cycle).toBe(1 + 3 * 1000 + 1); // ecall retires
    });
  });

  describe('loads and stores', () => {
    const val = i32;
    it('sw/lw, sh/lh/lhu, sb/lb/lbu with sign and zero extension (property)', () => {
      fc.assert(fc.property(val, fc.integer({ min: 0, max: 1020 }), (v, off0) => {
        const off = off0 & ~3;
        runOne([
          A.store('sw', 6, 5, off), A.load('lw', 7, 5, off),
          A.store('sh', 6, 5, off + 4), A.load('lh', 8, 5, off + 4), A.load('lhu', 9, 5, off + 4),
          A.store('sb', 6, 5, off + 8), A.load('lb', 10, 5, off + 8), A.load('lbu', 11, 5, off + 8),
        ], { 5: DATA, 6: v });
        return bm.reg(7) === v && bm.reg(8) === (v << 16) >> 16 && bm.reg(9) === (v & 0xffff) &&
          bm.reg(10) === (v << 24) >> 24 && bm.reg(11) === (v & 0xff);
      }), { numRuns: 100 });
    });
    it('negative offsets and little-endian byte order', () => {
      runOne([A.store('sw', 6, 5, -4), A.load('lbu', 7, 5, -4), A.load('lbu', 8, 5, -1), A.load('lhu', 9, 5, -3)], { 5: DATA + 16, 6: 0x11223344 });
      expect([bm.reg(7), bm.reg(8), bm.reg(9)]).toEqual([0x44, 0x11, 0x2233]);
    });
    it('misaligned accesses are performed like qemu-user, including across a page boundary', () => {
      runOne([A.store('sw', 6, 5, 1), A.load('lw', 7, 5, 1), A.load('lh', 8, 5, 3), A.store('sw', 6, 11, 2046), A.load('lw', 9, 11, 2046), A.load('lhu', 10, 11, 2047)],
        { 5: DATA, 6: 0x8899aabb | 0, 11: DATA + 2048 });
      expect(bm.reg(7)).toBe(0x8899aabb | 0);
      expect(bm.reg(8)).toBe(0xffff8899 | 0);
      expect(bm.reg(9)).toBe(0x8899aabb | 0);
      expect(bm.reg(10)).toBe(0x99aa);
    });
    it('a load into x0 still faults but never changes x0', () => {
      const t = bm.exec([A.load('lw', 0, 0, 16)]);
      expect(t).toMatchObject({ cause: Cause.LoadPageFault, tval: 16 });
      runOne([A.load('lw', 0, 5, 0), A.addi(0, 0, 5)], { 5: DATA });
      expect(bm.reg(0)).toBe(0);
    });
  });

  describe('system instructions', () => {
    it('ecall and ebreak trap at their own pc and retire', () => {
      expect(bm.exec([A.addi(5, 0, 1), A.ecall()])).toMatchObject({ cause: Cause.Ecall, pc: CODE + 4, cycle: 2 });
      expect(bm.exec([A.ebreak()])).toMatchObject({ cause: Cause.Breakpoint, pc: CODE });
    });
    it('fence and fence.i are no-ops', () => {
      runOne([A.fence(), A.fenceI(), A.addi(5, 0, 7)], {});
      expect(bm.reg(5)).toBe(7);
    });
    it('rdcycle/rdinstret/rdtime read the emulated cycle count; high halves are 0 early on', () => {
      bm.machine.hart.cycle = 0;
      runOne([A.addi(5, 0, 1), A.csrr(6, 0xc00), A.csrr(7, 0xc02), A.csrr(8, 0xc01), A.csrr(9, 0xc80)], {});
      expect([bm.reg(6), bm.reg(7), bm.reg(8), bm.reg(9)].map((v) => v - 0)).toEqual([1, 2, 3, 0]);
    });
    it('other CSRs and CSR writes are illegal instructions', () => {
      const mstatus = A.csrr(5, 0x300);
      expect(bm.exec([mstatus])).toMatchObject({ cause: Cause.IllegalInstruction, tval: mstatus | 0 });
      expect(bm.exec([A.csrrw(5, 0xc00, 6)])).toMatchObject({ cause: Cause.IllegalInstruction });
    });
    it('unassigned encodings are illegal, with the instruction bits in tval', () => {
      for (const w of [0, 0xffffffff, A.R(2, 1, 1, 0, 1, 0x33), A.I(0, 1, 3, 1, 0x03), A.S(0, 1, 1, 3), A.B(8, 1, 1, 2), A.I(0, 1, 1, 1, 0x67), 0x30200073, 0x10500073]) {
        expect(bm.exec([w]), `word ${w.toString(16)}`).toMatchObject({ cause: Cause.IllegalInstruction, tval: w | 0, pc: CODE });
      }
    });
  });
});
}
