// The gate of a primitive component: the interceptors on its server interfaces, its thread counter,
// its held-call queue and its in-flight calls. This is where THINK's thread counting happens.
//
// Invariants:
// - `count` = calls inside the component = sync frames on the JS stack + `asyncPending` unsettled promises.
//   So `count - asyncPending > 0` means the code running right now is nested inside this component.
// - A call enters (count +1) only when the gate is STARTED, or when its thread is already inside the
//   component or inside another member of the stop group (re-entrant calls pass); otherwise it is held.
// - Held calls are released in FIFO order by `release()` (on startFc) and each runs exactly once, or is
//   rejected exactly once (hold timeout).
// - A stop group reaches STOPPED only when every member's count is 0 at the same moment.
// The STARTED fast path allocates nothing and reads no clock: a counter up, a call, a counter down.

import { IllegalLifeCycleError, InstantiationError } from './errors.js';
import type { ModelRuntime } from './runtime.js';
import { asyncContext, threads, type AsyncContext, type ThreadId } from './threads.js';

export const STOPPED = 0;
export const STARTED = 1;
export const STOPPING = 2;
export type GateState = typeof STOPPED | typeof STARTED | typeof STOPPING;

/** One method of one server interface: what the interceptor calls, and the interceptor itself. */
export interface MethodEntry {
  readonly itf: string;
  readonly method: string;
  readonly async: boolean;
  /** The content's method (refreshed when the content is replaced). */
  fn: (...args: unknown[]) => unknown;
  /** The interceptor: what a bound port calls. */
  entry: (...args: unknown[]) => unknown;
}

/** A call that is inside a component, for tools and for the reconfiguration engine's "why not safe" report. */
export interface InFlightCall {
  readonly thread: ThreadId;
  readonly component: string;
  readonly interface: string;
  readonly method: string;
  /** Clock value when the call entered (or, for a sync method that returned a promise, when it returned it). */
  readonly since: number;
  /** True while waiting for a promise; false for a synchronous frame on the current stack. */
  readonly async: boolean;
}

class Call implements InFlightCall {
  done = false;
  /** Intrusive list of a gate's in-flight calls: no hashing on the async path. */
  prev: Call | null = null;
  next: Call | null = null;
  readonly interface: string;
  constructor(
    readonly gate: Gate,
    readonly thread: ThreadId,
    readonly component: string,
    itf: string,
    readonly method: string,
    readonly since: number,
    public async: boolean,
  ) {
    this.interface = itf;
  }
}

