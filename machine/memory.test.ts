// Physical memory, address spaces, kernel copy helpers, and the hart's permission checks,
// faults, TLB flushing and translated-code invalidation.
import { describe, expect, it } from 'vitest';
import { AddressSpace, PERM_R, PERM_RW, PERM_RWX, PERM_RX, PERM_W } from './address-space.js';
import { MachineConfigError } from './errors.js';
import { SimpleFrameSource } from './frame-source.js';
import { Hart, HART_LAYOUT } from './hart.js';
import { Machine } from './machine.js';
import { CONTROL_BYTES, PhysicalMemory } from './physical-memory.js';
import * as A from './testkit/asm.js';
import { BareMachine, CODE, DATA } from './testkit/bare.js';
import { Cause } from './trap.js';

describe('physical memory', () => {
  it('keeps every frame in one WebAssembly.Memory of the requested size', () => {
    const pm = new PhysicalMemory(20);
    expect(pm.memory).toBeInstanceOf(WebAssembly.Memory);
    expect(pm.memory.buffer.byteLength).toBeGreaterThanOrEqual(20 * 4096);
    expect(pm.u8.buffer).toBe(pm.memory.buffer);
    expect(() => new PhysicalMemory(0)).toThrow(MachineConfigError);
    expect(() => pm.zeroFrame(20)).toThrow(/frame 20 out of range 0..19/);
  });
  it('keeps the hart state (registers, TLBs) in the same memory, after the frames', () => {
    const m = new Machine({ frames: 20 });
    const regs = new Int32Array(m.memory.memory.buffer, m.memory.controlBase + HART_LAYOUT.regs, 32);
    m.hart.regs[5] = 1234;
    expect(regs[5]).toBe(1234);
    expect(m.memory.controlBase).toBe(20 * 4096);
    expect(m.memory.memory.buffer.byteLength).toBeGreaterThanOrEqual(m.memory.controlBase + CONTROL_BYTES);
    expect(() => new Hart(m.memory)).toThrow(/already belongs to a hart/);
  });
});

describe('SimpleFrameSource', () => {
  it('allocates lowest frames first, tracks owners, returns -1 when empty, refuses double free', () => {
    const fs = new SimpleFrameSource(3);
    expect([fs.allocFrame(7), fs.allocFrame(8), fs.allocFrame(9), fs.allocFrame(1)]).toEqual([0, 1, 2, -1]);
    expect(fs.ownerOf(1)).toBe(8);
    fs.freeFrame(1);
    expect(() => fs.freeFrame(1)).toThrow(/not allocated/);
    expect(fs.allocFrame(3)).toBe(1);
  });
});

