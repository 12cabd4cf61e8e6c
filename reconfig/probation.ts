// Probation: after a swap commits, each successor's first N calls are watched, so that a successor that
// throws on one of them is rolled back in the middle of that call and the caller never sees the error
// (issue 7: "no call is lost or executed twice"; issue 10: "a successor that throws on its first calls").
//
// How. The engine hands over the predecessor content (stopped, never called again during the
// probation) with the attribute values the swap replaced. For the probation, each server method's
// MethodEntry.fn — what the gate's interceptor calls — is a watcher, and each client port's method slots
// count outgoing calls. An outermost call (gate count 1: nothing else is inside the component, so it is
// at a safe state apart from this call) first snapshots the successor's state (exportState, copied
// structurally). If the call throws:
//   exact (it made no outgoing call and the snapshot shares no live object): the predecessor imports
//     the snapshot, is put back in place (same membrane, so every binding reaches it), its start hook
//     runs, and the call runs again on it; its result (or its own error) goes to the caller. The
//     successful probation calls keep their effects: they are in the snapshot.
//   not exact: the predecessor imports the successor's state as it is now (the snapshot if that fails)
//     and the caller gets the error: the outgoing effects cannot be undone, and running the call again
//     would run them twice.
// Either way a second record is published: failedStep 'probation', `rollbackOf` the committed one.
// The end of a probation puts back the content's own methods and the ports' own slots: after it, the
// interceptor's hot path is exactly the normal one (no flag, no branch).
//
// Invariants: while a member is watched its content is the successor and each entry.fn is a watcher;
// after the probation (passed, superseded, rolled back) every entry.fn is a content method and every
// port slot the function its binding computes. A probation of several members (a transaction made of
// replaces) rolls back as a whole: a member still inside a call when another fails is reverted (state
// transfer, no call lost) when that call returns or when its next call enters. Async results are not
// supervised (a rejection may come after other calls ran): they count as served.

import { contents, Fractal, type Component, type ContentClass } from '../bindings/index.js';
import type { Gate, MethodEntry } from '../bindings/gate.js';
import { ITF, type ItfRef } from '../bindings/itf.js';
import { pathOf } from './plan.js';
import { stateSize, type ProbationReport, type ProbationStatus, type ReconfigEvent, type ReplacementInfo, type SwapRecord } from './record.js';

type Fn = (...args: unknown[]) => unknown;

/** Calls each successor serves on probation when a swap does not say (`SwapOptions.probation`). */
export const DEFAULT_PROBATION_CALLS = 16;

interface ContentHooks {
  exportState?: () => unknown;
  importState?: (state: unknown) => unknown;
  startFc?: () => unknown;
}

/** One replaced component of a committed swap, as the engine hands it over. */
export interface ProbationMember {
  readonly target: Component;
  readonly old: object;
  readonly oldCls: ContentClass;
  /** Attribute values the swap overwrote with the successor's (put back on rollback). */
  readonly oldAttrs: ReadonlyMap<string, unknown>;
  /** The predecessor was itself on probation when this swap superseded it: resumed if it comes back. */
  readonly previous?: PreviousProbation;
  /** Calls already served (a resumed probation). */
  readonly served?: number;
}

/** A member whose probation a later swap superseded: what it needs to resume if that swap is undone. */
export interface PreviousProbation {
  readonly member: ProbationMember;
  readonly served: number;
  readonly ctx: ProbationContext;
}

export interface ProbationContext {
  /** The committed swap's record id. */
  readonly id: number;
  readonly calls: number;
  readonly kind: SwapRecord['kind'];
  readonly actions: readonly string[];
  readonly strategy: string;
  readonly now: () => { cycle: number; us: number };
  readonly newId: () => number;
  readonly publish: (r: SwapRecord) => void;
  readonly emit: (e: ReconfigEvent) => void;
  /** Checks a state for the predecessor's class (the engine's validate step). */
  readonly validate: (state: unknown, cls: ContentClass, target: Component) => void;
  /** Adds a probation to the engine's active ones (also a resumed one). */
  readonly register: (p: Probation) => void;
  readonly onEnd: (p: Probation) => void;
}

interface Snapshot {
  readonly ok: boolean;
  readonly state: unknown;
  readonly shared: number;
  readonly error?: unknown;
  /** Not taken: an earlier snapshot shared live objects, so none can make a rollback exact. */
  readonly skipped?: boolean;
}

/** Content classes whose exported state shared live objects (count from the last snapshot). */
const SHARES_LIVE_STATE = new WeakMap<ContentClass, number>();

