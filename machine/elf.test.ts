// ELF validation errors, segment loading (permissions, bss), and the Linux initial stack.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AddressSpace, PERM_R, PERM_RW, PERM_RX } from './address-space.js';
import { parseElf } from './elf.js';
import { ElfError, OutOfFramesError } from './errors.js';
import { SimpleFrameSource } from './frame-source.js';
import { STACK_TOP } from './layout.js';
import { AT, HWCAP_RV32IM, loadElf, releaseAddressSpace } from './loader.js';
import { PhysicalMemory } from './physical-memory.js';
import * as A from './testkit/asm.js';
import { makeElf } from './testkit/elf-writer.js';

const code = A.words([A.addi(10, 0, 0), A.addi(17, 0, 93), A.ecall()]);
const data = new TextEncoder().encode('data!');
const good = () => makeElf(0x10000, [
  { vaddr: 0x10000, flags: 5, data: code },
  { vaddr: 0x11000, flags: 6, data, memsz: 0x2000 },
]);
const patch = (b: Uint8Array, off: number, v: number, size: 1 | 2 | 4) => {
  const c = b.slice();
  const dv = new DataView(c.buffer);
  if (size === 1) c[off] = v;
  else if (size === 2) dv.setUint16(off, v, true);
  else dv.setUint32(off, v, true);
  return c;
};

describe('ELF validation', () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['too short', good().slice(0, 20), /too short for an ELF32 header/],
    ['bad magic', patch(good(), 1, 0x41, 1), /not an ELF file/],
    ['64-bit', patch(good(), 4, 2, 1), /ELF class 2 .*expected 1 \(ELFCLASS32\).*64-bit/],
    ['big-endian', patch(good(), 5, 2, 1), /expected 1 \(little-endian\)/],
    ['shared object', patch(good(), 16, 3, 2), /ET_DYN.*-static -no-pie/],
    ['relocatable', patch(good(), 16, 1, 2), /e_type 1 .*expected 2 \(ET_EXEC/],
    ['x86', patch(good(), 18, 62, 2), /e_machine 62 .*expected 243 \(RISC-V\)/],
    ['compressed', patch(good(), 36, 1, 4), /EF_RISCV_RVC.*-march=rv32im/],
    ['hard float', patch(good(), 36, 4, 4), /float ABI 2: expected soft-float/],
    ['phentsize', patch(good(), 42, 40, 2), /e_phentsize 40 .*expected 32/],
    ['no phdrs', patch(good(), 44, 0, 2), /no program headers/],
    ['phdrs past end', patch(good(), 28, 0xfff0, 4), /program headers .* extend past the end/],
    ['filesz > memsz', patch(good(), 52 + 16, 0x10000, 4), /p_filesz 65536 > p_memsz 12/],
    ['segment data past end', patch(patch(good(), 52 + 4, 0x100000, 4), 52 + 20, 0x100, 4), /file range .* past the end of the file/],
    ['segment in page 0', patch(good(), 52 + 8, 0x10, 4), /outside the user range/],
    ['segment in stack', patch(good(), 52 + 32 + 8, 0x7ff00000, 4), /outside the user range/],
    ['entry outside code', patch(good(), 24, 0x11000, 4), /entry point 0x11000 is not inside an executable PT_LOAD/],
    ['interp', patch(good(), 52, 3, 4), /PT_INTERP: dynamically linked/],
  ];
  for (const [name, bytes, msg] of cases) {
    it(`refuses: ${name}`, () => {
      let err: unknown;
      try {
        parseElf(bytes, 'x.elf');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ElfError);
      expect((err as Error).message).toMatch(/^x\.elf: /);
      expect((err as Error).message).toMatch(msg);
    });
  }
  it('overlapping segments are refused', () => {
    const b = makeElf(0x10000, [{ vaddr: 0x10000, flags: 5, data: code }, { vaddr: 0x10004, flags: 6, data }]);
    expect(() => parseElf(b, 'o.elf')).toThrow(/overlaps another PT_LOAD at 0x10000/);
  });
});

describe('loading', () => {
  const setup = (frames = 64) => {
    const pm = new PhysicalMemory(frames);
    return { pm, space: new AddressSpace(pm), fs: new SimpleFrameSource(frames) };
  };
  it('maps segments with their permissions, copies file bytes, zeroes bss, sets brk', () => {
    const { space, fs } = setup();
    const p = loadElf(space, fs, parseElf(good()), { argv: ['prog'] });
    expect(p.entry).toBe(0x10000);
    expect(space.permsOf(0x10000)).toBe(PERM_RX);
    expect(space.permsOf(0x11000)).toBe(PERM_RW);
    expect(space.permsOf(0x12000)).toBe(PERM_RW);
    expect(space.permsOf(0x13000)).toBe(0);
    expect(space.readU32(0x10004)).toBe(A.addi(17, 0, 93));
    expect(space.readCString(0x11000, 5)).toBeUndefined(); // 'data!' is followed by bss zeros... within 5 bytes no NUL
    expect(space.readCString(0x11000)).toBe('data!');
    const bss = new Uint8Array(0x2000 - 5);
    expect(space.copyIn(0x11005, bss)).toBe(true);
    expect(bss.every((x) => x === 0)).toBe(true);
    expect(p.brk).toBe(0x13000);
  });
  it('a page shared by two segments gets the union of their permissions', () => {
    const { space, fs } = setup();
    const b = makeElf(0x10000, [{ vaddr: 0x10000, flags: 5, data: code }, { vaddr: 0x10800, flags: 4, data }]);
    loadElf(space, fs, parseElf(b), { argv: ['p'] });
    expect(space.permsOf(0x10800)).toBe(PERM_RX);
    expect(space.permsOf(0x10800) & PERM_R).toBe(PERM_R);
  });
  it('runs out of frames with OutOfFramesError; releaseAddressSpace returns every frame', () => {
    const { space, fs } = setup(3);
    expect(() => loadElf(space, fs, parseElf(good()), { argv: ['p'] })).toThrow(OutOfFramesError);
    releaseAddressSpace(space, fs);
    expect(fs.freeCount).toBe(3);
    expect(space.mappedPages).toBe(0);
  });
});