export interface HeldCall {
  entry: MethodEntry;
  readonly args: unknown[];
  readonly thread: ThreadId;
  readonly since: number;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export interface GateOwner {
  getFcName(): string;
}

function isThenable(r: unknown): r is PromiseLike<unknown> {
  return r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function';
}

type Interceptor = (...args: unknown[]) => unknown;
type Factory = (g: Gate, e: MethodEntry) => Interceptor;

/**
 * Interceptor factories by the content method they call: one compiled function per method, shared by
 * every gate whose entry calls that method (every kernel booted in the process, every instance).
 */
const factories = new WeakMap<object, Factory>();
/** Key of the entries of a gate that has no content yet (their interceptor is rebuilt by setContent). */
const NO_CONTENT = {};
let compiled = 0;

/** The sync fast path. STARTED is inlined as 1; keep in step with the constants above. */
function compileSyncInterceptor(g: Gate, e: MethodEntry): Interceptor {
  const key = g.content === null ? NO_CONTENT : e.fn;
  let make = factories.get(key);
  if (make === undefined) {
    make = new Function('g', 'e', `
    return function interceptor() { // tessera interceptor #${compiled++} ${e.method.replace(/[^\w$]/g, '_')}
      if (g.state !== 1) return g.slow(e, arguments);
      g.count++;
      let r;
      try {
        r = e.fn.apply(g.content, arguments);
      } catch (err) {
        if (--g.count === 0 && g.state !== 1) g.quiesced();
        throw err;
      }
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') return g.track(e, r, null);
      if (--g.count === 0 && g.state !== 1) g.quiesced();
      return r;
    };`) as Factory;
    factories.set(key, make);
  }
  return make(g, e);
}

const directFactories = new WeakMap<object, (content: object, fn: Interceptor) => Interceptor>();

/**
 * What a port of a `reconfiguration: 'none'` primitive calls: the content's method on the content, no
 * counting. Not `fn.bind(content)`: each kernel booted in a process would bring new bound functions and
 * make its callers' call sites megamorphic, as per-gate interceptors did; one factory per content method
 * keeps them monomorphic.
 */
export function directEntry(content: object, fn: Interceptor): Interceptor {
  let make = directFactories.get(fn);
  if (make === undefined) {
    make = new Function('c', 'f', `
    return function direct() { // tessera direct #${compiled++}
      return f.apply(c, arguments);
    };`) as (content: object, fn: Interceptor) => Interceptor;
    directFactories.set(fn, make);
  }
  return make(content, fn);
}

/**
 * The reaction that uncounts a call when its promise settles. Returned anonymous on purpose: tsx
 * (esbuild keepNames) wraps every *named* closure in a defineProperty call, which costs more than the
 * rest of the async path.
 */
function settler(g: Gate, call: Call): () => void {
  return () => {
    g.asyncPending--;
    g.settle(call);
  };
}

function invoke(g: Gate, e: MethodEntry, args: ArrayLike<unknown>): unknown {
  return e.fn.apply(g.content, args as unknown[]);
}

export class Gate {
  state: GateState = STOPPED;
  count = 0;
  asyncPending = 0;
  content: object | null = null;
  group: StopGroup | null = null;
  /** Head of the list of in-flight calls (async calls, and traced sync calls). */
  private head: Call | null = null;
  held: HeldCall[] = [];

  constructor(
    readonly owner: GateOwner,
    readonly runtime: ModelRuntime,
    public holdTimeoutMs: number,
    /** Record every sync call as an in-flight call too (costs an allocation per call; for diagnosis). */
    readonly traceCalls: boolean,
  ) {}

  /**
   * Builds the interceptor of one method: a closure, never a Proxy. The sync one comes from a factory
   * compiled once per content method (its own source, so its own type feedback): a single shared
   * closure would see every content method of the kernel at its one call site, go megamorphic and cost
   * several times more (bench/bindings.bench.ts, "after 30 other classes"). One factory per gate is as
   * bad the other way round: each kernel booted in a process (tests, experiments, benchmarks) brought
   * new functions, so every caller's call site went megamorphic at the second boot and every interceptor
   * warmed up again. Closures of one factory share their feedback and optimised code. The interceptor
   * reads `e.fn` at each call, so what it calls may change (content replaced, probation watcher).
   */
  intercept(e: MethodEntry): (...args: unknown[]) => unknown {
    const g = this;
    if (e.async || this.traceCalls) {
      return function asyncInterceptor(this: unknown) {
        if (g.state !== STARTED) return g.slow(e, arguments);
        return g.enterTracked(e, arguments);
      };
    }
    return compileSyncInterceptor(g, e);
  }

  /** Enters with an in-flight record and, for async methods, an async context that carries the thread. */
  enterTracked(e: MethodEntry, args: ArrayLike<unknown>): unknown {
    this.count++;
    const parent = asyncContext.getStore();
    const call = new Call(this, threads.current(), this.owner.getFcName(), e.itf, e.method, this.runtime.now(), false);
    this.link(call);
    let r: unknown;
    try {
      if (e.async && this.runtime.asyncThreadIdentity) {
        const ctx: AsyncContext = { thread: call.thread, call, parent };
        r = asyncContext.run(ctx, invoke, this, e, args);
      } else {
        r = invoke(this, e, args);
      }
    } catch (err) {
      this.finish(call);
      throw err;
    }
    if (isThenable(r)) return this.track(e, r, call);
    this.finish(call);
    return r;
  }

