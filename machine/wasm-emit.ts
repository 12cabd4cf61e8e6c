// A minimal WebAssembly binary writer for the region translator (wasm-translate.ts): LEB128
// immediates, the opcodes it uses, and a module with one exported function `run(pc, budget) -> i32`
// that imports the machine's memory and the hart's slow paths.
// Invariant: the byte buffer only grows; `bytes()` copies the written prefix.

export const Op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, brTable: 0x0e, return: 0x0f, call: 0x10,
  drop: 0x1a, select: 0x1b, localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i32Load8S: 0x2c, i32Load8U: 0x2d, i32Load16S: 0x2e, i32Load16U: 0x2f,
  i32Store: 0x36, i32Store8: 0x3a, i32Store16: 0x3b, i32Const: 0x41,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32GtU: 0x4b, i32LeS: 0x4c, i32LeU: 0x4d,
  i32GeS: 0x4e, i32GeU: 0x4f,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32DivS: 0x6d, i32DivU: 0x6e, i32RemS: 0x6f, i32RemU: 0x70, i32And: 0x71,
  i32Or: 0x72, i32Xor: 0x73, i32Shl: 0x74, i32ShrS: 0x75, i32ShrU: 0x76,
  callIndirect: 0x11, returnCallIndirect: 0x13, i64Mul: 0x7e, i64ShrS: 0x87, i64ShrU: 0x88, i32WrapI64: 0xa7, i64ExtendI32S: 0xac, i64ExtendI32U: 0xad,
} as const;

/** Block type "no result" and "i32 result". */
export const VOID = 0x40;
export const I32 = 0x7f;

export class ByteWriter {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(4096);
  length = 0;

  byte(b: number): this {
    if (this.length === this.buf.length) {
      const n = new Uint8Array(this.buf.length * 2);
      n.set(this.buf);
      this.buf = n;
    }
    this.buf[this.length++] = b;
    return this;
  }

  u32(v: number): this {
    v >>>= 0;
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.byte(b);
    } while (v !== 0);
    return this;
  }

  s32(v: number): this {
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.byte(bytes[i]);
    return this;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length);
  }
}

/** One import function signature: params then results, all i32. */
export interface ImportFn {
  name: string;
  params: number;
  results: number;
}

/** A module being written: the magic and version, then its sections in order (names are ASCII). */
class ModuleWriter {
  private readonly w = new ByteWriter().raw([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

  section(id: number, body: ByteWriter): void {
    this.w.byte(id).u32(body.length).raw(body.bytes());
  }

  /** The type section's entries for all-i32 signatures (a count, then one func type each). */
  static i32Types(fns: readonly ImportFn[], extra = 0): ByteWriter {
    const types = new ByteWriter().u32(fns.length + extra);
    for (const f of fns) {
      types.byte(0x60).u32(f.params);
      for (let i = 0; i < f.params; i++) types.byte(I32);
      types.u32(f.results);
      for (let i = 0; i < f.results; i++) types.byte(I32);
    }
    return types;
  }

  static name(b: ByteWriter, s: string): ByteWriter {
    b.u32(s.length);
    for (let i = 0; i < s.length; i++) b.byte(s.charCodeAt(i));
    return b;
  }

  bytes(): Uint8Array<ArrayBuffer> {
    return this.w.bytes();
  }
}

/**
 * Wraps a function body `run(pc, budget, n) -> i32` (the caller's `localCount` i32 locals, then
 * `code`, which must end with `end`) into a module importing `env.mem` and `env.table` (funcref,
 * for chaining and slow paths). Type i is the signature of `slowPaths[i]` (called through the
 * table: no function imports, so instantiating a region compiles no import wrapper); the run type
 * has type index `slowPaths.length`.
 */
export function buildModule(slowPaths: ImportFn[], localCount: number, code: Uint8Array): Uint8Array<ArrayBuffer> {
  const m = new ModuleWriter();
  const str = ModuleWriter.name;
  // Types: one per slow path, then the exported function's (i32, i32, i32) -> i32.
  const types = ModuleWriter.i32Types(slowPaths, 1);
  types.byte(0x60).u32(3).byte(I32).byte(I32).byte(I32).u32(1).byte(I32);
  m.section(1, types);
  const imp = new ByteWriter().u32(2);
  str(str(imp, 'env'), 'mem').byte(0x02).byte(0x00).u32(0);
  str(str(imp, 'env'), 'table').byte(0x01).byte(0x70).byte(0x00).u32(0);
  m.section(2, imp);
  m.section(3, new ByteWriter().u32(1).u32(slowPaths.length));
  m.section(7, str(new ByteWriter().u32(1), 'run').byte(0x00).u32(0));
  const body = new ByteWriter().u32(1).u32(localCount).byte(I32).raw(code);
  m.section(10, new ByteWriter().u32(1).u32(body.length).raw(body.bytes()));
  return m.bytes();
}

/**
 * A module importing `env.<fn>` for each of `fns` and exporting `f<i>`, a wasm function with the
 * same signature that calls it: what a funcref table can hold (plain JS functions cannot go in
 * one), so that region modules reach the slow paths with call_indirect instead of imports.
 */
export function buildForwarders(fns: ImportFn[]): Uint8Array<ArrayBuffer> {
  const m = new ModuleWriter();
  const str = ModuleWriter.name;
  m.section(1, ModuleWriter.i32Types(fns));
  const imp = new ByteWriter().u32(fns.length);
  fns.forEach((f, i) => str(str(imp, 'env'), f.name).byte(0x00).u32(i));
  m.section(2, imp);
  const funcs = new ByteWriter().u32(fns.length);
  fns.forEach((_, i) => funcs.u32(i));
  m.section(3, funcs);
  const exp = new ByteWriter().u32(fns.length);
  fns.forEach((_, i) => str(exp, `f${i}`).byte(0x00).u32(fns.length + i));
  m.section(7, exp);
  const code = new ByteWriter().u32(fns.length);
  fns.forEach((f, i) => {
    const body = new ByteWriter().u32(0);
    for (let p = 0; p < f.params; p++) body.byte(Op.localGet).u32(p);
    body.byte(Op.call).u32(i).byte(Op.end);
    code.u32(body.length).raw(body.bytes());
  });
  m.section(10, code);
  return m.bytes();
}