describe('initial stack (Linux layout)', () => {
  it('AT_PHDR points at the loaded program headers of a real linked ELF', () => {
    const bytes = new Uint8Array(readFileSync(new URL('../workloads/bin/hello.elf', import.meta.url)));
    const elf = parseElf(bytes, 'hello.elf');
    const pm = new PhysicalMemory(256);
    const space = new AddressSpace(pm);
    loadElf(space, new SimpleFrameSource(256), elf, { argv: ['hello'] });
    expect(elf.phdrAddr).not.toBe(0);
    const hdr = new Uint8Array(32 * elf.phnum);
    expect(space.copyIn(elf.phdrAddr, hdr)).toBe(true);
    expect(hdr).toEqual(bytes.subarray(elf.phoff, elf.phoff + 32 * elf.phnum));
  });
  it('argc, argv, envp, auxv, strings and AT_RANDOM, with a 16-byte aligned sp', () => {
    const pm = new PhysicalMemory(64);
    const space = new AddressSpace(pm);
    const elf = parseElf(good());
    const argv = ['/bin/prog', 'a b', ''];
    const envp = ['HOME=/', 'X=1'];
    const p = loadElf(space, new SimpleFrameSource(64), elf, { argv, envp, seed: 42, execfn: '/bin/prog' });
    expect(p.sp % 16).toBe(0);
    const w = (a: number) => space.readU32(a)!;
    expect(w(p.sp)).toBe(3);
    const argvPtrs = [1, 2, 3].map((i) => w(p.sp + 4 * i));
    expect(argvPtrs.map((a) => space.readCString(a))).toEqual(argv);
    expect(w(p.sp + 16)).toBe(0);
    const envPtrs = [w(p.sp + 20), w(p.sp + 24)];
    expect(envPtrs.map((a) => space.readCString(a))).toEqual(envp);
    expect(w(p.sp + 28)).toBe(0);
    // Strings: argv strings lowest, then envp strings, then execfn, then a NULL word at the top.
    expect(argvPtrs[0] < argvPtrs[1] && argvPtrs[2] < envPtrs[0] && envPtrs[1] < STACK_TOP - 4).toBe(true);
    expect(w(STACK_TOP - 4)).toBe(0);
    const aux = new Map<number, number>();
    const order: number[] = [];
    for (let a = p.sp + 32; ; a += 8) {
      order.push(w(a));
      aux.set(w(a), w(a + 4));
      if (w(a) === AT.NULL) break;
    }
    // qemu-riscv32's order.
    expect(order).toEqual([AT.PHDR, AT.PHENT, AT.PHNUM, AT.PAGESZ, AT.BASE, AT.FLAGS, AT.ENTRY, AT.UID, AT.EUID, AT.GID, AT.EGID,
      AT.HWCAP, AT.CLKTCK, AT.RANDOM, AT.SECURE, AT.EXECFN, AT.NULL]);
    expect(aux.get(AT.PAGESZ)).toBe(4096);
    expect(aux.get(AT.PHENT)).toBe(32);
    expect(aux.get(AT.PHNUM)).toBe(2);
    expect(aux.get(AT.PHDR)).toBe(0); // this test ELF does not load its program headers
    expect(aux.get(AT.ENTRY)).toBe(0x10000);
    expect(aux.get(AT.HWCAP)).toBe(HWCAP_RV32IM);
    expect(space.readCString(aux.get(AT.EXECFN)!)).toBe('/bin/prog');
    const rnd = aux.get(AT.RANDOM)!;
    expect(rnd % 16).toBe(0);
    expect(rnd).toBe(p.randomAddr);
    const bytes = new Uint8Array(16);
    space.copyIn(rnd, bytes);
    expect(new Set(bytes).size).toBeGreaterThan(4);
    // Same seed, same bytes; another seed, other bytes.
    const again = new AddressSpace(pm);
    const q = loadElf(again, new SimpleFrameSource(32, 32), elf, { argv, envp, seed: 42 });
    const b2 = new Uint8Array(16);
    again.copyIn(q.randomAddr, b2);
    expect(b2).toEqual(bytes);
  });
});
