// Free list (`free-list`), after xv6's kalloc: the free frames form a LIFO list threaded through
// per-frame next/prev links, so alloc pops the most recently freed frame (warm in cache) and
// free pushes it back, both O(1). The list is doubly linked so that allocContiguous — a
// first-fit scan of the owner table for a run of free frames — can unlink the run's frames
// from the middle of the list in O(count).
//
// Invariants: the list from `head` holds exactly the FREE frames, each once; prev/next are -1 at
// the ends and for frames not in the list. After a rebuild the list is in ascending frame
// order (lowest frame first), so a fresh allocator hands out 0, 1, 2, ... like the machine's
// SimpleFrameSource.
// State: nothing beyond the owner table; the LIFO order restarts ascending after an import.
import { inject, injectable, optional } from 'inversify';
import { attributeToken, content } from '../../bindings/index.js';
import { AllocatorBase } from './base.js';
import { FREE } from './signature.js';

const NIL = -1;

@injectable()
@content('components.allocator.FreeList')
export class FreeList extends AllocatorBase {
  readonly policy = 'free-list';
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private head = NIL;

  constructor(
    @inject(attributeToken('frames')) @optional() frames?: string | number,
    @inject(attributeToken('reserved')) @optional() reserved?: string,
  ) {
    super('components.allocator.FreeList', frames, reserved);
    this.init();
  }

  protected takeOne(): number {
    const f = this.head;
    this.unlink(f);
    return f;
  }

  protected takeRun(count: number): number {
    const owners = this.owners;
    let run = 0;
    for (let f = 0; f < this.frames; f++) {
      if (owners[f] !== FREE) {
        run = 0;
        continue;
      }
      if (++run === count) {
        const start = f - count + 1;
        for (let g = start; g <= f; g++) this.unlink(g);
        return start;
      }
    }
    return -1;
  }

  protected give(frame: number): void {
    this.prev[frame] = NIL;
    this.next[frame] = this.head;
    if (this.head !== NIL) this.prev[this.head] = frame;
    this.head = frame;
  }

  protected rebuild(): void {
    this.next = new Int32Array(this.frames).fill(NIL);
    this.prev = new Int32Array(this.frames).fill(NIL);
    this.head = NIL;
    for (let f = this.frames - 1; f >= 0; f--) if (this.owners[f] === FREE) this.give(f);
  }

  private unlink(f: number): void {
    const n = this.next[f]!;
    const p = this.prev[f]!;
    if (p === NIL) this.head = n;
    else this.next[p] = n;
    if (n !== NIL) this.prev[n] = p;
    this.next[f] = NIL;
    this.prev[f] = NIL;
  }

  protected override detail(): Record<string, number> {
    return { head: this.head };
  }
}
