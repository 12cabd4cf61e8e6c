// Cost of a call through the component model: a bound client port + the thread-counting interceptor,
// against a direct method call; with reconfiguration 'none'; sync and async methods; and the price of
// AsyncLocalStorage (why it stays off the sync path).
//
// Each case runs in its own freshly compiled loop (new Function with a unique source): a shared loop
// would see every case's function at one call site, go megamorphic, and measure V8's inline cache
// instead of our code (bench/harness.ts nsPerCall is such a shared loop).
import { AsyncLocalStorage } from 'node:async_hooks';
import { inject, injectable } from 'inversify';
import type { BenchOptions, BenchRow } from './harness.js';
import { Fractal, clientToken, signatures, type Component } from '../bindings/index.js';

export const name = 'bindings';

signatures.define('bench.Adder', { methods: ['add'] });
signatures.define('bench.AsyncAdder', { methods: ['addAsync'], async: ['addAsync'] });
signatures.define('bench.PromiseAdder', { methods: ['addPromise'] });
signatures.define('bench.Relay', { methods: ['relay'] });

@injectable()
class Adder {
  n = 0;
  add(x: number): number {
    this.n = (this.n + x) & 0xffff; // stays a small integer: no heap numbers in the loop
    return this.n;
  }
  async addAsync(x: number): Promise<number> {
    this.n = (this.n + x) & 0xffff;
    return this.n;
  }
  addPromise(x: number): Promise<number> {
    this.n = (this.n + x) & 0xffff;
    return Promise.resolve(this.n);
  }
}

/** Calls on through its client port, as the kernel's components do (the process manager calling the scheduler). */
@injectable()
class Relay {
  constructor(@inject(clientToken('out')) private readonly out: Adder) {}
  relay(x: number): number {
    return this.out.add(x);
  }
}

/**
 * The same code for the direct baseline. Not Relay itself: a class whose field `out` holds a plain
 * Adder in one instance and a port in another has that field's type generalised, and every relay
 * call then pays for it (measured: ~75 vs ~15 ns through the ports).
 */
class DirectRelay {
  constructor(private readonly out: Adder) {}
  relay(x: number): number {
    return this.out.add(x);
  }
}

/** Relay's code again, for the 'none' chain: one class per mode, as one process runs one kernel mode. */
@injectable()
class RelayForNone extends Relay {
  override relay(x: number): number {
    return this.out2.add(x);
  }
  constructor(@inject(clientToken('out')) private readonly out2: Adder) {
    super(out2);
  }
}

let unique = 0;
type Target = (i: number) => unknown;

function syncLoop(fn: Target, iterations: number, rounds: number): number {
  const loop = new Function('fn', 'n', 'hr', `// case ${unique++}
    let best = Infinity;
    for (let i = 0; i < Math.min(n, 200000); i++) fn(i);
    for (let r = 0; r < ${rounds}; r++) {
      const t0 = hr();
      for (let i = 0; i < n; i++) fn(i);
      const ns = Number(hr() - t0) / n;
      if (ns < best) best = ns;
    }
    return best;`) as (fn: Target, n: number, hr: () => bigint) => number;
  return loop(fn, iterations, process.hrtime.bigint);
}

async function asyncLoop(fn: Target, iterations: number, rounds: number): Promise<number> {
  const loop = new Function('fn', 'n', 'hr', `// case ${unique++}
    return (async () => {
      let best = Infinity;
      for (let i = 0; i < Math.min(n, 20000); i++) await fn(i);
      for (let r = 0; r < ${rounds}; r++) {
        const t0 = hr();
        for (let i = 0; i < n; i++) await fn(i);
        const ns = Number(hr() - t0) / n;
        if (ns < best) best = ns;
      }
      return best;
    })();`) as (fn: Target, n: number, hr: () => bigint) => Promise<number>;
  return loop(fn, iterations, process.hrtime.bigint);
}

