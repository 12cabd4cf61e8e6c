// Buddy allocator (`buddy`), after Knowlton (1965) and Linux's page allocator: free memory is
// kept as naturally aligned blocks of 2^k frames, one free list per order k. alloc takes a
// block of the smallest non-empty order and splits it, pushing the upper halves onto the lower
// lists; free coalesces a block with its buddy (start XOR 2^k) as long as the buddy is a free
// block of the same order. allocContiguous(count) takes an aligned block of order
// ceil(log2 count) and returns its tail beyond `count` as smaller free blocks (Linux's
// alloc_pages_exact); it only finds naturally aligned runs — that is the policy, and what keeps
// large blocks available.
// Totals that are not a power of two work: the top-level blocks are the largest aligned blocks
// that fit (e.g. 1000 frames = 512 + 256 + 128 + 64 + 32 + 8), and a buddy beyond the end is
// never free, so it never coalesces.
//
// Invariants: orderAt[f] === k iff a free block of 2^k frames starts at f (then f is aligned to
// 2^k, f + 2^k ≤ frames, all its frames are FREE and it is in list k); every FREE frame is in
// exactly one free block; no two free buddies of the same order coexist (they would have
// coalesced); bit k of `nonEmpty` is set iff list k is non-empty.
// State: nothing beyond the owner table: import rebuilds the unique maximal decomposition of
// the free frames into aligned blocks, which is what coalescing would have produced.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { AllocatorBase, ctz32 } from './base.js';
import { FREE } from './signature.js';

const NIL = -1;

@injectable()
@content('components.allocator.Buddy')
export class Buddy extends AllocatorBase {
  readonly policy = 'buddy';
  private maxOrder = 0;
  private orderAt = new Int8Array(0);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private heads = new Int32Array(0);
  private nonEmpty = 0;

  constructor(
    @inject(attributeToken('frames')) @optional() frames?: string | number,
    @inject(attributeToken('reserved')) @optional() reserved?: string,
  ) {
    super('components.allocator.Buddy', frames, reserved);
    this.init();
  }

  protected takeOne(): number {
    return this.takeBlock(0);
  }

  protected takeRun(count: number): number {
    const order = 32 - Math.clz32(count - 1); // ceil(log2 count)
    if (order > this.maxOrder) return -1;
    const start = this.takeBlock(order);
    if (start === -1) return -1;
    // Give back the tail: aligned sub-blocks of the block; their buddies are inside it, allocated.
    const end = start + (1 << order);
    for (let f = start + count; f < end; ) {
      const k = ctz32((f - start) | (1 << order)); // alignment of f, at most the block's
      let size = 1 << k;
      while (f + size > end) size >>>= 1;
      this.push(31 - Math.clz32(size), f);
      f += size;
    }
    return start;
  }

  protected give(frame: number): void {
    let f = frame;
    let k = 0;
    while (k < this.maxOrder) {
      const buddy = f ^ (1 << k);
      if (buddy >= this.frames || this.orderAt[buddy] !== k) break;
      this.unlink(k, buddy);
      f = f < buddy ? f : buddy;
      k++;
    }
    this.push(k, f);
  }

  protected rebuild(): void {
    const n = this.frames;
    this.maxOrder = 31 - Math.clz32(n);
    this.orderAt = new Int8Array(n).fill(NIL);
    this.next = new Int32Array(n).fill(NIL);
    this.prev = new Int32Array(n).fill(NIL);
    this.heads = new Int32Array(this.maxOrder + 1).fill(NIL);
    this.nonEmpty = 0;
    // usedBefore[f] = allocated/reserved frames in [0, f): a block is free iff its count is 0.
    const usedBefore = new Int32Array(n + 1);
    for (let f = 0; f < n; f++) usedBefore[f + 1] = usedBefore[f]! + (this.owners[f] === FREE ? 0 : 1);
    // Greedy from the left with the largest aligned all-free block: the decomposition that
    // coalescing converges to. Blocks are pushed high-to-low per order so lists pop low frames first.
    const blocks: number[] = [];
    for (let f = 0; f < n; ) {
      if (this.owners[f] !== FREE) {
        f++;
        continue;
      }
      let k = f === 0 ? this.maxOrder : Math.min(ctz32(f), this.maxOrder);
      while (f + (1 << k) > n || usedBefore[f + (1 << k)]! - usedBefore[f]! !== 0) k--;
      blocks.push(f, k);
      f += 1 << k;
    }
    for (let i = blocks.length - 2; i >= 0; i -= 2) this.push(blocks[i + 1]!, blocks[i]!);
  }

  /** Pops a block of exactly `order`, splitting a larger one if needed; -1 if none is large enough. */
  private takeBlock(order: number): number {
    const candidates = this.nonEmpty >>> order;
    if (candidates === 0) return -1;
    let k = order + ctz32(candidates);
    const f = this.heads[k]!;
    this.unlink(k, f);
    while (k > order) {
      k--;
      this.push(k, f + (1 << k));
    }
    return f;
  }

  private push(k: number, f: number): void {
    const h = this.heads[k]!;
    this.next[f] = h;
    this.prev[f] = NIL;
    if (h !== NIL) this.prev[h] = f;
    this.heads[k] = f;
    this.orderAt[f] = k;
    this.nonEmpty |= 1 << k;
  }

  private unlink(k: number, f: number): void {
    const n = this.next[f]!;
    const p = this.prev[f]!;
    if (p === NIL) this.heads[k] = n;
    else this.next[p] = n;
    if (n !== NIL) this.prev[n] = p;
    this.orderAt[f] = NIL;
    if (this.heads[k] === NIL) this.nonEmpty &= ~(1 << k);
  }

  protected override detail(): Record<string, number[]> {
    const perOrder: number[] = [];
    for (let k = 0; k <= this.maxOrder; k++) {
      let c = 0;
      for (let f = this.heads[k]!; f !== NIL; f = this.next[f]!) c++;
      perOrder.push(c);
    }
    return { freeBlocksPerOrder: perOrder };
  }
}
