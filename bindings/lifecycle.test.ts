// Life-cycle rules and thread counting: start/stop (recursive for composites), held calls, hold
// timeout, re-entrant calls, stop groups, in-flight call information, events.
import { inject, injectable } from 'inversify';
import { describe, expect, it } from 'vitest';
import { Fractal } from './fractal.js';
import { IllegalLifeCycleError } from './errors.js';
import { Reconfiguration } from './reconfiguration.js';
import { signatures } from './signatures.js';
import { threads } from './threads.js';
import { clientToken } from './tokens.js';
import type { Port } from './itf.js';
import { Echo, Relay, Worker, bc, cc, itf, lc, model, type Service } from './testing/fixtures.js';

signatures.define('test.Loop', { methods: ['run', 'back'] });

interface Loop { run(x: unknown): unknown; back(x: unknown): unknown }

/** run() calls out.run(), which comes back into back(): a re-entrant call. */
@injectable()
class Looper {
  onRun: (() => void) | null = null;
  constructor(@inject(clientToken('out')) readonly out: Port<Service>) {}
  run(x: unknown) { this.onRun?.(); return this.out.run(x); }
  back(x: unknown) { return `back:${String(x)}`; }
}

/** Calls its `loop` client's back(): closes the loop. */
@injectable()
class Bouncer {
  constructor(@inject(clientToken('loop')) readonly loop: Port<Loop>) {}
  run(x: unknown) { return this.loop.back(x); }
}

/** An async method that, after an await, calls out through its port (re-entrancy across await). */
@injectable()
class AsyncLooper {
  gate: Promise<void> = Promise.resolve();
  constructor(@inject(clientToken('out')) readonly out: Port<Service>) {}
  async run(x: unknown) { await this.gate; return this.out.run(x); }
  back(x: unknown) { return `back:${String(x)}`; }
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

const tick = () => new Promise<void>((r) => setImmediate(r));

function loopPair(m: ReturnType<typeof model>, cls: typeof Looper | typeof AsyncLooper) {
  const a = m.primitive('a', ['server s test.Loop', 'client out test.Service'], cls);
  const b = m.primitive('b', ['server s test.Service', 'client loop test.Loop'], Bouncer);
  const k = m.composite('k', [], [a, b]);
  bc(a).bindFc('out', b.getFcInterface('s'));
  bc(b).bindFc('loop', a.getFcInterface('s'));
  return { a, b, k };
}

describe('life-cycle controller', () => {
  it('rule: a component is created STOPPED; startFc and stopFc change the state', async () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo);
    expect(lc(e).getFcState()).toBe('STOPPED');
    lc(e).startFc();
    expect(lc(e).getFcState()).toBe('STARTED');
    await lc(e).stopFc();
    expect(lc(e).getFcState()).toBe('STOPPED');
  });

  it('rule: startFc with an unbound mandatory client throws IllegalLifeCycleError and the component stays STOPPED', () => {
    const m = model();
    const r = m.primitive('r', ['server s test.Service', 'client out test.Service'], Relay);
    expect(() => lc(r).startFc()).toThrow(/mandatory client interface 'out' is not bound/);
    expect(lc(r).getFcState()).toBe('STOPPED');
  });