const NO_STATE: Snapshot = { ok: true, state: undefined, shared: 0 };

class Watched {
  served = 0;
  outgoing = 0;
  /** Roll back when the call inside returns or the next one enters (another member failed). */
  pending = false;
  done = false;
  /** Live objects the last snapshot shared; once > 0 no snapshot can be exact, so none is taken. */
  shared = 0;
  readonly gate: Gate;
  readonly succ: object;
  readonly succCls: ContentClass;
  readonly entries: Array<{ e: MethodEntry; real: Fn; watch: Fn }> = [];
  readonly slots: Array<{ port: Record<string, Fn>; m: string; orig: Fn; wrap: Fn }> = [];
  readonly ports = new Set<ItfRef>();

  constructor(readonly member: ProbationMember) {
    this.served = member.served ?? 0;
    const t = member.target;
    this.gate = t.gate!;
    this.succ = t.content!;
    this.succCls = t.contentClass!;
    // A class whose state shared live objects once will again: its snapshots cannot make a rollback
    // exact, so none is taken (the process manager's at 10,000 processes is 8.6 MB, 0.4-0.7 s).
    this.shared = SHARES_LIVE_STATE.get(this.succCls) ?? 0;
  }
}

export class Probation {
  private readonly watched: Watched[];
  private status: ProbationStatus | null = null;
  /** Why the probation failed (set by the failing call; members still inside a call revert later). */
  private failure = '';
  /** Records of failures waiting for the commit record to be out (a failure among the held calls). */
  private queued: SwapRecord[] | null = [];
  /** The 'probation' event of a probation that ended before its commit record was out. */
  private ending: ReconfigEvent | null = null;

  constructor(members: readonly ProbationMember[], private readonly ctx: ProbationContext) {
    this.watched = members.map((m) => new Watched(m));
    for (const w of this.watched) this.install(w);
  }

  get id(): number {
    return this.ctx.id;
  }

  get active(): boolean {
    return this.status === null;
  }

  /** Calls served so far by the member that served fewest. */
  get served(): number {
    return Math.min(...this.watched.map((w) => w.served));
  }

  covers(c: Component): boolean {
    return this.watched.some((w) => w.member.target === c);
  }

  /** The commit record is out: failures are now published as they happen. */
  committed(): void {
    const q = this.queued ?? [];
    this.queued = null;
    for (const r of q) this.ctx.publish(r);
    if (this.ending) this.ctx.emit(this.ending);
    this.ending = null;
  }

  /**
   * A later swap touches members (those for which `replaced` is true it replaces): the probation ends;
   * each replaced member still watched goes into `out`, so that the later swap's rollback can resume it
   * (its predecessor comes back, still unproven).
   */
  supersede(touches: (c: Component) => boolean, replaced: (c: Component) => boolean, out: Map<Component, PreviousProbation>): void {
    if (!this.active || !this.watched.some((w) => touches(w.member.target))) return;
    for (const w of this.watched) {
      if (!w.done && !w.pending && replaced(w.member.target)) out.set(w.member.target, { member: capFallbacks(w.member), served: w.served, ctx: this.ctx });
    }
    this.end('superseded');
  }

  /**
   * Ends the probation early: a later reconfiguration touches a member ('superseded'), or the swap
   * itself rolled back ('cancelled': the engine's undo restores the contents).
   */
  end(status: 'superseded' | 'cancelled'): void {
    if (!this.active) return;
    if (status === 'cancelled') this.queued = null; // the swap's own rollback record says what happened
    for (const w of this.watched) {
      if (w.done) continue;
      if (w.pending && w.gate.count === 0 && this.revert(w, null) !== null) continue;
      this.unwatch(w);
    }
    if (this.failure) this.finish('failed', this.failure);
    else this.finish(status, status === 'superseded' ? 'a later reconfiguration touched a member before its probation ended' : 'the swap rolled back');
  }

  // ---- watching ---------------------------------------------------------------------------------

  private install(w: Watched): void {
    for (const e of w.member.target.entries) {
      const real = e.fn;
      const watch = watcher(this, w, e, real);
      w.entries.push({ e, real, watch });
      e.fn = watch;
    }
    for (const itf of w.member.target.external.values()) {
      const st = itf[ITF];
      if (st.role !== 'client') continue;
      w.ports.add(itf);
      const port = itf as unknown as Record<string, Fn>;
      for (const m of st.methods) {
        const orig = port[m]!;
        if (orig === st.throwers[m]) continue; // unbound: a call throws and has no effect
        const wrap = outgoingCounter(w, orig);
        port[m] = wrap;
        w.slots.push({ port, m, orig, wrap });
      }
    }
  }

