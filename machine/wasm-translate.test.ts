// Region translator cases the random differential test rarely reaches: chained regions whose code
// is rewritten by the guest, address-space switches under a warm chain table, loops that cross a
// timer deadline, and budgets that end inside a chain. Every case runs on all three engines and
// must give the interpreter's registers, cycle count and trap.
import { describe, expect, it } from 'vitest';
import { AddressSpace, PERM_RWX, PERM_RX } from './address-space.js';
import { MachineConfigError } from './errors.js';
import type { Engine } from './hart.js';
import { Machine } from './machine.js';
import * as A from './testkit/asm.js';
import { BareMachine, CODE } from './testkit/bare.js';

const ENGINES: Engine[] = ['interp', 'js', 'jit'];
const SMC = 0x0003_0000; // a writable and executable page

/**
 * A at SMC, C at SMC + 0x400, B at SMC + 0x1080 (the next page): A -> B -> C -> A while x1 < x3; then C rewrites
 * B's first word (to addi x2, x2, 100) and loops 50 more times, so the chain A -> B must notice.
 */
function smcProgram(): { page0: number[]; page1: number[] } {
  const page0 = new Array(0x420 / 4).fill(A.fence());
  const at = (off: number, ws: number[]) => ws.forEach((w, i) => (page0[off / 4 + i] = w));
  at(0x000, [A.addi(1, 1, 1), A.jal(0, 0x1080 - 4)]);
  at(0x400, [
    A.branch('blt', 1, 3, -0x400), // back to A while x1 < x3
    A.branch('bne', 6, 0, 20), // second pass done: ecall
    A.store('sw', 4, 5, 0), // rewrite B: addi x2, x2, 100
    A.addi(6, 0, 1),
    A.addi(3, 3, 50), // 50 more iterations
    A.jal(0, -0x414), // back to A
    A.ecall(),
  ]);
  // B at +0x80 of its page, so that A and B do not share a chain-table entry.
  const page1 = [...new Array(0x80 / 4).fill(A.fence()), A.addi(2, 2, 1), A.jal(0, 0x400 - 0x1084)];
  return { page0, page1 };
}

function loadSmc(bm: BareMachine, prog: { page0: number[]; page1: number[] }): void {
  bm.mapNew(SMC, PERM_RWX);
  bm.mapNew(SMC + 0x1000, PERM_RWX);
  bm.load(prog.page0, SMC);
  bm.load(prog.page1, SMC + 0x1000);
}

function runSmc(engine: Engine) {
  const bm = new BareMachine({ engine, translateAfter: 2 });
  loadSmc(bm, smcProgram());
  const h = bm.machine.hart;
  h.regs.fill(0);
  h.regs[3] = 100;
  h.regs[4] = A.addi(2, 2, 100) | 0;
  h.regs[5] = SMC + 0x1080;
  h.pc = SMC;
  bm.machine.run(1_000_000);
  return { regs: Array.from(h.regs), cycle: bm.machine.cycle, traps: bm.traps };
}

describe('WebAssembly regions', () => {
  it('self-modifying code: a chained region rewritten by the guest runs its new code at once', () => {
    const ref = runSmc('interp');
    expect(ref.regs[2]).toBe(100 + 50 * 100);
    expect(ref.traps.map((t) => t.cause)).toEqual([8]);
    for (const e of ENGINES) expect(runSmc(e), e).toEqual(ref);
  });

  it('an address-space switch never runs the other space\'s code through a warm chain', () => {
    const run = (engine: Engine) => {
      const bm = new BareMachine({ engine, translateAfter: 1 });
      const other = new AddressSpace(bm.machine.memory);
      const f = bm.frames.allocFrame(0);
      bm.machine.memory.zeroFrame(f);
      other.map(CODE, f, PERM_RX);
      // Same virtual addresses, different code: a loop calling a "function" at +0x800 (another
      // region, reached through the chain table once warm).
      const prog = (inc: number) => {
        const c = new Array(0x810 / 4).fill(A.fence());
        c[0] = A.jal(1, 0x800);
        c[1] = A.branch('blt', 2, 3, -4);
        c[2] = A.ecall();
        c[0x800 / 4] = A.addi(2, 2, inc);
        c[0x804 / 4] = A.jalr(0, 1, 0);
        return c;
      };
      bm.load(prog(1));
      const p7 = prog(7);
      expect(other.copyOut(CODE, A.words(p7), 0, 4 * p7.length, 0)).toBe(true);
      const h = bm.machine.hart;
      const out: number[][] = [];
      for (const space of [bm.space, other, bm.space, other]) {
        bm.machine.space = space;
        bm.traps = [];
        h.regs.fill(0);
        h.regs[3] = 700;
        h.pc = CODE;
        bm.machine.run(100_000);
        out.push([h.regs[2], bm.machine.cycle, bm.traps.length]);
      }
      return out;
    };
    const ref = run('interp');
    expect(ref.map((r) => r[0])).toEqual([700, 700, 700, 700]);
    // 700 iterations of 4 instructions + ecall with the +1 callee, 100 with the +7 one.
    expect(ref.map((r, i) => r[1] - (i === 0 ? 0 : ref[i - 1][1]))).toEqual([2801, 401, 2801, 401]);
    for (const e of ENGINES) expect(run(e), e).toEqual(ref);
  });

  it('the jit engine really runs regions, chained: few entries from JavaScript', () => {
    const bm = new BareMachine({ engine: 'jit', translateAfter: 0 });
    const prog = smcProgram();
    prog.page0[0x408 / 4] = A.fence();
    loadSmc(bm, prog);
    const h = bm.machine.hart;
    h.regs[3] = 5000;
    h.pc = SMC;
    bm.machine.run(1_000_000);
    expect(bm.traps.map((t) => t.cause)).toEqual([8]);
    expect(h.regionInstructions / bm.machine.cycle).toBeGreaterThan(0.99);
    expect(h.regionEntries).toBeLessThan(20);
    expect(h.regionsCompiled + h.regionsTranslated).toBeGreaterThan(0);
  });

  it('rejects an unknown engine', () => {
    expect(() => new Machine({ frames: 4, engine: 'fast' as Engine })).toThrow(MachineConfigError);
    expect(() => new Machine({ frames: 4, engine: 'fast' as Engine })).toThrow(/interp, js, jit/);
  });

  it('timer deadlines and small budgets fall on the same instruction inside chains and loops', () => {
    const run = (engine: Engine, quantum: number, slice: number) => {
      const bm = new BareMachine({ engine, translateAfter: 0, quantum });
      const prog = smcProgram();
      prog.page0[0x408 / 4] = A.fence(); // no rewriting: a long chained loop
      loadSmc(bm, prog);
      const h = bm.machine.hart;
      h.regs[3] = 3000;
      h.pc = SMC;
      for (let i = 0; i < 200 && bm.traps.length === 0; i++) bm.machine.run(slice);
      return { regs: Array.from(h.regs), cycle: bm.machine.cycle, interrupts: bm.interrupts, traps: bm.traps };
    };
    for (const [quantum, slice] of [[97, 1000], [13, 37], [0, 5]]) {
      const ref = run('interp', quantum, slice);
      for (const e of ENGINES) expect(run(e, quantum, slice), `${e} quantum ${quantum} slice ${slice}`).toEqual(ref);
    }
  });
});
