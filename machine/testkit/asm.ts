// A tiny RV32IM assembler for tests: one encoder per instruction format and named helpers, so
// committed tests need no toolchain. Immediates are taken as plain integers and masked here.
export const R = (f7: number, rs2: number, rs1: number, f3: number, rd: number, op: number) =>
  ((f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
export const I = (imm: number, rs1: number, f3: number, rd: number, op: number) =>
  (((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op) >>> 0;
export const S = (imm: number, rs2: number, rs1: number, f3: number, op = 0x23) =>
  ((((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((imm & 31) << 7) | op) >>> 0;
export const B = (imm: number, rs2: number, rs1: number, f3: number) =>
  ((((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
    (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | 0x63) >>> 0;
export const U = (imm: number, rd: number, op: number) => ((imm & 0xfffff000) | (rd << 7) | op) >>> 0;
export const J = (imm: number, rd: number) =>
  ((((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) | (((imm >> 12) & 0xff) << 12) | (rd << 7) | 0x6f) >>> 0;

/** R-type ALU and M operations: name -> [funct7, funct3]. */
export const OPS: Record<string, [number, number]> = {
  add: [0, 0], sub: [0x20, 0], sll: [0, 1], slt: [0, 2], sltu: [0, 3], xor: [0, 4], srl: [0, 5], sra: [0x20, 5], or: [0, 6], and: [0, 7],
  mul: [1, 0], mulh: [1, 1], mulhsu: [1, 2], mulhu: [1, 3], div: [1, 4], divu: [1, 5], rem: [1, 6], remu: [1, 7],
};
/** I-type ALU operations: name -> funct3 (shifts take a 5-bit shamt and funct7 in the immediate). */
export const IMM_OPS: Record<string, number> = { addi: 0, slti: 2, sltiu: 3, xori: 4, ori: 6, andi: 7, slli: 1, srli: 5, srai: 5 };

export const rop = (name: string, rd: number, rs1: number, rs2: number) => R(OPS[name][0], rs2, rs1, OPS[name][1], rd, 0x33);
export const iop = (name: string, rd: number, rs1: number, imm: number) => {
  if (name === 'slli' || name === 'srli') return I(imm & 31, rs1, IMM_OPS[name], rd, 0x13);
  if (name === 'srai') return I((imm & 31) | 0x400, rs1, 5, rd, 0x13);
  return I(imm, rs1, IMM_OPS[name], rd, 0x13);
};
export const addi = (rd: number, rs1: number, imm: number) => I(imm, rs1, 0, rd, 0x13);
export const lui = (rd: number, imm: number) => U(imm, rd, 0x37);
export const auipc = (rd: number, imm: number) => U(imm, rd, 0x17);
export const jal = (rd: number, off: number) => J(off, rd);
export const jalr = (rd: number, rs1: number, imm: number) => I(imm, rs1, 0, rd, 0x67);
export const BRANCHES: Record<string, number> = { beq: 0, bne: 1, blt: 4, bge: 5, bltu: 6, bgeu: 7 };
export const branch = (name: string, rs1: number, rs2: number, off: number) => B(off, rs2, rs1, BRANCHES[name]);
export const LOADS: Record<string, number> = { lb: 0, lh: 1, lw: 2, lbu: 4, lhu: 5 };
export const load = (name: string, rd: number, rs1: number, imm: number) => I(imm, rs1, LOADS[name], rd, 0x03);
export const STORES: Record<string, number> = { sb: 0, sh: 1, sw: 2 };
export const store = (name: string, rs2: number, rs1: number, imm: number) => S(imm, rs2, rs1, STORES[name]);
export const ecall = () => 0x00000073;
export const ebreak = () => 0x00100073;
export const fence = () => 0x0ff0000f;
export const fenceI = () => 0x0000100f;
export const csrr = (rd: number, csr: number) => I(csr, 0, 2, rd, 0x73);
export const csrrw = (rd: number, csr: number, rs1: number) => I(csr, rs1, 1, rd, 0x73);

/** `li rd, value` as lui + addi (two instructions, always). */
export function li(rd: number, value: number): number[] {
  const lo = (value << 20) >> 20;
  const hi = (value - lo) | 0;
  return [lui(rd, hi), addi(rd, rd, lo)];
}

export function words(ws: number[]): Uint8Array {
  const b = new Uint8Array(ws.length * 4);
  const dv = new DataView(b.buffer);
  ws.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  return b;
}