  /** Puts back the content's methods and the ports' slots (those nothing has recomputed since). */
  private unwatch(w: Watched): void {
    for (const x of w.entries) if (x.e.fn === x.watch) x.e.fn = x.real;
    this.unwatchPorts(w);
    w.done = true;
  }

  private unwatchPorts(w: Watched): void {
    for (const s of w.slots) if (s.port[s.m] === s.wrap) s.port[s.m] = s.orig;
  }

  /** True when every outgoing call of the member went through a counter. */
  private portsObserved(w: Watched): boolean {
    for (const s of w.slots) if (s.port[s.m] !== s.wrap) return false; // a rebind recomputed the slot
    for (const itf of w.member.target.external.values()) {
      const st = itf[ITF];
      if (st.role === 'client' && !w.ports.has(itf) && st.source !== null) return false; // a collection instance created since
    }
    return true;
  }

  /** @internal What a watcher does: see the top of the file. */
  call(w: Watched, e: MethodEntry, real: Fn, self: unknown, args: unknown[]): unknown {
    if (w.gate.count !== 1) return real.apply(self, args); // nested: the outermost call is the watched one
    if (w.pending) {
      if (this.revertPending(w)) return e.fn.apply(w.member.old, args);
      return real.apply(self, args);
    }
    if (w.served >= this.ctx.calls) {
      // Served its calls; the others of its transaction have not: a failure there still reverts it.
      const r = real.apply(self, args);
      if (w.pending) this.revertPending(w);
      return r;
    }
    const snap = w.shared === 0 ? snapshot(w.succ) : { ok: false, state: undefined, shared: w.shared, skipped: true };
    w.shared = snap.shared;
    if (snap.shared > 0) SHARES_LIVE_STATE.set(w.succCls, snap.shared);
    const before = w.outgoing;
    let r: unknown;
    try {
      r = real.apply(self, args);
    } catch (err) {
      return this.fail(w, e, args, snap, err, w.outgoing - before);
    }
    if (w.pending) {
      this.revertPending(w);
      return r;
    }
    if (++w.served === this.ctx.calls && this.watched.every((x) => x.served >= this.ctx.calls)) {
      for (const x of this.watched) this.unwatch(x);
      this.finish('passed');
    }
    return r;
  }

  // ---- rollback ---------------------------------------------------------------------------------

  private fail(w: Watched, e: MethodEntry, args: unknown[], snap: Snapshot, err: unknown, outgoing: number): unknown {
    const t0 = this.ctx.now();
    const target = w.member.target;
    const call = `${target.getFcName()}.${e.itf}.${e.method}`;
    const message = err instanceof Error ? err.message : String(err);
    const outgoingCalls = this.portsObserved(w) ? outgoing : -1;
    let exact = snap.ok && outgoingCalls === 0 && snap.shared === 0;
    let restored = false;
    let problem = '';
    if (exact) {
      try {
        this.restore(w, snap.state);
        restored = true;
      } catch (e2) {
        exact = false;
        problem = `; the predecessor refused the pre-call state (${(e2 as Error).message})`;
      }
    }
    if (!restored) {
      const how = this.revert(w, snap);
      if (how === null) {
        // Neither state fits the predecessor: the successor stays; the caller gets the error.
        this.unwatch(w);
        for (const o of this.watched) if (!o.done) this.unwatch(o);
        this.finish('failed', `${call} threw on probation call ${w.served + 1} (${message}) and the predecessor took no state: the successor stays`);
        throw err;
      }
      if (how === 'snapshot') problem += '; the successor exported no state after the failure, the predecessor took the pre-call snapshot';
    }
    for (const o of this.watched) {
      if (o === w || o.done) continue;
      if (o.gate.count === 0) this.revert(o, null);
      else o.pending = true; // inside a call now (it called the failing member): reverts when it returns
    }
    const t1 = this.ctx.now();
    const report: ProbationReport = {
      calls: this.ctx.calls, served: w.served, call, error: message, exact, outgoingCalls, sharedObjects: snap.shared, rerun: exact,
    };
    const reason = `${call}() threw on probation call ${w.served + 1} of ${this.ctx.calls}: ${message}` +
      (exact ? '; rolled back to the state before that call, which ran again on the predecessor' : `; rolled back, not exactly (${notExactWhy(report, snap)}): the caller got the error`) + problem;
    this.record(w, reason, report, t0, t1, snap);
    this.failure = reason;
    this.finishIfReverted();
    if (!exact) throw err;
    return e.fn.apply(w.member.old, args); // e.fn is the predecessor's method again
  }

