// One RV32IM hart in user mode: registers, pc, cycle counter, software TLBs, the translated-block
// cache (cold blocks run in the reference interpreter until they have started `translateAfter`
// times), and the slow paths (TLB refill, misaligned and page-crossing accesses, traps).
// Invariants: regs[0] is always 0 (generated code never writes it); `cycle` counts retired
// instructions (1 instruction = 1 cycle); a TLB entry (tag = the page's base address for the read
// and write TLBs, the vpn for the fetch TLB, -1 when empty; value = frame << 12) exists only
// for a page of `space` that grants that access, and every TLB is flushed when `space` changes or
// its `version` moves; a write-TLB entry never points at a frame with cached code (codeFrames), so
// every guest store to code goes through storeSlow, which drops the stale translations.
import type { AddressSpace } from './address-space.js';
import { PERM_R, PERM_W, PERM_X } from './address-space.js';
import { CHAIN_OK_OFFSET, type PhysicalMemory } from './physical-memory.js';
import { generateBlock, MAX_BLOCK, mulh, mulhsu, mulhu, div, divu, rem, remu } from './translate.js';
import { Interpreter } from './interpreter.js';
import { TLB_ENTRIES } from './tlb.js';
import { Cause } from './trap.js';
import { generateRegion, REGION_IMPORTS, regionKey, regionWords } from './wasm-translate.js';
import { buildForwarders } from './wasm-emit.js';
import { MachineConfigError } from './errors.js';

export type BlockFn = (pc: number, budget: number) => number;

/**
 * How hot code runs: 'jit' translates hot regions to WebAssembly (JavaScript blocks near budget
 * boundaries), 'js' translates hot blocks to JavaScript functions, 'interp' only interprets (the
 * reference). Cold code is always interpreted first.
 */
export type Engine = 'interp' | 'js' | 'jit';
export const ENGINES: readonly Engine[] = ['interp', 'js', 'jit'];
/** Region modules by instruction words, shared by every hart of the process (compiled once). */
const regionModules = new Map<string, WebAssembly.Module>();
/** The slow-path forwarders (see Hart.importsForRegions), compiled once per process. */
let forwarders: WebAssembly.Module | undefined;

const TLB_SIZE = TLB_ENTRIES;
const TABLE = TLB_ENTRIES * 4;
const CACHE_BITS = 16;
const CACHE_SIZE = 1 << CACHE_BITS;
const CACHE_MASK = CACHE_SIZE - 1;
const MAX_TRANSLATED = 1 << 16;
/** Entries of the chain table (virtual pc -> region), 16 bytes each, in the control area. */
const CHAIN_ENTRIES = 1024;
/** Regions that get a slot in the chaining table (later ones run unchained). */
const MAX_SLOTS = 1 << 16;
/**
 * Default number of interpreted starts of a block before it is translated: 'js' blocks are cheap
 * to make; a 'jit' region costs a module compile, and the interpreter (optimized by V8 within
 * the first few thousand instructions) is faster than a fresh JavaScript block, so regions come
 * straight from the interpreter, a little later.
 */
const JS_TRANSLATE_AFTER = 8;
export const JIT_TRANSLATE_AFTER = 32;
/**
 * ... plus this many starts per region already translated: the first hot loops compile early, and a
 * program that runs much code a few hundred times (printf, soft-float) stops paying ~1 ms of compile
 * per region it will barely use. Standalone, 3 runs each at load ~4: floatmath 600-1100 -> 170-310 ms,
 * fmt 400-540 -> 260-420, libc 240-410 -> 140-330, bench 2000 and sort 200000 unchanged (noise).
 */
export const JIT_TRANSLATE_GROWTH = 4;
/** Bound of that growth: a long-lived machine running program after program still compiles new hot code. */
const JIT_TRANSLATE_GROWTH_CAP = 2048;
type BlockFactory = (...bindings: unknown[]) => BlockFn;
/**
 * Block factories by source text, shared by every hart of the process: a closure is bound per
 * hart, but the compiled code (and V8's optimized code for it) is shared, so a second machine
 * running the same program starts warm.
 */
