// The run loop: exact timer interrupts, budgets, idle jumps to device events, stop/resume,
// context save/restore, determinism.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTEXT_WORDS } from './hart.js';
import { Machine } from './machine.js';
import * as A from './testkit/asm.js';
import { BareMachine, CODE, DATA } from './testkit/bare.js';
import { Cause, Irq } from './trap.js';

// A CPU-bound loop with loads, stores and a nested loop (several blocks, a self-loop block).
const LOOP = [
  ...A.li(5, DATA), A.addi(6, 0, 0),
  A.addi(7, 0, 13), // outer: x7 = 13
  A.addi(6, 6, 1), A.addi(7, 7, -1), A.branch('bne', 7, 0, -8), // inner self-loop
  A.store('sw', 6, 5, 0), A.load('lw', 8, 5, 0), A.rop('mul', 9, 8, 8), A.rop('xor', 10, 10, 9),
  A.jal(0, -28), // back to outer
];

describe('timer', () => {
  it('interrupts exactly every quantum cycles, between instructions', () => {
    const bm = new BareMachine({ quantum: 1000 });
    bm.load(LOOP);
    bm.machine.hart.pc = CODE;
    bm.machine.run(10_500);
    expect(bm.interrupts.map((i) => i.cycle)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
    expect(bm.interrupts.every((i) => i.irq === Irq.Timer)).toBe(true);
    expect(bm.machine.cycle).toBe(10_500);
  });
  it('resetTimer gives a fresh quantum from now; setQuantum(0) disables it', () => {
    const bm = new BareMachine({ quantum: 100 });
    bm.load(LOOP);
    bm.machine.hart.pc = CODE;
    bm.machine.run(50);
    bm.machine.resetTimer(); // at 50: next at 150
    bm.machine.run(200);
    expect(bm.interrupts.map((i) => i.cycle)).toEqual([150, 250]);
    bm.machine.setQuantum(0);
    bm.machine.run(1000);
    expect(bm.interrupts.length).toBe(2);
    expect(bm.machine.timerDeadline).toBe(Infinity);
  });
});

describe('budgets and determinism', () => {
  it('run(a) then run(b) ends in the same state as run(a + b), for any split (property)', () => {
    const ref = new BareMachine({ quantum: 777 });
    ref.load(LOOP);
    ref.machine.hart.pc = CODE;
    ref.machine.run(20_000);
    const refCtx = new Int32Array(CONTEXT_WORDS);
    ref.machine.hart.saveContext(refCtx);
    const refIrqs = ref.interrupts.map((i) => `${i.cycle}@${i.pc}`);
    const bm = new BareMachine({ quantum: 777 });
    bm.load(LOOP);
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 12 }), (cuts) => {
      bm.machine.hart.regs.fill(0);
      bm.machine.hart.pc = CODE;
      bm.machine.hart.cycle = 0;
      bm.machine.setQuantum(777);
      bm.interrupts = [];
      let left = 20_000;
      for (const c of cuts) {
        const n = Math.min(c, left);
        expect(bm.machine.run(n)).toBe('budget');
        left -= n;
      }
      bm.machine.run(left);
      const ctx = new Int32Array(CONTEXT_WORDS);
      bm.machine.hart.saveContext(ctx);
      expect(bm.machine.cycle).toBe(20_000);
      expect(ctx).toEqual(refCtx);
      expect(bm.interrupts.map((i) => `${i.cycle}@${i.pc}`)).toEqual(refIrqs);
    }), { numRuns: 30 });
  });
  it('never retires an instruction past the budget, even inside a self-looping block', () => {
    const bm = new BareMachine();
    bm.load([A.addi(6, 6, 1), A.branch('bne', 0, 6, -4)]); // x6 counts instructions / 2
    bm.machine.hart.pc = CODE;
    for (const n of [1, 2, 3, 7, 64, 1001]) {
      const before = bm.machine.cycle;
      bm.machine.run(n);
      expect(bm.machine.cycle - before).toBe(n);
    }
    const total = 1 + 2 + 3 + 7 + 64 + 1001;
    expect(bm.reg(6)).toBe(Math.ceil(total / 2));
    expect(bm.machine.hart.pc).toBe(total % 2 === 0 ? CODE : CODE + 4);
  });
});

