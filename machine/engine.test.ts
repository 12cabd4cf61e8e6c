// Differential test of the execution engines: random programs (ALU, M, loads/stores incl.
// misaligned and faulting ones, branches and jumps both ways, jalr, ebreak, illegal words, cycle
// CSR reads) run on WebAssembly regions ('jit'), JavaScript blocks ('js') and the interpreter,
// whole, one instruction per run() call, interpreted-then-translated, and under a periodic timer;
// registers, pc, cycle count, data memory, traps (cause, tval, pc, cycle) and interrupt cycles must
// be identical. This checks side exits, in-region loops, budget checks at backward jumps and
// fault delivery against single-stepping the reference interpreter.
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
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(A.LOADS)), reg, reg, fc.integer({ min: -2048, max: 2047 })).map(([op, d, b, off]) => () => A.load(op, d, b, off)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...Object.keys(A.STORES)), src, reg, fc.integer({ min: -2048, max: 2047 })).map(([op, s, b, off]) => () => A.store(op, s, b, off)) },
    { weight: 1, arbitrary: fc.tuple(reg, src, fc.integer({ min: -2048, max: 2047 })).map(([d, b, off]) => () => A.jalr(d, b, off)) },
    { weight: 1, arbitrary: fc.constantFrom(A.ebreak(), 0xffffffff, A.csrrw(1, 0xc00, 2), A.fence()).map((w) => () => w) },
  );
}

const program = fc.integer({ min: 4, max: 40 }).chain((len) => fc.array(instr(len), { minLength: len, maxLength: len }));
const regs = fc.array(fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.constantFrom(0, 1, -1, 0x80000000 | 0)), { minLength: 8, maxLength: 8 });

/** Machines (reused across runs): [label, options, single-stepped]. The interpreter is the reference. */
const CONFIGS = [
  ['interp', { engine: 'interp' }, false],
  ['jit regions', { engine: 'jit' }, false],
  ['jit single-stepped', { engine: 'jit' }, true],
  ['jit after 2 runs', { engine: 'jit', translateAfter: 2 }, false],
  ['js blocks', { engine: 'js' }, false],
  ['js single-stepped', { engine: 'js' }, true],
  ['interp, timer 7', { engine: 'interp', quantum: 7 }, false],
  ['jit, timer 7', { engine: 'jit', quantum: 7 }, false],
  ['js, timer 7', { engine: 'js', quantum: 7 }, false],
] as const;
let machines: BareMachine[] | undefined;

function runAll(code: number[], init: number[], cycles: number) {
  machines ??= CONFIGS.map(([, o]) => new BareMachine({ ...o, translateAfter: 'translateAfter' in o ? o.translateAfter : 0 }));
  return machines.map((bm, which) => {
    bm.load([...code, A.ecall()]);
    bm.space.zero(DATA, 4096);
    bm.traps = [];
    bm.interrupts = [];
    const h = bm.machine.hart;
    h.cycle = 0;
    bm.machine.resetTimer();
    h.regs.fill(0);
    init.forEach((v, i) => (h.regs[i + 1] = v));
    h.regs[9] = DATA;
    h.pc = CODE;
    if (!CONFIGS[which][2]) bm.machine.run(cycles);
    else for (let i = 0; i < cycles && bm.traps.length === 0; i++) bm.machine.run(1);
    const ctx = new Int32Array(CONTEXT_WORDS);
    h.saveContext(ctx);
    const mem = new Uint8Array(260);
    bm.space.copyIn(DATA, mem);
    return { ctx: Array.from(ctx), cycle: bm.machine.cycle, mem: Array.from(mem), traps: bm.traps, interrupts: bm.interrupts };
  });
}

describe('WebAssembly regions, JavaScript blocks and the interpreter agree', () => {
  it('random programs: same state, traps and interrupts at the same cycle (property)', () => {
    fc.assert(
      fc.property(program, regs, fc.integer({ min: 1, max: 3000 }), (gens, init, cycles) => {
        const code = gens.map((g, i) => g(i));
        const out = runAll(code, init, cycles);
        const ref = out[0];
        out.forEach((o, i) => {
          const [label] = CONFIGS[i];
          const base = label.includes('timer') ? out[6] : ref;
          expect({ label, ...o }).toEqual({ label, ...base });
        });
        expect(out[6].ctx).toEqual(ref.ctx);
      }),
      { numRuns: 150 },
    );
  });
});