const factories = new Map<string, BlockFactory>();

/** Registers x0..x31 then pc: the layout of a saved context. */
export const CONTEXT_WORDS = 33;
/**
 * Byte offsets of the hart's state inside the control area of the WebAssembly.Memory
 * (PhysicalMemory.controlBase + offset): registers x0..x31 as int32, then the three TLBs, each
 * TLB_ENTRIES tags followed by TLB_ENTRIES values (frame << 12); read/write tags are page base
 * addresses (vpn << 12), fetch tags are vpns, -1 is empty. The read/write check of an access of
 * size s at address a is `tag === (a & (~4095 | (s - 1)))`: page and alignment in one comparison.
 */
export const HART_LAYOUT = {
  regs: 0, rTag: 1024, rPa: 1024 + TABLE, wTag: 1024 + 2 * TABLE, wPa: 1024 + 3 * TABLE, xTag: 1024 + 4 * TABLE, xPa: 1024 + 5 * TABLE,
  exitPc: 1024 + 6 * TABLE, slowFlag: 1024 + 6 * TABLE + 4,
  chain: 32768, chainEntries: CHAIN_ENTRIES, chainOk: CHAIN_OK_OFFSET,
  tlbEntries: TLB_ENTRIES,
} as const;

export class Hart {
  readonly regs: Int32Array;
  /** Virtual address of the next instruction (int32). */
  pc = 0;
  /** Emulated cycles since reset = instructions retired. */
  cycle = 0;
  trapPending = false;
  trapCause = 0;
  trapValue = 0;

  private space: AddressSpace | null = null;
  private spaceVersion = -1;
  private readonly rTag: Int32Array;
  private readonly rPa: Int32Array;
  private readonly wTag: Int32Array;
  private readonly wPa: Int32Array;
  private readonly xTag: Int32Array;
  private readonly xPa: Int32Array;

  private readonly blockPa = new Int32Array(CACHE_SIZE).fill(-1);
  private readonly blockGen = new Int32Array(CACHE_SIZE);
  private readonly blockLen = new Int32Array(CACHE_SIZE);
  private readonly blockFn: BlockFn[] = new Array(CACHE_SIZE);
  /** Compiled functions by source text: the same code at another address or in another process is compiled once. */
  private readonly compiled = new Map<string, BlockFn>();
  /** Entries filled since the last flush; past its capacity a flush clears everything. */
  private readonly tlbDirty = new Int32Array(3 * TLB_SIZE);
  private tlbDirtyCount = 3 * TLB_SIZE; // the first flush clears everything
  private readonly interp: Interpreter;
  /** Set by the machine after an interrupt: the next fetch may be in the middle of a block. */
  resumedMidBlock = false;
  /** Runs the interpreter at coldPa: what lookupSlow returns for code not yet worth translating. */
  private readonly interpretCold: BlockFn;
  private coldPa = 0;
  private readonly heatPa = new Int32Array(CACHE_SIZE).fill(-1);
  private readonly heat = new Int32Array(CACHE_SIZE);
  /** Every full-length translation by physical address, behind the direct-mapped table. */
  private readonly translated = new Map<number, { fn: BlockFn; len: number; gen: number }>();
  /** Blocks translated (a compile-cache miss or hit), for statistics. */
  blocksTranslated = 0;
  /** WebAssembly regions translated / compiled (module-cache misses), and ms spent compiling them. */
  regionsTranslated = 0;
  regionsCompiled = 0;
  regionCompileMs = 0;
  /** Entries into WebAssembly regions and the instructions they retired (the rest ran in JS or the interpreter). */
  regionEntries = 0;
  regionInstructions = 0;
  /** Stores that dropped cached code (a region leaves right after such a store). */
  private codeWrites = 0;
  readonly engine: Engine;
  /** JavaScript blocks by physical address: in 'jit', for entries where a region is longer than the budget. */
  private readonly jsBlocks = new Map<number, { fn: BlockFn; len: number; gen: number }>();
  private regionImports: WebAssembly.Imports | null = null;
  /** Function table of the regions, for chaining; slot per block-table entry (-1: not a region). */
  private readonly regionTable = new WebAssembly.Table({ element: 'anyfunc', initial: 256 });
  /** Slots 0..REGION_IMPORTS.length-1 hold the slow paths (see importsForRegions); regions come after. */
  private regionSlots = REGION_IMPORTS.length;
  private readonly blockSlot = new Int32Array(CACHE_SIZE).fill(-1);
  private readonly slotOf = new Map<BlockFn, number>();
  private readonly chainW: Int32Array;

