// ELF32 parsing and validation for static RISC-V executables. Refuses, with a message saying what
// and where, anything the loader cannot run exactly: wrong class/endianness/machine/type, a
// dynamic interpreter, compressed or floating-point ABIs, headers or segments out of bounds.
import { ElfError } from './errors.js';
import { STACK_LIMIT, USER_BASE } from './layout.js';

export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
const EM_RISCV = 243;
const ET_EXEC = 2;
const ET_DYN = 3;
const EF_RISCV_RVC = 0x1;
const EF_RISCV_FLOAT_ABI = 0x6;
const EF_RISCV_RVE = 0x8;

export interface ElfSegment {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: number;
}

export interface ElfImage {
  name: string;
  bytes: Uint8Array;
  entry: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  /** Every program header. */
  segments: ElfSegment[];
  /** Only PT_LOAD, in file order. */
  loads: ElfSegment[];
  /** Guest address of the program headers (for AT_PHDR), 0 if they are not loaded. */
  phdrAddr: number;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

export function parseElf(bytes: Uint8Array, name = 'program'): ElfImage {
  const fail = (msg: string, off?: number): never => {
    throw new ElfError(msg, name, off);
  };
  if (bytes.length < 52) fail(`file is ${bytes.length} bytes, too short for an ELF32 header (52 bytes)`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) fail('not an ELF file (bad magic at offset 0; expected 7f 45 4c 46)', 0);
  if (bytes[4] !== 1) fail(`ELF class ${bytes[4]} at offset 4: expected 1 (ELFCLASS32); ${bytes[4] === 2 ? 'this is a 64-bit ELF, build with -march=rv32im -mabi=ilp32' : ''}`.trim(), 4);
  if (bytes[5] !== 1) fail(`data encoding ${bytes[5]} at offset 5: expected 1 (little-endian)`, 5);
  if (bytes[6] !== 1) fail(`ELF version ${bytes[6]} at offset 6: expected 1`, 6);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const type = u16(16);
  if (type === ET_DYN) fail('e_type is ET_DYN (position-independent or shared object): expected ET_EXEC; link with -static -no-pie', 16);
  if (type !== ET_EXEC) fail(`e_type ${type} at offset 16: expected 2 (ET_EXEC, a static executable)`, 16);
  const machine = u16(18);
  if (machine !== EM_RISCV) fail(`e_machine ${machine} at offset 18: expected 243 (RISC-V)`, 18);
  const flags = u32(36);
  if (flags & EF_RISCV_RVC) fail('e_flags has EF_RISCV_RVC: the machine implements RV32IM without compressed instructions; build with -march=rv32im', 36);
  if (flags & EF_RISCV_FLOAT_ABI) fail(`e_flags float ABI ${(flags & EF_RISCV_FLOAT_ABI) >> 1}: expected soft-float (-mabi=ilp32)`, 36);
  if (flags & EF_RISCV_RVE) fail('e_flags has EF_RISCV_RVE: expected the full RV32I register file', 36);
  const entry = u32(24);
  const phoff = u32(28);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum === 0) fail('no program headers (e_phnum is 0)', 44);
  if (phentsize !== 32) fail(`e_phentsize ${phentsize} at offset 42: expected 32`, 42);
  if (phoff + phnum * 32 > bytes.length) fail(`program headers [${phoff}, ${phoff + phnum * 32}) extend past the end of the file (${bytes.length} bytes)`, 28);
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * 32;
    segments.push({ type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), filesz: u32(o + 16), memsz: u32(o + 20), flags: u32(o + 24) });
  }
  const loads: ElfSegment[] = [];
  segments.forEach((s, i) => {
    const where = phoff + i * 32;
    if (s.type === PT_INTERP) fail(`program header ${i} is PT_INTERP: dynamically linked executables are not supported; link with -static`, where);
    if (s.type !== PT_LOAD) return;
    if (s.filesz > s.memsz) fail(`PT_LOAD ${i}: p_filesz ${s.filesz} > p_memsz ${s.memsz}`, where);
    if (s.offset + s.filesz > bytes.length) fail(`PT_LOAD ${i}: file range [${s.offset}, ${s.offset + s.filesz}) is past the end of the file (${bytes.length} bytes)`, where);
    if (s.memsz === 0) return;
    if (s.vaddr < USER_BASE || s.vaddr + s.memsz > STACK_LIMIT) {
      fail(`PT_LOAD ${i}: memory range [${hex(s.vaddr)}, ${hex(s.vaddr + s.memsz)}) is outside the user range [${hex(USER_BASE)}, ${hex(STACK_LIMIT)})`, where);
    }
    for (const t of loads) {
      if (s.vaddr < t.vaddr + t.memsz && t.vaddr < s.vaddr + s.memsz) fail(`PT_LOAD ${i}: [${hex(s.vaddr)}, ${hex(s.vaddr + s.memsz)}) overlaps another PT_LOAD at ${hex(t.vaddr)}`, where);
    }
    loads.push(s);
  });
  if (loads.length === 0) fail('no PT_LOAD segment with memory');
  const exec = loads.find((s) => (s.flags & PF_X) !== 0 && entry >= s.vaddr && entry < s.vaddr + s.memsz);
  if (exec === undefined) fail(`entry point ${hex(entry)} is not inside an executable PT_LOAD segment`, 24);
  if (entry & 3) fail(`entry point ${hex(entry)} is not 4-byte aligned`, 24);
  let phdrAddr = 0;
  const phdr = segments.find((s) => s.type === PT_PHDR);
  if (phdr !== undefined) phdrAddr = phdr.vaddr;
  else {
    const holder = loads.find((s) => phoff >= s.offset && phoff + phnum * 32 <= s.offset + s.filesz);
    if (holder !== undefined) phdrAddr = holder.vaddr + (phoff - holder.offset);
  }
  return { name, bytes, entry, phoff, phentsize, phnum, segments, loads, phdrAddr };
}
