// The device event queue pops by (cycle, scheduling order), whatever the insertion order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('pops in (cycle, scheduling order) for any interleaving of schedule and pop (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 200 }), (ops) => {
      const q = new EventQueue();
      const model: Array<{ at: number; seq: number }> = [];
      const popped: number[] = [];
      let seq = 0;
      for (const op of ops) {
        if (op >= 0) {
          const s = seq++;
          q.schedule(op, () => popped.push(s));
          model.push({ at: op, seq: s });
        } else if (q.size > 0) {
          model.sort((a, b) => a.at - b.at || a.seq - b.seq);
          const want = model.shift()!;
          expect(q.nextAt()).toBe(want.at);
          q.pop()();
          expect(popped[popped.length - 1]).toBe(want.seq);
        }
      }
      expect(q.size).toBe(model.length);
      expect(q.nextAt()).toBe(model.length === 0 ? Infinity : Math.min(...model.map((m) => m.at)));
    }), { numRuns: 200 });
  });
});