  /** Interpreted starts of a block before it is translated (a JS block or a region, by engine). */
  readonly translateAfter: number;
  /** Extra starts required per region already translated (default jit only; 0 with an explicit translateAfter). */
  readonly translateGrowth: number;

  /**
   * @param translateAfter how many times a block is interpreted before it is translated (0: at
   *   once; Infinity: interpret only, the reference engine; default JS_TRANSLATE_AFTER for 'js',
   *   JIT_TRANSLATE_AFTER for 'jit').
   */
  constructor(readonly phys: PhysicalMemory, translateAfter?: number, engine: Engine = 'jit') {
    if (!(ENGINES as readonly string[]).includes(engine)) throw new MachineConfigError(`hart: unknown engine '${String(engine)}'; expected one of ${ENGINES.join(', ')}`);
    this.engine = engine;
    this.translateAfter = engine === 'interp' ? Infinity : translateAfter ?? (engine === 'jit' ? JIT_TRANSLATE_AFTER : JS_TRANSLATE_AFTER);
    this.translateGrowth = translateAfter === undefined && engine === 'jit' ? JIT_TRANSLATE_GROWTH : 0;
    const buf = phys.claimControl();
    const at = (off: number, n: number) => new Int32Array(buf, phys.controlBase + off, n);
    this.regs = at(HART_LAYOUT.regs, 32);
    this.rTag = at(HART_LAYOUT.rTag, TLB_SIZE);
    this.rPa = at(HART_LAYOUT.rPa, TLB_SIZE);
    this.wTag = at(HART_LAYOUT.wTag, TLB_SIZE);
    this.wPa = at(HART_LAYOUT.wPa, TLB_SIZE);
    this.xTag = at(HART_LAYOUT.xTag, TLB_SIZE);
    this.xPa = at(HART_LAYOUT.xPa, TLB_SIZE);
    this.chainW = at(HART_LAYOUT.chain, 4 * CHAIN_ENTRIES + 0);
    this.regs.fill(0);
    this.flushTlb();
    this.interp = new Interpreter(this, { regs: this.regs, rTag: this.rTag, rPa: this.rPa, wTag: this.wTag, wPa: this.wPa });
    this.interpretCold = (pc, budget) => this.interp.run(pc, this.coldPa, budget);
    const dummy: BlockFn = () => 0;
    this.blockFn.fill(dummy);
  }

  get addressSpace(): AddressSpace | null {
    return this.space;
  }

  /** Switches the address space translations come from (flushes the TLBs). */
  setAddressSpace(space: AddressSpace | null): void {
    this.space = space;
    this.flushTlb();
  }

  /** Flushes the TLBs if the current space's mappings changed since they were filled. */
  syncTlb(): void {
    if (this.space !== null && this.space.version !== this.spaceVersion) this.flushTlb();
  }

  /** Empties the TLBs: only the entries filled since the last flush (a context switch stays cheap). */
  flushTlb(): void {
    const d = this.tlbDirty;
    const n = this.tlbDirtyCount;
    if (n >= d.length) {
      this.rTag.fill(-1);
      this.wTag.fill(-1);
      this.xTag.fill(-1);
    } else {
      for (let k = 0; k < n; k++) {
        const e = d[k];
        const t = e & (TLB_SIZE - 1);
        if (e < TLB_SIZE) this.rTag[t] = -1;
        else if (e < 2 * TLB_SIZE) this.wTag[t] = -1;
        else this.xTag[t] = -1;
      }
    }
    this.tlbDirtyCount = 0;
    this.spaceVersion = this.space === null ? -1 : this.space.version;
    this.resetChains();
  }

