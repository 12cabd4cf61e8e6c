// Property: random interleavings of sync calls, async calls, promise settlements, stops and starts
// never lose or duplicate a call, run held calls in FIFO order, never run a call in a STOPPED
// component, and always bring the counter back to 0.
import fc from 'fast-check';
import { inject, injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import { Fractal } from './fractal.js';
import { signatures } from './signatures.js';
import { clientToken } from './tokens.js';
import type { Port } from './itf.js';
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

  it('in a composite, calls that cross members after an await never deadlock a stop, and nothing is lost or duplicated', async () => {
    type COp = { t: 'callA' } | { t: 'callB' } | { t: 'settle'; k: number } | { t: 'stopK' } | { t: 'startK' } | { t: 'stopA' } | { t: 'startA' } | { t: 'flush' };
    const cop: fc.Arbitrary<COp> = fc.oneof(
      { weight: 4, arbitrary: fc.constant<COp>({ t: 'callA' }) },
      { weight: 3, arbitrary: fc.constant<COp>({ t: 'callB' }) },
      { weight: 4, arbitrary: fc.record({ t: fc.constant('settle' as const), k: fc.nat(20) }) },
      // No startA: B is then never STOPPED while A runs, so every stop must complete once the work is done.
      { weight: 2, arbitrary: fc.constant<COp>({ t: 'stopK' }) },
      { weight: 1, arbitrary: fc.constant<COp>({ t: 'startK' }) },
      { weight: 2, arbitrary: fc.constant<COp>({ t: 'stopA' }) },
      { weight: 2, arbitrary: fc.constant<COp>({ t: 'flush' }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(cop, { maxLength: 50 }), async (ops) => {
        const executed: string[] = [];
        const waiting: Array<() => void> = [];
        @injectable()
        class B {
          run(id: string) { executed.push(`b:${id}`); return id; }
        }
        @injectable()
        class A {
          constructor(@inject(clientToken('b')) readonly b: Port<B>) {}
          async work(id: string) {
            executed.push(`a:${id}`);
            await new Promise<void>((r) => waiting.push(r));
            return this.b.run(`inner-${id}`); // after an await: re-entrant into the stop group
          }
        }
        const m = model({ holdTimeoutMs: Infinity });
        const a = m.primitive('a', ['server s test.Async', 'client b test.Service'], A);
        const b = m.primitive('b', ['server s test.Service'], B);
        const k = m.composite('k', [], [a, b]);
        Fractal.getBindingController(a).bindFc('b', b.getFcInterface('s'));
        const lk = lc(k);
        const la = lc(a);
        lk.startFc();
        const results: Promise<unknown>[] = [];
        const issued: string[] = [];
        const quiet = (p: Promise<unknown>) => { p.catch(() => undefined); return p; };
        const stops: Array<{ state: 'pending' | 'done' | 'cancelled' }> = [];
        const track = (p: Promise<void>) => {
          const st = { state: 'pending' as 'pending' | 'done' | 'cancelled' };
          p.then(() => (st.state = 'done'), () => (st.state = 'cancelled'));
          return st;
        };
        let next = 0;
        for (const op of ops) {
          switch (op.t) {
            case 'callA': { const id = `${next++}`; issued.push(`a:${id}`, `b:inner-${id}`); results.push(quiet(Promise.resolve((itf(a, 's') as unknown as A).work(id)))); break; }
            case 'callB': { const id = `${next++}`; issued.push(`b:${id}`); results.push(quiet(Promise.resolve((itf(b, 's') as unknown as B).run(id)))); break; }
            case 'settle': if (waiting.length) waiting.splice(op.k % waiting.length, 1)[0]!(); break;
            case 'stopK': stops.push(track(lk.stopFc())); break;
            case 'startK': lk.startFc(); break;
            case 'stopA': stops.push(track(la.stopFc())); break;
            case 'startA': la.startFc(); break;
            case 'flush': await flush(); break;
          }
        }
        // Finish the work without starting anything: every stop must then complete (or have been cancelled).
        for (let guard = 0; guard < 1000 && waiting.length > 0; guard++) {
          for (const w of waiting.splice(0)) w();
          await flush();
        }
        await flush();
        expect(stops.filter((st) => st.state === 'pending')).toEqual([]);
        lk.startFc();
        for (let guard = 0; guard < 1000 && (waiting.length > 0 || lk.getFcThreadCount() > 0); guard++) {
          for (const w of waiting.splice(0)) w();
          await flush();
        }
        const settled = await Promise.allSettled(results);
        expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
        expect([...executed].sort()).toEqual([...issued].sort());
        expect(lk.getFcThreadCount()).toBe(0);
        expect(lk.getFcHeldCallCount()).toBe(0);
        await lk.stopFc(); // quiescent: resolves
        expect([lc(a).getFcState(), lc(b).getFcState()]).toEqual(['STOPPED', 'STOPPED']);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
