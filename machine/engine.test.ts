// Differential test of the execution engines: random programs (ALU, M, loads/stores incl.
// misaligned, branches and jumps both ways, cycle CSR reads) run with whole superblocks, one
// instruction per run() call, on the interpreter only, and interpreted-then-translated; registers,
// pc, cycle count, data memory and traps must be identical at the same cycle. This checks side exits, followed jumps, in-place loops and the
// budget logic against single-stepping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTEXT_WORDS } from './hart.js';
import * as A from './testkit/asm.js';
import { BareMachine, CODE, DATA } from './testkit/bare.js';

const reg = fc.integer({ min: 1, max: 8 });
const src = fc.integer({ min: 0, max: 8 });

function instr(len: number): fc.Arbitrary<(at: number) => number> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(A.OPS)), reg, src, src).map(([op, d, a, b]) => () => A.rop(op, d, a, b)) },
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(A.IMM_OPS)), reg, src, fc.integer({ min: -2048, max: 2047 })).map(([op, d, a, i]) => () => A.iop(op, d, a, i)) },
    { weight: 2, arbitrary: fc.tuple(reg, fc.integer({ min: 0, max: 0xfffff })).map(([d, i]) => () => A.lui(d, i << 12)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(A.LOADS)), reg, fc.integer({ min: 0, max: 250 })).map(([op, d, off]) => () => A.load(op, d, 9, off)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(A.STORES)), src, fc.integer({ min: 0, max: 250 })).map(([op, s, off]) => () => A.store(op, s, 9, off)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(A.BRANCHES)), src, src, fc.integer({ min: 0, max: len - 1 })).map(([op, a, b, to]) => (at: number) => A.branch(op, a, b, 4 * (to - at) || 4)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: 0, max: len - 1 })).map(([d, to]) => (at: number) => A.jal(d, 4 * (to - at) || 4)) },
    { weight: 1, arbitrary: reg.map((d) => () => A.csrr(d, 0xc00)) },
  );
}

const program = fc.integer({ min: 4, max: 40 }).chain((len) => fc.array(instr(len), { minLength: len, maxLength: len }));
const regs = fc.array(fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.constantFrom(0, 1, -1, 0x80000000 | 0)), { minLength: 8, maxLength: 8 });

/** Translator with whole blocks, translator single-stepped, interpreter only, and the default mix (reused across runs). */
let machines: BareMachine[] | undefined;

function runBoth(code: number[], init: number[], cycles: number) {
  machines ??= [new BareMachine(), new BareMachine(), new BareMachine({ translateAfter: Infinity }), new BareMachine({ translateAfter: 2 })];
  const out = machines.map((bm, which) => {
    bm.load([...code, A.ecall()]);
    bm.space.zero(DATA, 4096);
    bm.traps = [];
    const h = bm.machine.hart;
    h.cycle = 0;
    h.regs.fill(0);
    init.forEach((v, i) => (h.regs[i + 1] = v));
    h.regs[9] = DATA;
    h.pc = CODE;
    if (which !== 1) bm.machine.run(cycles);
    else for (let i = 0; i < cycles && bm.traps.length === 0; i++) bm.machine.run(1);
    const ctx = new Int32Array(CONTEXT_WORDS);
    h.saveContext(ctx);
    const mem = new Uint8Array(260);
    bm.space.copyIn(DATA, mem);
    return { ctx: Array.from(ctx), cycle: bm.machine.cycle, mem: Array.from(mem), traps: bm.traps };
  });
  return out;
}

describe('superblocks, single-stepping, the interpreter and the mixed engine agree', () => {
  it('random programs: same state at the same cycle (property)', () => {
    fc.assert(
      fc.property(program, regs, fc.integer({ min: 1, max: 3000 }), (gens, init, cycles) => {
        const code = gens.map((g, i) => g(i));
        const [blocks, steps, interp, mixed] = runBoth(code, init, cycles);
        expect(steps).toEqual(blocks);
        expect(interp).toEqual(blocks);
        expect(mixed).toEqual(blocks);
      }),
      { numRuns: 150 },
    );
  });
});