  /**
   * Empties the chain table and allows chaining again. Called with every TLB flush (the table's
   * virtual pcs are valid for the current mappings only) and after cached code was dropped
   * (PhysicalMemory clears the chain-ok word then).
   */
  private resetChains(): void {
    const c = this.chainW;
    for (let e = 0; e < c.length; e += 4) c[e] = -1;
    this.phys.i32[(this.phys.controlBase + HART_LAYOUT.chainOk) >> 2] = 1;
  }

  /** Remembers a TLB entry to clear at the next flush (table 0 read, 1 write, 2 fetch). */
  private noteFill(table: number, t: number): void {
    if (this.tlbDirtyCount < this.tlbDirty.length) this.tlbDirty[this.tlbDirtyCount] = table * TLB_SIZE + t;
    this.tlbDirtyCount++;
  }

  /** Records a synchronous exception; the run loop hands it to the kernel. */
  raise(cause: number, tval: number): void {
    this.trapPending = true;
    this.trapCause = cause;
    this.trapValue = tval | 0;
  }

  saveContext(ctx: Int32Array): void {
    ctx.set(this.regs);
    ctx[32] = this.pc;
  }

  restoreContext(ctx: Int32Array): void {
    this.regs.set(ctx.subarray(0, 32));
    this.regs[0] = 0;
    this.pc = ctx[32];
  }

  /**
   * Executes until `cycle >= limit` or a trap is pending. Never retires an instruction at or past
   * `limit`, so the caller can deliver an interrupt exactly at `limit`.
   */
  execute(limit: number): void {
    const xTag = this.xTag, xPa = this.xPa, bPa = this.blockPa, bGen = this.blockGen, bLen = this.blockLen, bFn = this.blockFn;
    const gen = this.phys.frameGen;
    if (this.resumedMidBlock) {
      // After an interrupt the pc can be anywhere inside a block. If no translation starts there, finish
      // that block in the interpreter without heating the address: otherwise every preemption point
      // of a hot loop would become a hot entry of its own and be compiled (one region per resume pc).
      this.resumedMidBlock = false;
      const pc = this.pc;
      const t = (pc >>> 12) & (TLB_SIZE - 1);
      const pa = xTag[t] === pc >>> 12 ? xPa[t] | (pc & 4095) : this.refillFetch(pc);
      if (pa < 0) return;
      const i = (pa >>> 2) & CACHE_MASK;
      if (this.cycle < limit && !(bPa[i] === pa && bGen[i] === gen[pa >>> 12]) && !this.translated.has(pa) && (pa & 3) === 0) {
        this.coldPa = pa;
        this.cycle += this.interpretCold(pc, limit - this.cycle);
        if (this.trapPending) return;
      }
    }
    while (this.cycle < limit) {
      const pc = this.pc;
      const vpn = pc >>> 12;
      const t = vpn & (TLB_SIZE - 1);
      let pa: number;
      if (xTag[t] === vpn) pa = xPa[t] | (pc & 4095);
      else {
        pa = this.refillFetch(pc);
        if (pa < 0) return;
      }
      const i = (pa >>> 2) & CACHE_MASK;
      const budget = limit - this.cycle;
      let fn: BlockFn;
      if (bPa[i] === pa && bGen[i] === gen[pa >>> 12] && bLen[i] <= budget) fn = bFn[i];
      else {
        const f = this.lookupSlow(pa, pc, budget);
        if (f === null) return;
        fn = f;
      }
      const slot = this.blockSlot[i];
      if (slot >= 0 && bPa[i] === pa && bGen[i] === gen[pa >>> 12]) {
        // Entering a region from here: later regions may chain straight to it.
        if (this.phys.i32[(this.phys.controlBase + HART_LAYOUT.chainOk) >> 2] === 0) this.resetChains();
        const e = ((pc >>> 2) & (CHAIN_ENTRIES - 1)) << 2;
        this.chainW[e] = pc;
        this.chainW[e + 1] = slot;
        this.chainW[e + 2] = bLen[i];
      }
      this.cycle += fn(pc, budget);
      if (this.trapPending) return;
    }
  }

