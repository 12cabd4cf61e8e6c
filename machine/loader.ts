// Loads a parsed ELF into an address space and builds the Linux initial stack, as Linux's
// binfmt_elf (and qemu-riscv32) do. Stack, from STACK_TOP down:
//   a NULL word; the execfn string; the envp strings; the argv strings (argv[0] lowest);
//   16 AT_RANDOM bytes (16-byte aligned); then, at sp (16-byte aligned):
//   argc, argv[0..argc-1], NULL, envp[0..], NULL, auxv pairs ending with AT_NULL.
// Pages of a segment get the union of the permissions of every segment touching them; file
// bytes are copied, the rest (bss) is zero. Frames come from the injected FrameSource.
import { AddressSpace, PERM_R, PERM_RW, PERM_W, PERM_X } from './address-space.js';
import { OutOfFramesError } from './errors.js';
import { PF_R, PF_W, PF_X, type ElfImage } from './elf.js';
import type { FrameSource } from './frame-source.js';
import { STACK_TOP } from './layout.js';
import { PAGE_SIZE } from './physical-memory.js';
import { SplitMix32 } from './prng.js';

export const AT = {
  NULL: 0, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9,
  UID: 11, EUID: 12, GID: 13, EGID: 14, HWCAP: 16, CLKTCK: 17, SECURE: 23, RANDOM: 25, EXECFN: 31,
} as const;
/** AT_HWCAP for RV32IM: one bit per extension letter ('I', 'M'). */
export const HWCAP_RV32IM = (1 << ('I'.charCodeAt(0) - 65)) | (1 << ('M'.charCodeAt(0) - 65));

export interface LoadOptions {
  argv: string[];
  envp?: string[];
  /** AT_EXECFN string (default argv[0]). */
  execfn?: string;
  /** Seed of the AT_RANDOM bytes. */
  seed?: number;
  /** Owner passed to allocFrame (a pid). */
  owner?: number;
  uid?: number;
  gid?: number;
  /** Extra stack pages mapped below the initial sp (the kernel may also grow the stack on faults). */
  stackSlackPages?: number;
}

export interface LoadedProgram {
  entry: number;
  /** Initial stack pointer (16-byte aligned). */
  sp: number;
  /** Start of the program break: the page-aligned end of the highest segment. */
  brk: number;
  /** Lowest mapped stack address. */
  stackBottom: number;
  /** Address of argv[0]'s pointer, of AT_RANDOM's bytes: handy for tests and debuggers. */
  argvAddr: number;
  randomAddr: number;
}

const encoder = new TextEncoder();

function mapPage(space: AddressSpace, frames: FrameSource, va: number, perms: number, owner: number): void {
  const f = frames.allocFrame(owner);
  if (f < 0) throw new OutOfFramesError(`loader: out of physical frames while mapping page 0x${(va >>> 0).toString(16)}`);
  space.phys.zeroFrame(f);
  space.map(va, f, perms);
}

/** Maps the segments of `elf` into `space` (which should be empty) and builds the initial stack. */
export function loadElf(space: AddressSpace, frames: FrameSource, elf: ElfImage, opts: LoadOptions): LoadedProgram {
  const owner = opts.owner ?? 0;
  // Page permissions: union over the segments touching each page.
  const pagePerms = new Map<number, number>();
  let end = 0;
  for (const s of elf.loads) {
    const perms = (s.flags & PF_R ? PERM_R : 0) | (s.flags & PF_W ? PERM_W : 0) | (s.flags & PF_X ? PERM_X : 0);
    for (let p = Math.floor(s.vaddr / PAGE_SIZE); p * PAGE_SIZE < s.vaddr + s.memsz; p++) pagePerms.set(p, (pagePerms.get(p) ?? 0) | perms);
    end = Math.max(end, s.vaddr + s.memsz);
  }
  for (const [p, perms] of [...pagePerms].sort((a, b) => a[0] - b[0])) mapPage(space, frames, p * PAGE_SIZE, perms, owner);
  for (const s of elf.loads) space.copyOut(s.vaddr, elf.bytes, s.offset, s.filesz, 0);

  const envp = opts.envp ?? [];
  const execfn = opts.execfn ?? opts.argv[0] ?? '';
  const argvB = opts.argv.map((a) => encoder.encode(a + '\0'));
  const envB = envp.map((e) => encoder.encode(e + '\0'));
  const execB = encoder.encode(execfn + '\0');
  const auxCount = 19;
  const strBytes = [...argvB, ...envB, execB].reduce((n, b) => n + b.length, 0);
  const words = 1 + opts.argv.length + 1 + envp.length + 1 + 2 * auxCount;
  const need = 4 + strBytes + 32 + 4 * words + 16;
  const slack = opts.stackSlackPages ?? 4;
  const stackBottom = STACK_TOP - (Math.ceil(need / PAGE_SIZE) + slack) * PAGE_SIZE;
  for (let va = stackBottom; va < STACK_TOP; va += PAGE_SIZE) mapPage(space, frames, va, PERM_RW, owner);

  let p = STACK_TOP - 4; // the NULL word at the very top
  const put = (b: Uint8Array): number => {
    p -= b.length;
    space.copyOut(p, b);
    return p;
  };
  const execAddr = put(execB);
  const envAddrs = envB.slice().reverse().map(put).reverse();
  const argAddrs = argvB.slice().reverse().map(put).reverse();
  p &= ~15;
  const random = new Uint8Array(16);
  new SplitMix32(opts.seed ?? 0).fill(random);
  const randomAddr = put(random);
  const phdr = elf.phdrAddr;
  // The order qemu-riscv32 uses (checked by dumping the initial stack of a guest under qemu).
  const aux: Array<[number, number]> = [
    [AT.PHDR, phdr], [AT.PHENT, 32], [AT.PHNUM, elf.phnum], [AT.PAGESZ, PAGE_SIZE], [AT.BASE, 0],
    [AT.FLAGS, 0], [AT.ENTRY, elf.entry], [AT.UID, opts.uid ?? 0], [AT.EUID, opts.uid ?? 0],
    [AT.GID, opts.gid ?? 0], [AT.EGID, opts.gid ?? 0], [AT.HWCAP, HWCAP_RV32IM], [AT.CLKTCK, 100],
    [AT.RANDOM, randomAddr], [AT.SECURE, 0], [AT.EXECFN, execAddr], [AT.NULL, 0],
  ];
  const table = [opts.argv.length, ...argAddrs, 0, ...envAddrs, 0, ...aux.flat()];
  const sp = (p - 4 * table.length) & ~15;
  const buf = new Uint8Array(4 * table.length);
  const dv = new DataView(buf.buffer);
  table.forEach((v, i) => dv.setUint32(4 * i, v >>> 0, true));
  space.copyOut(sp, buf);
  return { entry: elf.entry, sp: sp >>> 0, brk: Math.ceil(end / PAGE_SIZE) * PAGE_SIZE, stackBottom, argvAddr: sp + 4, randomAddr };
}

/** Unmaps every page of `space` and returns its frames to `frames`. */
export function releaseAddressSpace(space: AddressSpace, frames: FrameSource): void {
  const pages: number[] = [];
  space.forEachPage((va) => pages.push(va));
  for (const va of pages) frames.freeFrame(space.unmap(va));
}
