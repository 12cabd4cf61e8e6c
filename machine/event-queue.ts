// Device completions scheduled at emulated cycles. A binary min-heap ordered by (cycle, seq):
// events at the same cycle fire in the order they were scheduled, so runs are deterministic.
export type EventAction = () => void;

export class EventQueue {
  private at: number[] = [];
  private seq: number[] = [];
  private act: EventAction[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.at.length;
  }

  /** Cycle of the earliest event, or Infinity. */
  nextAt(): number {
    return this.at.length === 0 ? Infinity : this.at[0];
  }

  schedule(cycle: number, action: EventAction): void {
    let i = this.at.length;
    const s = this.nextSeq++;
    this.at.push(cycle);
    this.seq.push(s);
    this.act.push(action);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(i, p)) {
        this.swap(i, p);
        i = p;
      } else break;
    }
  }

  /** Removes and returns the earliest action (call only when size > 0). */
  pop(): EventAction {
    const top = this.act[0];
    const last = this.at.length - 1;
    this.swap(0, last);
    this.at.pop();
    this.seq.pop();
    this.act.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    return this.at[a] < this.at[b] || (this.at[a] === this.at[b] && this.seq[a] < this.seq[b]);
  }

  private swap(a: number, b: number): void {
    const t = this.at[a]; this.at[a] = this.at[b]; this.at[b] = t;
    const s = this.seq[a]; this.seq[a] = this.seq[b]; this.seq[b] = s;
    const x = this.act[a]; this.act[a] = this.act[b]; this.act[b] = x;
  }
}