  private lookupSlow(pa: number, pc: number, budget: number): BlockFn | null {
    if ((pa & 3) !== 0) {
      this.raise(Cause.InstructionMisaligned, pc);
      return null;
    }
    const i = (pa >>> 2) & CACHE_MASK;
    const frame = pa >>> 12;
    const gen = this.phys.frameGen;
    if (!(this.blockPa[i] === pa && this.blockGen[i] === gen[frame])) {
      // A direct-mapped miss: reuse an earlier translation of this address if it is still valid
      // (two hot blocks that collide in the table must not be re-translated on every switch).
      let b = this.translated.get(pa);
      if (b === undefined || b.gen !== gen[frame]) {
        // Cold code runs in the interpreter until it has run translateAfter times.
        if (this.heatPa[i] !== pa) {
          this.heatPa[i] = pa;
          this.heat[i] = 0;
        }
        if (++this.heat[i] <= this.translateAfter + Math.min(this.regionsTranslated * this.translateGrowth, JIT_TRANSLATE_GROWTH_CAP)) {
          this.coldPa = pa;
          return this.interpretCold;
        }
        b = { ...(this.engine === 'jit' ? this.translateRegion(pa) : this.translate(pa, MAX_BLOCK)), gen: gen[frame] };
        // A cache, not a record: stale entries pile up as frames are reused (exec), so bound it.
        if (this.translated.size >= MAX_TRANSLATED) this.translated.clear();
        this.translated.set(pa, b);
      }
      this.blockPa[i] = pa;
      this.blockGen[i] = gen[frame];
      this.blockLen[i] = b.len;
      this.blockFn[i] = b.fn;
      this.blockSlot[i] = this.slotOf.get(b.fn) ?? -1;
    }
    if (this.blockLen[i] <= budget) return this.blockFn[i];
    if (this.engine === 'jit') {
      // A region longer than the budget: a JavaScript block may still fit.
      let jb = this.jsBlocks.get(pa);
      if (jb === undefined || jb.gen !== gen[frame]) {
        jb = { ...this.translate(pa, MAX_BLOCK), gen: gen[frame] };
        if (this.jsBlocks.size >= MAX_TRANSLATED) this.jsBlocks.clear();
        this.jsBlocks.set(pa, jb);
      }
      if (jb.len <= budget) return jb.fn;
    }
    // Nothing translated fits what is left of the budget (the end of a time slice): interpret up to it.
    // Compiling a one-instruction function per address instead made every preemption point a compile.
    this.coldPa = pa;
    return this.interpretCold;
  }

  /** Marks the frame of `pa` as holding cached code (see the invariants). */
  private markCode(pa: number): void {
    const frame = pa >>> 12;
    if (this.phys.codeFrames[frame] === 0) {
      this.phys.codeFrames[frame] = 1;
      // No write-TLB entry may point at a code frame (see the invariants).
      const base = frame << 12;
      for (let j = 0; j < TLB_SIZE; j++) if (this.wTag[j] !== -1 && this.wPa[j] === base) this.wTag[j] = -1;
    }
  }