describe('address space', () => {
  const setup = () => {
    const pm = new PhysicalMemory(16);
    return { pm, as: new AddressSpace(pm) };
  };
  it('maps, translates with permissions, protects and unmaps; version moves on removal/protect only', () => {
    const { as } = setup();
    as.map(0x5000, 3, PERM_RW);
    expect(as.version).toBe(0);
    expect(as.translate(0x5123, PERM_R)).toBe(3 * 4096 + 0x123);
    expect(as.translate(0x5123, PERM_W | PERM_R)).toBe(3 * 4096 + 0x123);
    expect(as.translate(0x5123, 4)).toBe(-1);
    expect(as.translate(0x6000, PERM_R)).toBe(-1);
    expect(() => as.map(0x5000, 4, PERM_R)).toThrow(/already mapped/);
    expect(as.protect(0x5000, PERM_R)).toBe(true);
    expect(as.version).toBe(1);
    expect(as.translate(0x5000, PERM_W)).toBe(-1);
    expect(as.unmap(0x5fff)).toBe(3);
    expect(as.unmap(0x5000)).toBe(-1);
    expect(as.version).toBe(2);
    expect(as.mappedPages).toBe(0);
  });
  it('handles the top of the 32-bit space', () => {
    const { as } = setup();
    as.map(0xfffff000, 1, PERM_RW);
    expect(as.translate(0xffffffff, PERM_R)).toBe(4096 + 4095);
    expect(as.translate(-1, PERM_R)).toBe(4096 + 4095);
    const pages: number[] = [];
    as.forEachPage((va) => pages.push(va));
    expect(pages).toEqual([0xfffff000]);
  });
  it('copyIn/copyOut cross pages and report the first faulting address', () => {
    const { as } = setup();
    as.map(0x1000, 1, PERM_RW);
    as.map(0x2000, 2, PERM_RW);
    as.map(0x3000, 3, PERM_R);
    const src = Uint8Array.from({ length: 200 }, (_, i) => i);
    expect(as.copyOut(0x1fa0, src)).toBe(true);
    const back = new Uint8Array(200);
    expect(as.copyIn(0x1fa0, back)).toBe(true);
    expect(back).toEqual(src);
    // Writing into a read-only page fails before anything is written.
    expect(as.copyOut(0x2ff0, src, 0, 32)).toBe(false);
    expect(as.lastFault).toBe(0x3000);
    expect(as.copyIn(0x2ff0, back, 0, 16)).toBe(true);
    expect(back.subarray(0, 16)).toEqual(new Uint8Array(16));
    expect(as.copyIn(0x3ff0, back, 0, 32)).toBe(false);
    expect(as.lastFault).toBe(0x4000);
    expect(as.readU32(0x1fa1)).toBe(0x04030201);
    expect(as.readU32(0x9000)).toBeUndefined();
    expect(as.writeU32(0x1ffe, 0xdeadbeef)).toBe(true);
    expect(as.readU32(0x1ffe)).toBe(0xdeadbeef);
  });
  it('readCString stops at NUL across pages, and reports unterminated or unmapped strings', () => {
    const { as } = setup();
    as.map(0x1000, 1, PERM_RW);
    as.map(0x2000, 2, PERM_RW);
    const s = new TextEncoder().encode('héllo, world\0');
    as.copyOut(0x1ffa, s);
    expect(as.readCString(0x1ffa)).toBe('héllo, world');
    expect(as.readCString(0x1ffa, 5)).toBeUndefined();
    expect(as.lastFault).toBe(0x1fff);
    as.zero(0x2000, 4096);
    as.copyOut(0x2ffe, new Uint8Array([65, 66]));
    expect(as.readCString(0x2ffe)).toBeUndefined();
    expect(as.lastFault).toBe(0x3000);
  });
});