  /** Puts the predecessor back with `state` (undefined: nothing to import). Throws, changing nothing, if it refuses the state. */
  private restore(w: Watched, state: unknown): void {
    const { target, old, oldCls, oldAttrs } = w.member;
    const hooks = old as ContentHooks;
    if (state !== undefined && typeof hooks.importState === 'function') {
      this.ctx.validate(state, oldCls, target);
      const r = hooks.importState(state);
      if (isThenable(r)) throw new Error('importState returned a promise: state transfer must complete synchronously');
    }
    const store = target.attributes;
    if (store) for (const [k, v] of oldAttrs) store.set(k, v);
    target.setContent(old, oldCls); // every entry.fn is the predecessor's method again
    this.unwatchPorts(w);
    w.done = true;
    w.pending = false;
    Fractal.getRuntime(target).emit('content-replaced', target, { server: `${w.succCls.name} -> ${oldCls.name} (probation rollback)` });
    hooks.startFc?.();
    if (w.member.previous) resumeProbation(w.member.previous);
  }

  /** A member of a failed probation, now quiescent: back to its predecessor (or left as it is if that fails). */
  private revertPending(w: Watched): boolean {
    const ok = this.revert(w, null) !== null;
    if (!ok) {
      this.unwatch(w);
      this.failure += `; ${pathOf(w.member.target)} could not take its predecessor back and stays`;
    }
    this.finishIfReverted();
    return ok;
  }

  private finishIfReverted(): void {
    if (this.watched.every((x) => x.done)) this.finish('failed', this.failure);
  }

  /**
   * Puts the predecessor back with the successor's current state (a state transfer: every effect kept),
   * or, when that fails, with `fallback`. Returns which state it took, or null when none fitted.
   */
  private revert(w: Watched, fallback: Snapshot | null): 'current' | 'snapshot' | null {
    const ex = (w.succ as ContentHooks).exportState;
    try {
      this.restore(w, typeof ex === 'function' ? ex.call(w.succ) : undefined);
      return 'current';
    } catch {
      if (!fallback?.ok) return null;
      try {
        this.restore(w, fallback.state);
        return 'snapshot';
      } catch {
        return null;
      }
    }
  }

  private record(failed: Watched, reason: string, report: ProbationReport, t0: { cycle: number; us: number }, t1: { cycle: number; us: number }, snap: Snapshot): void {
    const size = stateSize(snap.state);
    const replacements: ReplacementInfo[] = this.watched.map((x) => ({
      path: pathOf(x.member.target),
      from: x.succCls.name,
      to: contents.nameOf(x.member.oldCls) ?? x.member.oldCls.name,
      stateBytes: x === failed ? size.bytes : 0, // the pre-call snapshot; the others moved by state transfer
      stateEntries: x === failed ? size.entries : 0,
    }));
    const r: SwapRecord = {
      id: this.ctx.newId(), kind: this.ctx.kind, actions: this.ctx.actions, strategy: this.ctx.strategy, outcome: 'rolled-back',
      failedStep: 'probation', reason, replacements,
      phases: [{ phase: 'rollback', startCycle: t0.cycle, endCycle: t1.cycle, startUs: t0.us, endUs: t1.us }],
      requested: t0, serving: t1, latencyUs: t1.us - t0.us, latencyCycles: t1.cycle - t0.cycle,
      quiescenceUs: 0, quiescenceCycles: 0, interruptionUs: t1.us - t0.us, interruptionCycles: t1.cycle - t0.cycle,
      callsHeld: 0, stopped: [], rollbackOf: this.ctx.id, probation: report,
    };
    if (this.queued) this.queued.push(r);
    else this.ctx.publish(r);
  }

  private finish(status: ProbationStatus, reason?: string): void {
    if (this.status !== null) return;
    this.status = status;
    const e: ReconfigEvent = { kind: 'probation', id: this.ctx.id, status, served: this.served, calls: this.ctx.calls, ...(reason ? { reason } : {}) };
    if (this.queued) this.ending = e; // after the commit record
    else this.ctx.emit(e);
    this.ctx.onEnd(this);
  }
}

