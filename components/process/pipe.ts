// A pipe: a bounded byte ring shared by the read and write ends of open file descriptions.
// Invariants: 0 <= length <= capacity; readers/writers count the open descriptions of each end;
// a read of an empty pipe with writers open, or a write to a full pipe with readers open, would block:
// the caller parks its process on `channel` and restarts the whole system call when woken.

export const PIPE_CAPACITY = 4096;

export class Pipe {
  readonly buffer = new Uint8Array(PIPE_CAPACITY);
  head = 0;
  length = 0;
  readers = 0;
  writers = 0;

  constructor(
    /** Wait channel processes park on when this pipe would block; woken on every change. */
    readonly channel: number,
  ) {}

  get space(): number {
    return PIPE_CAPACITY - this.length;
  }

  /** Copies up to `max` bytes out; returns the bytes read (possibly empty). */
  take(max: number): Uint8Array {
    const n = Math.min(max, this.length);
    const out = new Uint8Array(n);
    const first = Math.min(n, PIPE_CAPACITY - this.head);
    out.set(this.buffer.subarray(this.head, this.head + first), 0);
    if (n > first) out.set(this.buffer.subarray(0, n - first), first);
    this.head = (this.head + n) % PIPE_CAPACITY;
    this.length -= n;
    return out;
  }

  /** Copies as many bytes of `data` as fit; returns how many were taken. */
  put(data: Uint8Array): number {
    const n = Math.min(data.length, this.space);
    const tail = (this.head + this.length) % PIPE_CAPACITY;
    const first = Math.min(n, PIPE_CAPACITY - tail);
    this.buffer.set(data.subarray(0, first), tail);
    if (n > first) this.buffer.set(data.subarray(first, n), 0);
    this.length += n;
    return n;
  }

  /** The unread bytes, in order (for state export). */
  contents(): Uint8Array {
    const out = new Uint8Array(this.length);
    const first = Math.min(this.length, PIPE_CAPACITY - this.head);
    out.set(this.buffer.subarray(this.head, this.head + first), 0);
    if (this.length > first) out.set(this.buffer.subarray(0, this.length - first), first);
    return out;
  }
}