  /** Translates the region at `pa` to WebAssembly (module cached by its instruction words). */
  private translateRegion(pa: number): { fn: BlockFn; len: number } {
    this.markCode(pa);
    const L = HART_LAYOUT;
    const words = regionWords(this.phys.i32, pa);
    const key = regionKey(words, this.phys.controlBase);
    const len = words.length;
    this.regionsTranslated++;
    let fn = this.compiled.get(key);
    if (fn !== undefined) return { fn, len };
    let mod = regionModules.get(key);
    if (mod === undefined) {
      const t0 = performance.now();
      mod = new WebAssembly.Module(generateRegion(words, this.phys.controlBase, L).wasm);
      this.regionCompileMs += performance.now() - t0;
      this.regionsCompiled++;
      if (regionModules.size >= MAX_TRANSLATED) regionModules.clear();
      regionModules.set(key, mod);
    }
    const run = (new WebAssembly.Instance(mod, this.importsForRegions()).exports as { run: (pc: number, budget: number, n: number) => number }).run;
    const i32 = this.phys.i32;
    const exitPc = (this.phys.controlBase + L.exitPc) >> 2;
    // The budget is an i32 inside the module; the region never needs more than its length anyway.
    fn = (pc, budget) => {
      const n = run(pc, budget > 0x3fffffff ? 0x3fffffff : budget, 0);
      this.pc = i32[exitPc];
      this.regionEntries++;
      this.regionInstructions += n;
      return n;
    };
    this.compiled.set(key, fn);
    if (this.regionSlots < MAX_SLOTS) {
      if (this.regionSlots === this.regionTable.length) this.regionTable.grow(this.regionTable.length);
      this.regionTable.set(this.regionSlots, run);
      this.slotOf.set(fn, this.regionSlots++);
    }
    return { fn, len };
  }

  /**
   * What a region module imports: the memory and the function table. The slow paths sit in table
   * slots 0..3 (REGION_IMPORTS order) as wasm forwarders, filled here once per hart: imported JS
   * functions would cost every region instance its own import wrappers (about half the cold
   * cost of a region in V8).
   */
  private importsForRegions(): WebAssembly.Imports {
    if (this.regionImports !== null) return this.regionImports;
    const i32 = this.phys.i32;
    const flag = (this.phys.controlBase + HART_LAYOUT.slowFlag) >> 2;
    const slow: Record<string, (...args: number[]) => number | void> = {
      loadSlow: (a: number, f3: number) => {
        const v = this.loadSlow(a, f3);
        i32[flag] = this.trapPending ? 1 : 0;
        return v;
      },
      storeSlow: (a: number, v: number, f3: number) => {
        const before = this.codeWrites;
        this.storeSlow(a, v, f3);
        return this.trapPending ? 1 : this.codeWrites !== before ? 2 : 0;
      },
      raise: (cause: number, tval: number) => this.raise(cause, tval),
      csr: (k: number, hi: number) => {
        const now = this.cycle + k;
        return hi !== 0 ? Math.floor(now / 4294967296) | 0 : (now % 4294967296) | 0;
      },
    };
    forwarders ??= new WebAssembly.Module(buildForwarders(REGION_IMPORTS));
    const exports = new WebAssembly.Instance(forwarders, { env: slow }).exports;
    REGION_IMPORTS.forEach((_, i) => this.regionTable.set(i, exports[`f${i}`]));
    this.regionImports = { env: { mem: this.phys.memory, table: this.regionTable } };
    return this.regionImports;
  }


  private translate(pa: number, maxLen: number): { fn: BlockFn; len: number } {
    this.markCode(pa);
    const src = generateBlock(this.phys, pa, maxLen);
    this.blocksTranslated++;
    let fn = this.compiled.get(src.body);
    if (fn === undefined) {
      const p = this.phys;
      let factory = factories.get(src.body);
      if (factory === undefined) {
        factory = new Function('h', 'r', 'M8', 'MU8', 'M16', 'MU16', 'M32', 'RT', 'RP', 'WT', 'WP',
          'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu',
          `'use strict';\nreturn function block(pc, budget) {\n${src.body}\n};`) as BlockFactory;
        factories.set(src.body, factory);
      }
      fn = factory(this, this.regs, p.i8, p.u8, p.i16, p.u16, p.i32, this.rTag, this.rPa, this.wTag, this.wPa,
        mulh, mulhsu, mulhu, div, divu, rem, remu);
      this.compiled.set(src.body, fn);
    }
    return { fn, len: src.len };
  }