describe('hart memory protection', () => {
  it('loads and stores to unmapped or forbidden pages trap with the faulting address; nothing is written', () => {
    const bm = new BareMachine();
    bm.mapNew(0x30000, PERM_R);
    expect(bm.exec([A.load('lw', 6, 5, 8)], { 5: 0x40000 })).toMatchObject({ cause: Cause.LoadPageFault, tval: 0x40008, pc: CODE });
    expect(bm.exec([A.store('sw', 6, 5, 0)], { 5: 0x30000, 6: 1 })).toMatchObject({ cause: Cause.StorePageFault, tval: 0x30000 });
    expect(bm.space.readU32(0x30000)).toBe(0);
    // A store crossing into a read-only page writes nothing, and reports the address in the bad page.
    bm.mapNew(0x2f000, PERM_RW);
    expect(bm.exec([A.store('sw', 6, 5, 0)], { 5: 0x2fffe, 6: -1 })).toMatchObject({ cause: Cause.StorePageFault, tval: 0x30000 });
    expect(bm.space.readU32(0x2fffc)).toBe(0);
    // Stores to the code page (r-x) are refused.
    expect(bm.exec([A.store('sb', 6, 5, 0)], { 5: CODE })).toMatchObject({ cause: Cause.StorePageFault, tval: CODE });
  });
  it('fetching from a page without x traps InstructionPageFault with the pc', () => {
    const bm = new BareMachine();
    bm.load([A.jalr(0, 5, 0)]);
    bm.space.copyOut(DATA, A.words([A.ecall()]));
    bm.machine.hart.pc = CODE;
    bm.machine.hart.regs[5] = DATA;
    bm.machine.run(100);
    expect(bm.traps[0]).toMatchObject({ cause: Cause.InstructionPageFault, tval: DATA, pc: DATA });
  });
  it('flushes its TLB when the kernel unmaps or protects a page inside a trap', () => {
    const bm = new BareMachine();
    // lw, ecall, lw, ecall: the kernel revokes read permission at the first ecall.
    bm.onTrapHook = (t) => {
      if (t.cause === Cause.Ecall && bm.traps.length === 1) {
        bm.space.protect(DATA, PERM_W);
        bm.machine.hart.pc += 4;
      } else bm.machine.stop();
    };
    bm.space.writeU32(DATA, 42);
    bm.exec([A.load('lw', 6, 5, 0), A.ecall(), A.load('lw', 7, 5, 0), A.ecall()], { 5: DATA });
    expect(bm.reg(6)).toBe(42);
    expect(bm.traps[1]).toMatchObject({ cause: Cause.LoadPageFault, tval: DATA, pc: CODE + 8 });
    bm.space.protect(DATA, PERM_RW);
  });
  it('switching address spaces switches translations', () => {
    const bm = new BareMachine();
    const other = new AddressSpace(bm.machine.memory);
    const f = bm.frames.allocFrame(1);
    other.map(CODE, bm.space.frameOf(CODE), PERM_RX);
    other.map(DATA, f, PERM_RW);
    bm.space.writeU32(DATA, 1);
    other.writeU32(DATA, 2);
    bm.exec([A.load('lw', 6, 5, 0), A.ecall()], { 5: DATA });
    expect(bm.reg(6)).toBe(1);
    bm.machine.space = other;
    bm.exec([A.load('lw', 6, 5, 0), A.ecall()], { 5: DATA });
    expect(bm.reg(6)).toBe(2);
  });
  it('self-modifying code: a store into a page with translated code takes effect after fence.i', () => {
    const bm = new BareMachine();
    bm.space.protect(CODE, PERM_RWX);
    // 0: addi x6, x0, 1 (patched)  4: bne x8, x0, +20 (to 24)  8: sw x7, 0(x5)  12: addi x8, x0, 1
    // 16: fence.i  20: jal x0, -20 (to 0)  24: ecall. The block at 0 runs once before the patch.
    const patched = A.addi(6, 0, 2);
    bm.exec([A.addi(6, 0, 1), A.branch('bne', 8, 0, 20), A.store('sw', 7, 5, 0), A.addi(8, 0, 1), A.fenceI(), A.jal(0, -20), A.ecall()],
      { 5: CODE, 7: patched | 0 });
    expect(bm.traps[0]).toMatchObject({ cause: Cause.Ecall, pc: CODE + 24 });
    expect(bm.reg(6)).toBe(2);
  });
  it('self-modifying code: a store into a page with translated code takes effect after fence.i', () => {
    const bm = new BareMachine();
    bm.space.protect(CODE, PERM_RWX);
    // 0: jal x0, +12 (to 12)   4: addi x6, x0, 1 (patched)   8: ecall   12: sw x7, 4(x5)   16: fence.i   20: jal x0, -16 (to 4)
    const patched = A.addi(6, 0, 2);
    bm.exec([A.jal(0, 12), A.addi(6, 0, 1), A.ecall(), A.store('sw', 7, 5, 4), A.fenceI(), A.jal(0, -16)], { 5: CODE, 7: patched | 0 });
    expect(bm.reg(6)).toBe(2);
    // Once more, now that the old block was translated: the kernel rewrites it through copyOut.
    bm.exec([A.addi(6, 0, 3), A.ecall()]);
    expect(bm.reg(6)).toBe(3);
  });
});