  it('rule: a composite whose mandatory server is not exported, or with a sub-component that cannot start, does not start at all', () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const k = m.composite('k', ['server s test.Service'], [e]);
    expect(() => lc(k).startFc()).toThrow(/internal client interface 's'/);
    expect(lc(e).getFcState()).toBe('STOPPED');
    bc(k).bindFc('s', e.getFcInterface('s'));
    const r = m.primitive('r', ['server s test.Service', 'client out test.Service'], Relay);
    cc(k).addFcSubComponent(r);
    expect(() => lc(k).startFc()).toThrow(IllegalLifeCycleError);
    expect([lc(k).getFcState(), lc(e).getFcState(), lc(r).getFcState()]).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);
  });

  it('rule: composites start and stop their content recursively', async () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const inner = m.composite('inner', ['server s test.Service'], [e]);
    const outer = m.composite('outer', ['server s test.Service'], [inner]);
    bc(inner).bindFc('s', e.getFcInterface('s'));
    bc(outer).bindFc('s', inner.getFcInterface('s'));
    lc(outer).startFc();
    expect([lc(inner).getFcState(), lc(e).getFcState()]).toEqual(['STARTED', 'STARTED']);
    expect(itf(outer, 's').run('deep')).toBe('deep');
    await lc(outer).stopFc();
    expect([lc(outer).getFcState(), lc(inner).getFcState(), lc(e).getFcState()]).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);
  });

  it('thread counting: +1 on entry, -1 on return, throw, resolve and reject', async () => {
    const m = model();
    const w = m.primitive('w', ['server s test.Async'], Worker);
    lc(w).startFc();
    const p = itf<Worker>(w, 's').work(0);
    expect(lc(w).getFcThreadCount()).toBe(1);
    await p;
    expect(lc(w).getFcThreadCount()).toBe(0);
    @injectable()
    class Failing { run() { throw new Error('boom'); } other() { return Promise.reject(new Error('late boom')); } }
    signatures.define('test.Failing', { methods: ['run', 'other'] });
    const f = m.primitive('f', ['server s test.Failing'], Failing);
    lc(f).startFc();
    expect(() => itf(f, 's').run(1)).toThrow('boom');
    expect(lc(f).getFcThreadCount()).toBe(0);
    const rejected = (itf(f, 's') as unknown as Failing).other();
    expect(lc(f).getFcThreadCount()).toBe(1);
    await expect(rejected).rejects.toThrow('late boom');
    expect(lc(f).getFcThreadCount()).toBe(0);
  });

  it('rule: stopFc resolves when the counter reaches 0; calls meanwhile are held and released in FIFO order on startFc', async () => {
    const m = model();
    const w = m.primitive('w', ['server s test.Async'], Worker);
    lc(w).startFc();
    const slow = itf<Worker>(w, 's').work(20);
    let stopped = false;
    const stopping = lc(w).stopFc().then(() => (stopped = true));
    expect(lc(w).isFcStopping()).toBe(true);
    const held = [itf<Worker>(w, 's').work(0), itf<Worker>(w, 's').work(1)];
    expect(lc(w).getFcHeldCallCount()).toBe(2);
    await tick();
    expect(stopped).toBe(false);
    await slow;
    await stopping;
    expect(lc(w).getFcState()).toBe('STOPPED');
    expect(Reconfiguration.getContent<Worker>(w)!.done).toEqual([20]);
    lc(w).startFc();
    expect(lc(w).getFcHeldCallCount()).toBe(0);
    expect(await Promise.all(held)).toEqual([0, 1]);
  });

  it('a sync call held while STOPPED returns a Promise that settles with the result when released', async () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const r = itf(e, 's').run('later');
    expect(r).toBeInstanceOf(Promise);
    lc(e).startFc();
    await expect(r).resolves.toBe('later');
  });

  it('rule: a held call times out with IllegalLifeCycleError after the hold timeout', async () => {
    const m = model();
    const e = m.primitive('e', ['server s test.Service'], Echo, { holdTimeoutMs: 5 });
    const r = itf(e, 's').run(1) as Promise<unknown>;
    await expect(r).rejects.toThrow(IllegalLifeCycleError);
    await expect(r).rejects.toThrow(/held 5 ms while the component was STOPPED/);
    expect(lc(e).getFcHeldCallCount()).toBe(0);
    lc(e).startFc();
    expect(Reconfiguration.getContent<Echo>(e)!.calls).toEqual([]);
  });

  it('rule: a re-entrant sync call (the thread is already inside) passes while stopping', async () => {
    const m = model();
    const { a, k } = loopPair(m, Looper);
    lc(k).startFc();
    let stop: Promise<void> | undefined;
    Reconfiguration.getContent<Looper>(a)!.onRun = () => { stop = lc(a).stopFc(); };
    expect(itf<Loop>(a, 's').run('x')).toBe('back:x'); // a -> b -> a.back, while a is stopping
    await stop;
    expect(lc(a).getFcState()).toBe('STOPPED');
  });

  it('rule: a re-entrant call after an await (async thread identity) passes instead of deadlocking', async () => {
    const m = model();
    const { a, k } = loopPair(m, AsyncLooper);
    lc(k).startFc();
    const d = deferred();
    Reconfiguration.getContent<AsyncLooper>(a)!.gate = d.promise;
    const call = itf<Loop>(a, 's').run('y') as Promise<unknown>;
    const stop = lc(a).stopFc();
    const outsider = itf<Loop>(a, 's').back('outside'); // a different thread: held
    expect(lc(a).getFcHeldCallCount()).toBe(1);
    d.resolve();
    expect(await call).toBe('back:y');
    await stop;
    lc(a).startFc();
    expect(await outsider).toBe('back:outside');
  });

  it('with asyncThreadIdentity off, a re-entrant call after an await is held like any other (until its hold timeout)', async () => {
    const m = model({ asyncThreadIdentity: false, holdTimeoutMs: 10 });
    const { a, k } = loopPair(m, AsyncLooper);
    lc(k).startFc();
    const d = deferred();
    Reconfiguration.getContent<AsyncLooper>(a)!.gate = d.promise;
    const call = itf<Loop>(a, 's').run('y') as Promise<unknown>;
    const stop = lc(a).stopFc();
    d.resolve();
    await expect(call).rejects.toThrow(IllegalLifeCycleError);
    await stop;
    expect(lc(a).getFcState()).toBe('STOPPED');
  });

  it('stop group: stopping a composite lets a call already inside one member enter another member', async () => {
    const m = model();
    const { a, b, k } = loopPair(m, AsyncLooper);
    lc(k).startFc();
    const d = deferred();
    Reconfiguration.getContent<AsyncLooper>(a)!.gate = d.promise;
    const call = itf<Loop>(a, 's').run('z') as Promise<unknown>; // will call b, then back into a
    const stop = lc(k).stopFc();
    expect(lc(b).isFcStopping()).toBe(true);
    d.resolve();
    expect(await call).toBe('back:z');
    await stop;
    expect([lc(a).getFcState(), lc(b).getFcState(), lc(k).getFcState()]).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);
  });

  it('a composite stop absorbs a member already stopping alone: both stops complete, re-entrant calls pass', async () => {
    const m = model();
    const { a, b, k } = loopPair(m, AsyncLooper);
    lc(k).startFc();
    const d = deferred();
    Reconfiguration.getContent<AsyncLooper>(a)!.gate = d.promise;
    const call = itf<Loop>(a, 's').run('w') as Promise<unknown>;
    const stopA = lc(a).stopFc();
    const stopK = lc(k).stopFc();
    const stopped: string[] = [];
    Fractal.getModelEvents(k).subscribe((ev) => ev.kind === 'stopped' && stopped.push(ev.component));
    d.resolve();
    expect(await call).toBe('back:w');
    await Promise.all([stopA, stopK]);
    expect(stopped.sort()).toEqual(['a', 'b', 'k']);
    expect([lc(a).getFcState(), lc(b).getFcState(), lc(k).getFcState()]).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);
  });

  it('startFc during a stop cancels it: the stop rejects with IllegalLifeCycleError and held calls run', async () => {
    const m = model();
    const w = m.primitive('w', ['server s test.Async'], Worker);
    lc(w).startFc();
    const inFlight = itf<Worker>(w, 's').work(5);
    const stop = lc(w).stopFc();
    const held = itf<Worker>(w, 's').work(0);
    lc(w).startFc();
    await expect(stop).rejects.toThrow(/stop cancelled by startFc/);
    expect(await held).toBe(0);
    expect(await inFlight).toBe(5);
    expect(lc(w).getFcState()).toBe('STARTED');
  });

  it('in-flight calls name the thread, interface, method and when they entered (the runtime clock)', async () => {
    let now = 100;
    const m = model({ clock: () => now });
    const w = m.primitive('w', ['server s test.Async'], Worker);
    lc(w).startFc();
    const p = threads.run('pid-7', () => itf<Worker>(w, 's').work(1));
    now = 200;
    expect(lc(w).getFcInFlightCalls()).toEqual([
      expect.objectContaining({ thread: 'pid-7', component: 'w', interface: 's', method: 'work', since: 100, async: true }),
    ]);
    await p;
    expect(lc(w).getFcInFlightCalls()).toEqual([]);
  });

  it('threads.runAsync keeps the thread identity across await, into in-flight records', async () => {
    const m = model();
    const w = m.primitive('w', ['server s test.Async'], Worker);
    lc(w).startFc();
    let seen: unknown[] = [];
    await threads.runAsync('daemon', async () => {
      await Promise.resolve();
      expect(threads.current()).toBe('daemon');
      const p = itf<Worker>(w, 's').work(1);
      seen = lc(w).getFcInFlightCalls().map((c) => c.thread);
      await p;
    });
    expect(seen).toEqual(['daemon']);
    expect(threads.current()).toBe('main');
  });

  it('traceCalls records synchronous frames with names; untraced ones are reported without names', () => {
    const m = model();
    const traced = m.primitive('t', ['server s test.Loop', 'client out test.Service'], Looper, { traceCalls: true });
    const tb = m.primitive('tb', ['server s test.Service', 'client loop test.Loop'], Bouncer);
    bc(traced).bindFc('out', tb.getFcInterface('s'));
    bc(tb).bindFc('loop', traced.getFcInterface('s'));
    lc(traced).startFc();
    lc(tb).startFc();
    let seen: unknown[] = [];
    Reconfiguration.getContent<Looper>(traced)!.onRun = () => { seen = lc(traced).getFcInFlightCalls(); };
    threads.run('kernel', () => itf<Loop>(traced, 's').run(1));
    expect(seen).toEqual([expect.objectContaining({ thread: 'kernel', interface: 's', method: 'run', async: false })]);

    const { a, k } = loopPair(m, Looper);
    lc(k).startFc();
    Reconfiguration.getContent<Looper>(a)!.onRun = () => { seen = lc(a).getFcInFlightCalls(); };
    threads.run('kernel', () => itf<Loop>(a, 's').run(1));
    expect(seen).toEqual([expect.objectContaining({ thread: 'kernel', interface: '?', method: '?', async: false })]);
  });

  it('publishes started, stopped, call-held and call-released events with the runtime clock', async () => {
    let now = 0;
    const m = model({ clock: () => ++now });
    const e = m.primitive('e', ['server s test.Service'], Echo);
    const events: string[] = [];
    Fractal.getModelEvents(e).subscribe((ev) => events.push(`${ev.time} ${ev.kind}${ev.method ? ` ${ev.interface}.${ev.method} held=${ev.held}` : ''}`));
    const p = itf(e, 's').run(1);
    lc(e).startFc();
    await p;
    await lc(e).stopFc();
    expect(events).toEqual(['2 call-held s.run held=1', '3 started', '4 call-released s.run held=0', '5 stopped']);
  });

  it('stopFc on a component with nothing inside resolves at once; stopping twice shares the wait', async () => {
    const m = model();
    const w = m.primitive('w', ['server s test.Async'], Worker);
    lc(w).startFc();
    const p = itf<Worker>(w, 's').work(1);
    const s1 = lc(w).stopFc();
    const s2 = lc(w).stopFc();
    await p;
    await Promise.all([s1, s2]);
    await lc(w).stopFc();
    expect(lc(w).getFcState()).toBe('STOPPED');
  });
});

