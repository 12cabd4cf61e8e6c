// Where frames come from. The machine never allocates frames itself: the kernel injects a
// FrameSource (its allocator component is one). SimpleFrameSource is a LIFO free list for the
// standalone runner and tests; it hands out the lowest frames first so runs are deterministic.
import { MachineConfigError } from './errors.js';

export interface FrameSource {
  /** A free frame number now owned by `owner`, or -1 when no frame is left. */
  allocFrame(owner: number): number;
  /** Returns a frame obtained from allocFrame. */
  freeFrame(frame: number): void;
}

export class SimpleFrameSource implements FrameSource {
  private readonly free: Int32Array;
  private top: number;
  /** owner + 1 of each frame, 0 when free. */
  private readonly owners: Int32Array;

  /** Frames first..first+count-1 are available. */
  constructor(count: number, first = 0) {
    this.free = new Int32Array(count);
    for (let i = 0; i < count; i++) this.free[i] = first + count - 1 - i;
    this.top = count;
    this.owners = new Int32Array(first + count);
  }

  allocFrame(owner: number): number {
    if (this.top === 0) return -1;
    const f = this.free[--this.top];
    this.owners[f] = owner + 1;
    return f;
  }

  freeFrame(frame: number): void {
    if (!(frame >= 0 && frame < this.owners.length) || this.owners[frame] === 0) {
      throw new MachineConfigError(`frame source: freeing frame ${frame}, which is not allocated`);
    }
    this.owners[frame] = 0;
    this.free[this.top++] = frame;
  }

  get freeCount(): number {
    return this.top;
  }

  ownerOf(frame: number): number {
    return this.owners[frame] - 1;
  }
}