/**
 * How many superseded predecessors a chain of swaps keeps to fall back on; older ones count as proven.
 * Without a bound, swaps coming faster than the probation's calls retained every predecessor (a heap
 * snapshot showed 101 schedulers after 100 swaps 5 calls apart: ~80 KB each at 1,000 processes).
 */
export const MAX_FALLBACKS = 4;

/** `m` with its chain of predecessors cut after MAX_FALLBACKS (copies only what changes). */
export function capFallbacks(m: ProbationMember, depth = 1): ProbationMember {
  const prev = m.previous;
  if (!prev) return m;
  if (depth > MAX_FALLBACKS) {
    const { previous: _dropped, ...rest } = m;
    return rest;
  }
  const member = capFallbacks(prev.member, depth + 1);
  return member === prev.member ? m : { ...m, previous: { ...prev, member } };
}

/** Watches a superseded member again: its predecessor came back (with its own predecessor to fall back on). */
export function resumeProbation(prev: PreviousProbation): Probation {
  const p = new Probation([{ ...prev.member, served: prev.served }], prev.ctx);
  p.committed(); // its commit record has long been out
  prev.ctx.register(p);
  return p;
}

/**
 * The watcher of one method: a concise method, like the content methods the entry normally holds. A
 * plain `function` has another hidden class (it has a prototype), and storing one in `entry.fn`
 * generalises the field's type for every MethodEntry: after the probation, calls stayed ~3x slower
 * (bench/reconfig-probation.bench.ts measured 38 ns vs 12 ns for current()).
 */
function watcher(p: Probation, w: Watched, e: MethodEntry, real: Fn): Fn {
  return {
    watch(this: unknown): unknown {
      return p.call(w, e, real, this, arguments as unknown as unknown[]);
    },
  }.watch;
}

function outgoingCounter(w: Watched, orig: Fn): Fn {
  return function (this: unknown) {
    w.outgoing++;
    return orig.apply(this, arguments as unknown as unknown[]);
  };
}

function notExactWhy(r: ProbationReport, snap: Snapshot): string {
  const why: string[] = [];
  if (!snap.ok && !snap.skipped) why.push(`no pre-call state: exportState threw (${snap.error instanceof Error ? snap.error.message : String(snap.error)})`);
  if (r.outgoingCalls < 0) why.push('its outgoing calls were not observable (a binding changed during the probation)');
  else if (r.outgoingCalls > 0) why.push(`it had made ${r.outgoingCalls} call(s) through its client interfaces`);
  if (r.sharedObjects > 0) why.push(`its state shares ${r.sharedObjects} live object(s) by reference`);
  return why.join('; ') || 'the predecessor refused the pre-call state';
}

function isThenable(r: unknown): boolean {
  return r !== null && typeof r === 'object' && typeof (r as { then?: unknown }).then === 'function';
}

/** The successor's state before a watched call, copied so that the call cannot change it. */
function snapshot(content: object): Snapshot {
  const ex = (content as ContentHooks).exportState;
  if (typeof ex !== 'function') return NO_STATE;
  let state: unknown;
  try {
    state = ex.call(content);
  } catch (error) {
    return { ok: false, state: undefined, shared: 0, error };
  }
  const counter = { shared: 0 };
  return { ok: true, state: copyState(state, new Map(), counter), shared: counter.shared };
}

/**
 * A structural copy: plain objects, arrays, maps and sets are copied; typed arrays are kept (an export
 * makes fresh ones, except buffers it hands over on purpose, such as a disk read's target, whose later
 * bytes the predecessor must see); other class instances are kept and counted as shared: a call can
 * change them and a rollback cannot undo that.
 */
export function copyState(v: unknown, seen: Map<object, unknown>, counter: { shared: number }): unknown {
  if (v === null || typeof v !== 'object') return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    seen.set(v, out);
    for (let i = 0; i < v.length; i++) out[i] = copyState(v[i], seen, counter);
    return out;
  }
  if (v instanceof Map) {
    const out = new Map();
    seen.set(v, out);
    for (const [k, x] of v) out.set(copyState(k, seen, counter), copyState(x, seen, counter));
    return out;
  }
  if (v instanceof Set) {
    const out = new Set();
    seen.set(v, out);
    for (const x of v) out.add(copyState(x, seen, counter));
    return out;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    counter.shared++;
    seen.set(v, v);
    return v;
  }
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  seen.set(v, out);
  for (const k of Object.keys(v)) out[k] = copyState((v as Record<string, unknown>)[k], seen, counter);
  return out;
}
