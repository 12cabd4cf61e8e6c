// Bitmap first-fit (`bitmap`): one bit per frame (1 = allocated or reserved) in a Uint32Array.
// alloc is next-fit: it resumes at the word where the last allocation succeeded, skips full
// words 32 frames at a time and takes the lowest clear bit (count-trailing-zeros of ~word).
// allocContiguous is first-fit from frame 0, skipping full words. free clears one bit.
// Simple and compact (N/8 bytes); fragmentation is whatever first-fit leaves.
//
// Invariants: bit f is set iff owners[f] !== FREE, for f < frames; the padding bits past the last
// frame of the last word are set (so they are never handed out); 0 ≤ hint < words.
// State: nothing beyond the owner table; the hint restarts at 0 after an import.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { AllocatorBase, ctz32 } from './base.js';
import { FREE } from './signature.js';

const FULL = 0xffffffff;

@injectable()
@content('components.allocator.Bitmap')
export class Bitmap extends AllocatorBase {
  readonly policy = 'bitmap';
  private bits = new Uint32Array(0);
  private hint = 0;

  constructor(
    @inject(attributeToken('frames')) @optional() frames?: string | number,
    @inject(attributeToken('reserved')) @optional() reserved?: string,
  ) {
    super('components.allocator.Bitmap', frames, reserved);
    this.init();
  }

  protected takeOne(): number {
    const bits = this.bits;
    const words = bits.length;
    for (let n = 0, w = this.hint; n < words; n++, w = w + 1 === words ? 0 : w + 1) {
      const word = bits[w]!;
      if ((word | 0) !== -1) {
        const bit = ctz32(~word);
        bits[w] = word | (1 << bit);
        this.hint = w;
        return (w << 5) + bit;
      }
    }
    return -1; // unreachable while freeCount > 0
  }

  protected takeRun(count: number): number {
    const bits = this.bits;
    const frames = this.frames;
    let f = 0;
    while (f + count <= frames) {
      if ((f & 31) === 0 && bits[f >>> 5] === FULL) {
        f += 32;
        continue;
      }
      if (this.isSet(f)) {
        f++;
        continue;
      }
      let e = f + 1;
      while (e < f + count && !this.isSet(e)) e++;
      if (e === f + count) {
        for (let g = f; g < e; g++) bits[g >>> 5]! |= 1 << (g & 31);
        return f;
      }
      f = e + 1;
    }
    return -1;
  }

  protected give(frame: number): void {
    this.bits[frame >>> 5]! &= ~(1 << (frame & 31));
  }

  protected rebuild(): void {
    const words = (this.frames + 31) >>> 5;
    const bits = new Uint32Array(words).fill(FULL);
    for (let f = 0; f < this.frames; f++) if (this.owners[f] === FREE) bits[f >>> 5]! &= ~(1 << (f & 31));
    this.bits = bits;
    this.hint = 0;
  }

  private isSet(f: number): boolean {
    return (this.bits[f >>> 5]! & (1 << (f & 31))) !== 0;
  }

  protected override detail(): Record<string, number> {
    return { words: this.bits.length, hint: this.hint };
  }
}
