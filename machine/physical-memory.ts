// Physical memory: `frameCount` frames of 4 KiB, all inside ONE WebAssembly.Memory, so that a
// translator emitting WebAssembly (issue 11) can address guest memory directly.
// Invariants: the memory never grows (views stay valid); physical address = frame << 12 | offset;
// the whole memory is below 2^30 bytes so physical addresses are non-negative int32 values.
// Code tracking: `codeFrames[f]` is 1 while translated code of frame f is cached; anyone writing a
// frame outside the hart's own stores must call `noteWrite(f)` (the helpers here do) so that stale
// translations are dropped (`frameGen[f]` is bumped).
import { MachineConfigError } from './errors.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
const WASM_PAGE = 65536;
/** Keeps physical addresses in the non-negative int32 range. */
export const MAX_FRAMES = (1 << 30) / PAGE_SIZE;
/**
 * Bytes reserved after the last frame for the hart's state (registers, TLBs; see HART_LAYOUT in
 * hart.ts), so that generated WebAssembly reaches guest memory and hart state in one memory.
 */
export const CONTROL_BYTES = 65536;
/**
 * Offset in the control area of the word that allows chaining between WebAssembly regions: set
 * by the hart once its chain table is valid, cleared here whenever cached code is dropped.
 */
export const CHAIN_OK_OFFSET = CONTROL_BYTES - 4;

export class PhysicalMemory {
  readonly memory: WebAssembly.Memory;
  readonly frameCount: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  /** 1 while the frame holds cached translated code. */
  readonly codeFrames: Uint8Array;
  /** Generation of each frame's translations; bumped when its cached code becomes stale. */
  readonly frameGen: Int32Array;
  /** Byte offset of the control area (just after the last frame). */
  readonly controlBase: number;
  private controlClaimed = false;
  private readonly chainOkIndex: number;

  constructor(frameCount: number) {
    if (!Number.isInteger(frameCount) || frameCount < 1 || frameCount > MAX_FRAMES) {
      throw new MachineConfigError(`physical memory: frame count ${frameCount} is invalid; expected an integer in 1..${MAX_FRAMES}`);
    }
    this.frameCount = frameCount;
    this.controlBase = frameCount * PAGE_SIZE;
    const pages = Math.ceil((this.controlBase + CONTROL_BYTES) / WASM_PAGE);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const buf = this.memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.i8 = new Int8Array(buf);
    this.u16 = new Uint16Array(buf);
    this.i16 = new Int16Array(buf);
    this.i32 = new Int32Array(buf);
    this.codeFrames = new Uint8Array(frameCount);
    this.frameGen = new Int32Array(frameCount);
    this.chainOkIndex = (this.controlBase + CHAIN_OK_OFFSET) >> 2;
  }

  /** The control area, for the one hart of this memory. */
  claimControl(): ArrayBuffer {
    if (this.controlClaimed) throw new MachineConfigError('physical memory: its control area already belongs to a hart (one hart per memory)');
    this.controlClaimed = true;
    return this.memory.buffer;
  }

  checkFrame(frame: number): void {
    if (!Number.isInteger(frame) || frame < 0 || frame >= this.frameCount) {
      throw new MachineConfigError(`physical memory: frame ${frame} out of range 0..${this.frameCount - 1}`);
    }
  }

  /** Drops cached translations of `frame`; call after writing it from outside the hart. */
  noteWrite(frame: number): void {
    if (this.codeFrames[frame] !== 0) {
      this.codeFrames[frame] = 0;
      this.frameGen[frame]++;
      this.i32[this.chainOkIndex] = 0;
    }
  }

  /** A view of one frame (no copy). Writing through it requires `noteWrite(frame)`. */
  frameBytes(frame: number): Uint8Array {
    this.checkFrame(frame);
    return this.u8.subarray(frame << PAGE_SHIFT, (frame + 1) << PAGE_SHIFT);
  }

  zeroFrame(frame: number): void {
    this.checkFrame(frame);
    this.noteWrite(frame);
    this.u8.fill(0, frame << PAGE_SHIFT, (frame + 1) << PAGE_SHIFT);
  }

  copyFrame(dst: number, src: number): void {
    this.checkFrame(dst);
    this.checkFrame(src);
    this.noteWrite(dst);
    this.u8.copyWithin(dst << PAGE_SHIFT, src << PAGE_SHIFT, (src + 1) << PAGE_SHIFT);
  }
}