  private link(call: Call): void {
    call.next = this.head;
    if (this.head) this.head.prev = call;
    this.head = call;
  }

  /** @internal Settles an async call (see settler). */
  settle(call: Call): void {
    this.finish(call);
  }

  private finish(call: Call): void {
    call.done = true;
    if (call.prev) call.prev.next = call.next;
    else this.head = call.next;
    if (call.next) call.next.prev = call.prev;
    call.prev = call.next = null;
    if (--this.count === 0 && this.state !== STARTED) this.quiesced();
  }

  /**
   * A call returned a promise: it stays counted until the promise settles. The caller gets the content's
   * own promise; the counting reaction is registered first, so the count drops before the caller resumes.
   */
  track(e: MethodEntry, r: PromiseLike<unknown>, call: Call | null): PromiseLike<unknown> {
    this.asyncPending++;
    if (call === null) {
      call = new Call(this, threads.current(), this.owner.getFcName(), e.itf, e.method, this.runtime.now(), true);
      this.link(call);
    }
    call.async = true;
    const settle = settler(this, call);
    r.then(settle, settle);
    return r;
  }

  /** In-flight calls, most recent first. */
  private calls(): Call[] {
    const out: Call[] = [];
    for (let c = this.head; c; c = c.next) out.push(c);
    return out;
  }

  /** Not STARTED: run a re-entrant call, hold any other. */
  slow(e: MethodEntry, args: ArrayLike<unknown>): unknown {
    if (this.content === null) {
      throw new InstantiationError(`component '${this.owner.getFcName()}' has no content: cannot call ${e.itf}.${e.method}()`);
    }
    if (this.callerInside()) return this.pass(e, args);
    return this.hold(e, args);
  }

  /** True when the running code is inside this component, or inside another member of its stop group. */
  callerInside(): boolean {
    const members: readonly Gate[] = this.group ? this.group.members : [this];
    for (const g of members) if (g.count - g.asyncPending > 0) return true;
    for (let c = asyncContext.getStore(); c; c = c.parent) {
      const call = c.call as Call | null;
      if (call !== null && !call.done && members.includes(call.gate)) return true;
    }
    return false;
  }

  private pass(e: MethodEntry, args: ArrayLike<unknown>): unknown {
    if (e.async || this.traceCalls) return this.enterTracked(e, args);
    this.count++;
    let r: unknown;
    try {
      r = invoke(this, e, args);
    } catch (err) {
      if (--this.count === 0 && this.state !== STARTED) this.quiesced();
      throw err;
    }
    if (isThenable(r)) return this.track(e, r, null);
    if (--this.count === 0 && this.state !== STARTED) this.quiesced();
    return r;
  }