/** A distinct content class (its own `add` function), to make shared call sites polymorphic. */
function otherAdder(): typeof Adder {
  @injectable()
  class Other extends Adder {
    override add(x: number): number {
      this.n = (this.n + x + 1) & 0xffff;
      return this.n;
    }
  }
  return Other;
}

/** The kernel's clock is a counter of emulated cycles: as cheap as this. */
let cycles = 0;
const cycleClock = () => cycles;

/** A client primitive whose port `out` is bound to a server primitive; both started. */
function pair(
  sig: string,
  reconfiguration: 'thread-counting' | 'none',
  cls: typeof Adder = Adder,
  clock: (() => number) | null = cycleClock,
): { port: Record<string, Target>; server: Component } {
  const boot = Fractal.createBootstrapComponent(clock ? { clock } : {});
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const server = gf.newFcInstance(tf.createFcType([tf.createFcItfType('s', sig, false, false, false)]), 'primitive', cls, { name: 'server', reconfiguration });
  const client = gf.newFcInstance(tf.createFcType([tf.createFcItfType('out', sig, true, false, false)]), 'primitive', Adder, { name: 'client', reconfiguration });
  Fractal.getBindingController(client).bindFc('out', server.getFcInterface('s'));
  Fractal.getLifeCycleController(server).startFc();
  Fractal.getLifeCycleController(client).startFc();
  return { port: client.getFcInterface('out') as unknown as Record<string, Target>, server };
}

/**
 * A relay primitive bound to an adder primitive, both started: a call from outside crosses two
 * interceptors, and the relay's own call site (shared by every relay in the process) reaches the second.
 */