  private refillFetch(pc: number): number {
    const e = this.space === null ? 0 : this.space.entry(pc >>> 12);
    if ((e & 8) === 0 || (e & PERM_X) === 0) {
      this.raise(Cause.InstructionPageFault, pc);
      return -1;
    }
    const t = (pc >>> 12) & (TLB_SIZE - 1);
    if (this.xTag[t] === -1) this.noteFill(2, t);
    this.xTag[t] = pc >>> 12;
    this.xPa[t] = (e >>> 4) << 12;
    return this.xPa[t] | (pc & 4095);
  }

  /** Physical base of the page of `a` readable by the guest, filling the read TLB; -1 if not. */
  private pageR(a: number): number {
    const vpn = a >>> 12;
    const e = this.space === null ? 0 : this.space.entry(vpn);
    if ((e & 8) === 0 || (e & PERM_R) === 0) return -1;
    const t = vpn & (TLB_SIZE - 1);
    if (this.rTag[t] === -1) this.noteFill(0, t);
    this.rTag[t] = vpn << 12;
    return (this.rPa[t] = (e >>> 4) << 12);
  }

  /** Physical base of the page of `a` writable by the guest; drops cached code of that frame. */
  private pageW(a: number): number {
    const vpn = a >>> 12;
    const e = this.space === null ? 0 : this.space.entry(vpn);
    if ((e & 8) === 0 || (e & PERM_W) === 0) return -1;
    const frame = e >>> 4;
    if (this.phys.codeFrames[frame] !== 0) this.codeWrites++;
    this.phys.noteWrite(frame);
    const t = vpn & (TLB_SIZE - 1);
    if (this.wTag[t] === -1) this.noteFill(1, t);
    this.wTag[t] = vpn << 12;
    return (this.wPa[t] = frame << 12);
  }

  /** Load on a TLB miss or misaligned address. f3: 0 lb, 1 lh, 2 lw, 4 lbu, 5 lhu. */
  loadSlow(a: number, f3: number): number {
    const size = 1 << (f3 & 3);
    const u8 = this.phys.u8;
    const off = a & 4095;
    const p0 = this.pageR(a);
    if (p0 < 0) {
      this.raise(Cause.LoadPageFault, a);
      return 0;
    }
    let v = 0;
    if (off + size <= 4096) {
      for (let i = size - 1; i >= 0; i--) v = (v << 8) | u8[p0 + off + i];
    } else {
      const a1 = (a + size) & ~4095;
      const p1 = this.pageR(a1);
      if (p1 < 0) {
        this.raise(Cause.LoadPageFault, a1);
        return 0;
      }
      for (let i = size - 1; i >= 0; i--) {
        const o = off + i;
        v = (v << 8) | (o < 4096 ? u8[p0 + o] : u8[p1 + o - 4096]);
      }
    }
    switch (f3) {
      case 0: return (v << 24) >> 24;
      case 1: return (v << 16) >> 16;
      case 2: return v | 0;
      default: return v;
    }
  }

  /** Store on a TLB miss or misaligned address. f3: 0 sb, 1 sh, 2 sw. Nothing is written on a fault. */
  storeSlow(a: number, value: number, f3: number): void {
    const size = 1 << f3;
    const u8 = this.phys.u8;
    const off = a & 4095;
    const p0 = this.pageW(a);
    if (p0 < 0) {
      this.raise(Cause.StorePageFault, a);
      return;
    }
    let p1 = p0;
    if (off + size > 4096) {
      const a1 = (a + size) & ~4095;
      p1 = this.pageW(a1);
      if (p1 < 0) {
        this.raise(Cause.StorePageFault, a1);
        return;
      }
    }
    for (let i = 0; i < size; i++) {
      const o = off + i;
      u8[o < 4096 ? p0 + o : p1 + o - 4096] = value >>> (8 * i);
    }
  }
}