  private hold(e: MethodEntry, args: ArrayLike<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const h: HeldCall = { entry: e, args: Array.from(args), thread: threads.current(), since: this.runtime.now(), resolve, reject, timer: undefined };
      this.enqueue(h);
    });
  }

  /** Appends a held call (also used to move held calls from a replaced component). */
  enqueue(h: HeldCall): void {
    if (h.timer !== undefined) clearTimeout(h.timer);
    h.timer = undefined;
    if (Number.isFinite(this.holdTimeoutMs)) {
      h.timer = setTimeout(() => this.timeOut(h), this.holdTimeoutMs);
      h.timer.unref?.();
    }
    this.held.push(h);
    this.runtime.emit('call-held', this.owner, { interface: h.entry.itf, method: h.entry.method, thread: h.thread, held: this.held.length });
  }

  private timeOut(h: HeldCall): void {
    const i = this.held.indexOf(h);
    if (i < 0) return;
    this.held.splice(i, 1);
    this.runtime.emit('call-timed-out', this.owner, { interface: h.entry.itf, method: h.entry.method, thread: h.thread, held: this.held.length });
    h.reject(new IllegalLifeCycleError(
      `call ${this.owner.getFcName()}.${h.entry.itf}.${h.entry.method}() from thread ${String(h.thread)} was held ${this.holdTimeoutMs} ms ` +
      `while the component was ${this.state === STOPPING ? 'stopping' : 'STOPPED'}; expected startFc() within the hold timeout`,
    ));
  }

  /** Removes and returns the held calls (to move them to a successor). */
  takeHeld(): HeldCall[] {
    const out = this.held;
    this.held = [];
    for (const h of out) if (h.timer !== undefined) { clearTimeout(h.timer); h.timer = undefined; }
    return out;
  }

  /** Runs the held calls in FIFO order while the gate stays STARTED, each as the thread that made it. */
  release(): void {
    while (this.held.length > 0 && this.state === STARTED) {
      const h = this.held.shift()!;
      if (h.timer !== undefined) clearTimeout(h.timer);
      this.runtime.emit('call-released', this.owner, { interface: h.entry.itf, method: h.entry.method, thread: h.thread, held: this.held.length });
      let r: unknown;
      try {
        r = threads.run(h.thread, () => h.entry.entry.apply(undefined, h.args));
      } catch (err) {
        h.reject(err);
        continue;
      }
      h.resolve(r);
    }
  }

  quiesced(): void {
    if (this.group) this.group.check();
  }

  /** Calls inside, for tools: async calls always; sync frames as one summary each when not traced. */
  inFlightCalls(): InFlightCall[] {
    const out: InFlightCall[] = this.calls().reverse();
    const untracedSync = this.count - this.asyncPending - out.filter((c) => !c.async).length;
    for (let i = 0; i < untracedSync; i++) {
      out.push({ thread: threads.current(), component: this.owner.getFcName(), interface: '?', method: '?', since: NaN, async: false });
    }
    return out;
  }
}

/** Gates being stopped together (a composite's primitives): re-entrancy is judged across all of them. */
export class StopGroup {
  readonly promise: Promise<void>;
  private resolveFn!: () => void;
  private rejectFn!: (e: unknown) => void;
  private settled = false;

  readonly members: readonly Gate[];
  private readonly absorbed: readonly StopGroup[];

  /**
   * Members already stopping in another group join this one, and that group settles with this one: one
   * stop covering both, so a call inside either may enter the other (no deadlock between two stops).
   */
  /** `onStopped` runs once every member is STOPPED (members' 'stopped' events are already out). */
  constructor(gates: readonly Gate[], private readonly onStopped: () => void) {
    const members = new Set<Gate>();
    const absorbed = new Set<StopGroup>();
    for (const g of gates) {
      members.add(g);
      if (g.group && g.group !== this) absorbed.add(g.group);
    }
    for (const old of absorbed) for (const g of old.members) members.add(g);
    this.members = [...members];
    this.promise = new Promise<void>((res, rej) => {
      this.resolveFn = res;
      this.rejectFn = rej;
    });
    // A cancelled stop rejects its promise; mark it handled so that nobody awaiting it is not a crash.
    this.promise.catch(() => undefined);
    for (const old of absorbed) old.settled = true;
    this.absorbed = [...absorbed];
    for (const g of this.members) {
      g.group = this;
      g.state = STOPPING;
    }
  }

  check(): void {
    if (this.settled) return;
    for (const g of this.members) if (g.count !== 0) return;
    this.settled = true;
    for (const g of this.members) {
      g.state = STOPPED;
      g.group = null;
    }
    for (const g of this.members) g.runtime.emit('stopped', g.owner);
    this.complete();
  }

  private complete(): void {
    this.onStopped();
    this.resolveFn();
    for (const old of this.absorbed) old.complete();
  }

  private fail(err: unknown): void {
    this.rejectFn(err);
    for (const old of this.absorbed) old.fail(err);
  }

  /** startFc during a stop: everyone goes back to STARTED and the stop promises reject. */
  cancel(reason: string): void {
    if (this.settled) return;
    this.settled = true;
    for (const g of this.members) {
      g.group = null;
      g.state = STARTED;
    }
    const err = new IllegalLifeCycleError(reason);
    this.fail(err);
    for (const g of this.members) g.release();
  }
}