function chain(reconfiguration: 'thread-counting' | 'none', cls: typeof Relay = Relay): Record<string, Target> {
  const boot = Fractal.createBootstrapComponent({ clock: cycleClock });
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const adder = gf.newFcInstance(tf.createFcType([tf.createFcItfType('s', 'bench.Adder', false, false, false)]), 'primitive', Adder, { name: 'adder', reconfiguration });
  const relay = gf.newFcInstance(tf.createFcType([
    tf.createFcItfType('r', 'bench.Relay', false, false, false),
    tf.createFcItfType('out', 'bench.Adder', true, false, false),
  ]), 'primitive', cls, { name: 'relay', reconfiguration });
  Fractal.getBindingController(relay).bindFc('out', adder.getFcInterface('s'));
  Fractal.getLifeCycleController(adder).startFc();
  Fractal.getLifeCycleController(relay).startFc();
  return relay.getFcInterface('r') as unknown as Record<string, Target>;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const n = Math.max(100_000, Math.round(20_000_000 * opts.scale));
  const na = Math.max(10_000, Math.round(1_000_000 * opts.scale));
  const rounds = 7;
  const rows: BenchRow[] = [];
  const row = (c: string, v: number, base?: number, note?: string) => {
    rows.push({ case: c, value: v, unit: 'ns/call', ratio: base === undefined ? undefined : v / base, note });
    opts.log(`${c}: ${v.toFixed(2)} ns`);
  };

  const direct = new Adder();
  const tc = pair('bench.Adder', 'thread-counting').port;
  const none = pair('bench.Adder', 'none').port;

  const dSync = syncLoop((i) => direct.add(i & 1), n, rounds);
  row('sync: direct method call', dSync);
  const pSync = syncLoop((i) => tc.add!(i & 1), n, rounds);
  row('sync: port + thread-counting interceptor', pSync, dSync, `added ${(pSync - dSync).toFixed(2)} ns/call (target <= 5)`);
  const nSync = syncLoop((i) => none.add!(i & 1), n, rounds);
  row("sync: port, reconfiguration 'none'", nSync, dSync, `added ${(nSync - dSync).toFixed(2)} ns/call`);

  // A kernel has many components and methods: run 30 other content classes through interceptors
  // first, and check the fast path keeps its speed (each interceptor must keep its own type feedback).
  const others = Array.from({ length: 30 }, () => pair('bench.Adder', 'thread-counting', otherAdder()).port);
  for (const p of others) for (let i = 0; i < 20_000; i++) p.add!(1);
  const pPoly = syncLoop((i) => tc.add!(i & 1), n, rounds);
  row('sync: port + interceptor, after 30 other classes ran', pPoly, dSync, `added ${(pPoly - dSync).toFixed(2)} ns/call`);

  // Two crossings, as in the kernel, on the first chain built in the process and on the sixth: each
  // kernel booted in a process (tests, experiments) builds its components again, and the callers' code
  // (here Relay.relay) is shared by all of them. The interceptors of a content method share their code
  // (gate.ts), so a later instance must cost what the first does.
  const directRelay = new DirectRelay(new Adder());
  const dRelay = syncLoop((i) => directRelay.relay(i & 1), n, rounds);
  row('relay: direct, two method calls', dRelay);
  const first = chain('thread-counting');
  const pFirst = syncLoop((i) => first.relay!(i & 1), n, rounds);
  row('relay: two ports + interceptors, first instance', pFirst, dRelay, `added ${(pFirst - dRelay).toFixed(2)} ns/call`);
  for (let k = 0; k < 4; k++) {
    const c = chain('thread-counting');
    for (let i = 0; i < 20_000; i++) c.relay!(1);
  }
  const sixth = chain('thread-counting');
  const pSixth = syncLoop((i) => sixth.relay!(i & 1), n, rounds);
  row('relay: two ports + interceptors, sixth instance (as after 5 reboots)', pSixth, dRelay, `added ${(pSixth - dRelay).toFixed(2)} ns/call`);
  const noneChain = chain('none', RelayForNone);
  const pNone = syncLoop((i) => noneChain.relay!(i & 1), n, rounds);
  row("relay: two ports, reconfiguration 'none'", pNone, dRelay, `added ${(pNone - dRelay).toFixed(2)} ns/call`);

  cycles++;
  const dAsync = await asyncLoop((i) => direct.addAsync(i & 1), na, rounds);
  row('async: direct await of an async method (before any AsyncLocalStorage use)', dAsync);
  const pAsync = await asyncLoop((i) => pair_async.addAsync!(i & 1), na, rounds);
  row('async: port + interceptor (AsyncLocalStorage path)', pAsync, dAsync, `added ${(pAsync - dAsync).toFixed(0)} ns/call`);
  const pProm = await asyncLoop((i) => pair_promise.addPromise!(i & 1), na, rounds);
  const dProm = await asyncLoop((i) => direct.addPromise(i & 1), na, rounds);
  row('async: direct await of a Promise-returning method', dProm);
  row('async: port + interceptor, Promise-returning sync method (no ALS)', pProm, dProm, `added ${(pProm - dProm).toFixed(0)} ns/call`);
  const pPromWall = await asyncLoop((i) => pair_promise_wall.addPromise!(i & 1), na, rounds);
  row('async: same, default clock (performance.now) for in-flight records', pPromWall, dProm, `added ${(pPromWall - dProm).toFixed(0)} ns/call`);
  const dAsync2 = await asyncLoop((i) => direct.addAsync(i & 1), na, rounds);
  row('async: direct await of an async method (after AsyncLocalStorage was used)', dAsync2, dAsync, 'process-wide promise-hook tax');
  const nAsync = await asyncLoop((i) => none_async.addAsync!(i & 1), na, rounds);
  row("async: port, reconfiguration 'none'", nAsync, dAsync2, `added ${(nAsync - dAsync2).toFixed(0)} ns/call`);

  const als = new AsyncLocalStorage<number>();
  const alsRun = syncLoop((i) => als.run(i, direct.add.bind(direct), 1), Math.round(n / 10), rounds);
  row('AsyncLocalStorage.run around a sync call (why ALS stays off the sync path)', alsRun, dSync);
  return rows;
}

const pair_async = pair('bench.AsyncAdder', 'thread-counting').port;
const pair_promise = pair('bench.PromiseAdder', 'thread-counting').port;
const pair_promise_wall = pair('bench.PromiseAdder', 'thread-counting', Adder, null).port;
const none_async = pair('bench.AsyncAdder', 'none').port;