describe('context save/restore', () => {
  it('round-trips registers and pc through a plain Int32Array; x0 stays 0', () => {
    const m = new Machine({ frames: 16 });
    const ctx = Int32Array.from({ length: CONTEXT_WORDS }, (_, i) => i * 1000 - 7);
    m.hart.restoreContext(ctx);
    expect(m.hart.regs[0]).toBe(0);
    expect(m.hart.regs[31]).toBe(31 * 1000 - 7);
    expect(m.hart.pc).toBe(32 * 1000 - 7);
    const out = new Int32Array(CONTEXT_WORDS);
    m.hart.saveContext(out);
    expect(out[0]).toBe(0);
    expect(Array.from(out.subarray(1))).toEqual(Array.from(ctx.subarray(1)));
  });
  it('a kernel can time-slice two contexts on the timer and each computes as if alone', () => {
    const bm = new BareMachine({ quantum: 50 });
    // Each context sums 1..200 into x10, then ecalls.
    bm.load([A.addi(5, 0, 200), A.rop('add', 10, 10, 5), A.addi(5, 5, -1), A.branch('bne', 5, 0, -8), A.ecall()]);
    const ctxs = [new Int32Array(CONTEXT_WORDS), new Int32Array(CONTEXT_WORDS)];
    ctxs[0][32] = CODE;
    ctxs[1][32] = CODE;
    ctxs[1][10] = 1_000_000; // a different starting value
    let cur = 0;
    const done: number[] = [];
    bm.machine.hart.restoreContext(ctxs[0]);
    bm.onInterruptHook = () => {
      bm.machine.hart.saveContext(ctxs[cur]);
      cur = done.includes(cur ^ 1) ? cur : cur ^ 1;
      bm.machine.hart.restoreContext(ctxs[cur]);
    };
    bm.onTrapHook = (t) => {
      expect(t.cause).toBe(Cause.Ecall);
      done.push(cur);
      bm.machine.hart.saveContext(ctxs[cur]);
      if (done.length === 2) return bm.machine.stop();
      cur ^= 1;
      bm.machine.hart.restoreContext(ctxs[cur]);
    };
    expect(bm.machine.run(100_000)).toBe('stopped');
    expect(ctxs[0][10]).toBe(20100);
    expect(ctxs[1][10]).toBe(1_020_100);
    expect(bm.interrupts.length).toBeGreaterThan(10);
  });
});

describe('idle and device events', () => {
  it('while idle the clock jumps to the next event; events at one cycle fire in scheduling order', () => {
    const bm = new BareMachine({ quantum: 100 });
    bm.load([A.addi(5, 5, 1), A.ecall()]);
    bm.machine.hart.pc = CODE;
    const log: string[] = [];
    bm.onTrapHook = () => {
      bm.machine.idle = true;
      log.push(`idle@${bm.machine.cycle}`);
    };
    bm.machine.schedule(5000, () => log.push(`a@${bm.machine.cycle}`));
    bm.machine.schedule(5000, () => {
      log.push(`b@${bm.machine.cycle}`);
      bm.machine.raise(Irq.Disk);
    });
    bm.onInterruptHook = (irq) => {
      if (irq === Irq.Disk) {
        bm.machine.idle = false;
        bm.machine.hart.pc = CODE;
      }
    };
    expect(bm.machine.run(1_000_000)).toBe('idle');
    expect(log).toEqual(['idle@2', 'a@5000', 'b@5000', 'idle@5002']);
    // No timer interrupt while idle, and the timer resumes on its period afterwards.
    expect(bm.interrupts.filter((i) => i.irq === Irq.Timer).length).toBe(0);
    expect(bm.machine.instructions).toBe(4);
    expect(bm.machine.idleCycles).toBe(bm.machine.cycle - 4);
  });
  it('an idle machine with an event beyond the budget stops at the budget', () => {
    const bm = new BareMachine();
    bm.machine.idle = true;
    let fired = -1;
    bm.machine.schedule(300, () => (fired = bm.machine.cycle));
    expect(bm.machine.run(100)).toBe('budget');
    expect(bm.machine.cycle).toBe(100);
    expect(bm.machine.run(1000)).toBe('idle');
    expect(fired).toBe(300);
  });
  it('stop() from a handler pauses at an instruction boundary and run() resumes exactly', () => {
    const bm = new BareMachine({ quantum: 100 });
    bm.load(LOOP);
    bm.machine.hart.pc = CODE;
    bm.onInterruptHook = () => bm.machine.stop();
    expect(bm.machine.run(1000)).toBe('stopped');
    expect(bm.machine.cycle).toBe(100);
    expect(bm.machine.run(1000)).toBe('stopped');
    expect(bm.machine.cycle).toBe(200);
  });
  it('run() from inside a handler is refused', () => {
    const bm = new BareMachine({ quantum: 10 });
    bm.load(LOOP);
    bm.machine.hart.pc = CODE;
    bm.onInterruptHook = () => bm.machine.run(5);
    expect(() => bm.machine.run(100)).toThrow(/run\(\) called from inside a trap handler/);
    bm.onInterruptHook = () => {};
    expect(bm.machine.run(100)).toBe('budget'); // the machine is usable afterwards
  });
  it('run() without a handler is a configuration error', () => {
    expect(() => new Machine({ frames: 1 }).run(1)).toThrow(/no trap handler/);
  });
});
