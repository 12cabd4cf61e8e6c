// Property: random interleavings of sync calls, async calls, promise settlements, stops and starts
// never lose or duplicate a call, run held calls in FIFO order, never run a call in a STOPPED
// component, and always bring the counter back to 0.
import fc from 'fast-check';
import { injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import { Fractal } from './fractal.js';
import { signatures } from './signatures.js';
import { itf, lc, model } from './testing/fixtures.js';
import type { Component } from './component.js';

signatures.define('test.Mixed', { methods: ['sync', 'async'] });

type Op =
  | { t: 'sync' }
  | { t: 'async' }
  | { t: 'settle'; k: number; fail: boolean }
  | { t: 'stop' }
  | { t: 'start' }
  | { t: 'flush' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Op>({ t: 'sync' }) },
  { weight: 4, arbitrary: fc.constant<Op>({ t: 'async' }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('settle' as const), k: fc.nat(20), fail: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant<Op>({ t: 'stop' }) },
  { weight: 2, arbitrary: fc.constant<Op>({ t: 'start' }) },
  { weight: 2, arbitrary: fc.constant<Op>({ t: 'flush' }) },
);

interface Pending { id: number; resolve: () => void; reject: (e: Error) => void }

function harness() {
  const executed: number[] = [];
  const pending: Pending[] = [];
  let component: Component | undefined;
  const violations: string[] = [];
  @injectable()
  class Mixed {
    sync(id: number) {
      check(id);
      executed.push(id);
      return id;
    }
    async(id: number) {
      check(id);
      executed.push(id);
      return new Promise<number>((resolve, reject) => pending.push({ id, resolve: () => resolve(id), reject }));
    }
  }
  const check = (id: number) => {
    if (component && lc(component).getFcState() === 'STOPPED') violations.push(`call ${id} ran while STOPPED`);
  };
  const m = model();
  component = m.primitive('mixed', ['server s test.Mixed'], Mixed);
  return { component, executed, pending, violations };
}

const flush = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve();
};

describe('interceptor properties (fast-check)', () => {
  it('random interleavings never lose or duplicate a call, keep FIFO for held calls, and return the counter to 0', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 60 }), async (ops) => {
        const { component, executed, pending, violations } = harness();
        const s = itf<{ sync(id: number): unknown; async(id: number): unknown }>(component, 's');
        const lcc = Fractal.getLifeCycleController(component);
        const results: Array<{ id: number; p: Promise<unknown> }> = [];
        const heldOrder: number[] = [];
        const stops: Promise<void>[] = [];
        lcc.stopFc().then(
          () => undefined,
          () => undefined,
        );
        Fractal.getModelEvents(component).subscribe((ev) => {
          if (ev.kind === 'stopped' && lcc.getFcThreadCount() !== 0) violations.push('stopped with calls inside');
        });
        let next = 0;
        for (const op of ops) {
          switch (op.t) {
            case 'sync':
            case 'async': {
              const id = next++;
              const willHold = lcc.getFcState() === 'STOPPED' || lcc.isFcStopping();
              if (willHold) heldOrder.push(id);
              let r: unknown;
              try {
                r = op.t === 'sync' ? s.sync(id) : s.async(id);
              } catch (e) {
                r = Promise.reject(e);
              }
              const p = Promise.resolve(r);
              p.catch(() => undefined);
              results.push({ id, p });
              break;
            }
            case 'settle': {
              if (pending.length === 0) break;
              const [d] = pending.splice(op.k % pending.length, 1);
              if (op.fail) d!.reject(new Error(`fail ${d!.id}`));
              else d!.resolve();
              break;
            }
            case 'stop': {
              const p = lcc.stopFc();
              p.catch(() => undefined);
              stops.push(p);
              break;
            }
            case 'start':
              lcc.startFc();
              break;
            case 'flush':
              await flush();
              break;
          }
        }
        // Drain: start, then settle everything until no promise is pending.
        lcc.startFc();
        for (let guard = 0; guard < 1000 && (pending.length > 0 || lcc.getFcThreadCount() > 0); guard++) {
          for (const d of pending.splice(0)) d.resolve();
          await flush();
        }
        const settled = await Promise.allSettled(results.map((r) => r.p));
        await Promise.allSettled(stops);

        expect(violations).toEqual([]);
        expect([...executed].sort((a, b) => a - b)).toEqual(results.map((r) => r.id)); // each call ran exactly once
        settled.forEach((s, i) => {
          if (s.status === 'fulfilled') expect(s.value).toBe(results[i]!.id);
          else expect(String(s.reason)).toContain(`fail ${results[i]!.id}`);
        });
        const heldExecuted = executed.filter((id) => heldOrder.includes(id));
        expect(heldExecuted).toEqual(heldOrder); // FIFO
        expect(lcc.getFcThreadCount()).toBe(0);
        expect(lcc.getFcHeldCallCount()).toBe(0);
        await lcc.stopFc();
        expect(lcc.getFcState()).toBe('STOPPED');
      }),
      { numRuns: 150, seed: 20261123 },
    );
  });
});
