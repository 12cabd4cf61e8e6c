// Property tests: every implementation against a reference model of the protocol, swaps between
// every pair of implementations (export → import) in the middle of random operation sequences,
// and the pure state helpers (validators ⇔ zod schemas for both state versions, the v1 → v2
// upgrade, queueKeys).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Priority, SchedulerStateSchema, SchedulerStateV1Schema, validateSchedulerState, validateSchedulerStateV1, upgradeSchedulerState,
  rowsOf, queueKeys, type Scheduler, type SchedulerState,
} from './index.js';
import { IMPLEMENTATIONS, IMPLEMENTATION_NAMES } from './testing.js';

type Op =
  | { k: 'admit'; pid: number; nice: number }
  | { k: 'exit'; pid: number }
  | { k: 'block'; pid: number }
  | { k: 'wake'; pid: number }
  | { k: 'yield' }
  | { k: 'pick' }
  | { k: 'charge'; cycles: number }
  | { k: 'nice'; pid: number; nice: number }
  | { k: 'swap'; to: string };

const pidArb = fc.integer({ min: 0, max: 9 });
const niceArb = fc.integer({ min: -20, max: 19 });
const opArb = (withSwaps: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    { arbitrary: fc.record({ k: fc.constant('admit' as const), pid: pidArb, nice: niceArb }), weight: 4 },
    { arbitrary: fc.record({ k: fc.constant('exit' as const), pid: pidArb }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('block' as const), pid: pidArb }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant('wake' as const), pid: pidArb }), weight: 2 },
    { arbitrary: fc.constant({ k: 'yield' as const }), weight: 1 },
    { arbitrary: fc.constant({ k: 'pick' as const }), weight: 5 },
    { arbitrary: fc.record({ k: fc.constant('charge' as const), cycles: fc.integer({ min: 0, max: 50_000 }) }), weight: 4 },
    { arbitrary: fc.record({ k: fc.constant('nice' as const), pid: pidArb, nice: niceArb }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant('swap' as const), to: fc.constantFrom(...IMPLEMENTATION_NAMES) }), weight: withSwaps ? 1 : 0 },
  );

/** The protocol as a plain model: states, the running pid, runtimes, nice; and RR's exact FIFO. */
class Model {
  states = new Map<number, 'runnable' | 'running' | 'blocked'>();
  nice = new Map<number, number>();
  runtime = new Map<number, number>();
  running = -1;
  /** The FIFO order a round-robin scheduler must follow (checked only while `impl` is round-robin). */
  fifo: number[] = [];

  runnable(): number[] {
    return [...this.states].filter(([, s]) => s === 'runnable').map(([p]) => p);
  }
}

function check(s: Scheduler, m: Model): void {
  expect(s.current()).toBe(m.running);
  expect(s.size()).toBe(m.states.size);
  for (const [pid, st] of m.states) expect(s.stateOf(pid), `pid ${pid}`).toBe(st);
  const state = validateSchedulerState(s.exportState());
  expect([...state.queue].sort((a, b) => a - b)).toEqual(m.runnable().sort((a, b) => a - b));
  for (const p of rowsOf(state)) {
    expect(p.nice).toBe(m.nice.get(p.pid));
    expect(p.runtime).toBe(m.runtime.get(p.pid));
  }
}

/** Applies one op to the scheduler and the model; returns the (possibly new) scheduler. */
function step(s: Scheduler, name: { impl: string }, m: Model, op: Op): Scheduler {
  const rr = name.impl === 'round-robin';
  switch (op.k) {
    case 'admit':
      if (m.states.has(op.pid)) expect(() => s.admit(op.pid, op.nice)).toThrow(/already/);
      else {
        s.admit(op.pid, op.nice);
        m.states.set(op.pid, 'runnable');
        m.nice.set(op.pid, op.nice);
        m.runtime.set(op.pid, 0);
        m.fifo.push(op.pid);
      }
      break;
    case 'exit':
      if (!m.states.has(op.pid)) expect(() => s.exit(op.pid)).toThrow(/unknown pid/);
      else {
        expect(s.exit(op.pid)).toBe(m.runtime.get(op.pid));
        m.states.delete(op.pid);
        if (m.running === op.pid) m.running = -1;
        m.fifo = m.fifo.filter((p) => p !== op.pid);
      }
      break;
    case 'block': {
      const st = m.states.get(op.pid);
      if (st === undefined || st === 'blocked') expect(() => s.block(op.pid)).toThrow();
      else {
        s.block(op.pid);
        m.states.set(op.pid, 'blocked');
        if (m.running === op.pid) m.running = -1;
        m.fifo = m.fifo.filter((p) => p !== op.pid);
      }
      break;
    }
    case 'wake': {
      const st = m.states.get(op.pid);
      if (st === undefined) expect(() => s.wake(op.pid)).toThrow(/unknown pid/);
      else {
        expect(s.wake(op.pid)).toBe(st === 'blocked');
        if (st === 'blocked') {
          m.states.set(op.pid, 'runnable');
          m.fifo.push(op.pid);
        }
      }
      break;
    }
    case 'yield':
      if (m.running !== -1) s.yield(m.running);
      else if (m.states.size > 0) expect(() => s.yield(m.states.keys().next().value!)).toThrow(/expected running/);
      break;
    case 'pick': {
      const candidates = m.runnable();
      if (m.running !== -1) {
        candidates.push(m.running);
        m.states.set(m.running, 'runnable');
        m.fifo.push(m.running);
      }
      const got = s.pick();
      if (candidates.length === 0) expect(got).toBe(-1);
      else {
        expect(candidates).toContain(got);
        if (rr) expect(got).toBe(m.fifo[0]);
        m.fifo = m.fifo.filter((p) => p !== got);
        m.states.set(got, 'running');
      }
      m.running = got;
      break;
    }
    case 'charge':
      if (m.running !== -1) {
        expect(s.slice(m.running)).toBeGreaterThan(0);
        s.charge(m.running, op.cycles);
        m.runtime.set(m.running, m.runtime.get(m.running)! + op.cycles);
      }
      break;
    case 'nice':
      if (!m.states.has(op.pid)) expect(() => s.setNice(op.pid, op.nice)).toThrow(/unknown pid/);
      else {
        s.setNice(op.pid, op.nice);
        if (op.nice !== m.nice.get(op.pid) && m.states.get(op.pid) === 'runnable') {
          m.fifo = m.fifo.filter((p) => p !== op.pid);
          m.fifo.push(op.pid);
        }
        m.nice.set(op.pid, op.nice);
      }
      break;
    case 'swap': {
      const before = s.exportState();
      const next = IMPLEMENTATIONS[op.to]!(1000);
      next.importState(structuredClone(before));
      swapInvariants(before, next, name.impl, op.to);
      name.impl = op.to;
      m.fifo = [...next.exportState().queue]; // the order a round-robin successor must follow
      return next;
    }
  }
  return s;
}

/** What a swap must keep: the same processes in the same states, running one running, order where the policy allows. */
function swapInvariants(before: SchedulerState, next: Scheduler, from: string, to: string): void {
  const after = validateSchedulerState(next.exportState());
  expect(after.running).toBe(before.running);
  const summary = (st: SchedulerState) =>
    rowsOf(st).map((p) => `${p.pid}:${p.state}:${p.nice}:${p.runtime}`).sort();
  expect(summary(after)).toEqual(summary(before));
  // Priority reorders by nice; every other importer keeps the canonical order exactly.
  if (to !== 'priority' || from === 'priority') expect(after.queue).toEqual(before.queue);
}

describe.each(IMPLEMENTATION_NAMES)('%s against the reference model', (impl) => {
  it('random operation sequences keep the protocol', () => {
    fc.assert(
      fc.property(fc.array(opArb(false), { maxLength: 120 }), (ops) => {
        const name = { impl };
        let s = IMPLEMENTATIONS[impl]!(1000);
        const m = new Model();
        for (const op of ops) {
          s = step(s, name, m, op);
          check(s, m);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('priority with aging against the reference model', () => {
  it('random operation sequences keep the protocol', () => {
    fc.assert(
      fc.property(fc.array(opArb(false), { maxLength: 120 }), (ops) => {
        const name = { impl: 'priority' };
        let s: Scheduler = new Priority(1000, 2000);
        const m = new Model();
        for (const op of ops) {
          s = step(s, name, m, op);
          check(s, m);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('swaps', () => {
  it.each(IMPLEMENTATION_NAMES.flatMap((a) => IMPLEMENTATION_NAMES.map((b) => [a, b] as const)))(
    '%s → %s keeps every process, state and order, and the successor keeps working',
    (from, to) => {
      fc.assert(
        fc.property(fc.array(opArb(false), { maxLength: 60 }), fc.array(opArb(false), { maxLength: 60 }), (pre, post) => {
          const name = { impl: from };
          let s = IMPLEMENTATIONS[from]!(1000);
          const m = new Model();
          for (const op of pre) s = step(s, name, m, op);
          s = step(s, name, m, { k: 'swap', to });
          check(s, m);
          for (const op of post) {
            s = step(s, name, m, op);
            check(s, m);
          }
        }),
        { numRuns: 15 },
      );
    },
  );

  it('random sequences with random swaps between all implementations', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IMPLEMENTATION_NAMES), fc.array(opArb(true), { maxLength: 200 }), (first, ops) => {
        const name = { impl: first };
        let s = IMPLEMENTATIONS[first]!(1000);
        const m = new Model();
        for (const op of ops) {
          s = step(s, name, m, op);
          check(s, m);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('a swap with hundreds of processes in every state keeps them all', () => {
    for (const from of IMPLEMENTATION_NAMES) {
      const s = IMPLEMENTATIONS[from]!(1000);
      for (let pid = 0; pid < 500; pid++) s.admit(pid, (pid * 7) % 40 - 20);
      for (let i = 0; i < 2000; i++) {
        const p = s.pick();
        s.charge(p, 100 + (i % 900));
        if (i % 7 === 0) s.block(p);
        if (i % 11 === 0) s.wake((i * 13) % 500);
      }
      for (const to of IMPLEMENTATION_NAMES) {
        const before = s.exportState();
        const t = IMPLEMENTATIONS[to]!(1000);
        t.importState(structuredClone(before));
        swapInvariants(before, t, from, to);
      }
    }
  });
});

describe('canonical state helpers', () => {
  /** Mostly `valid`, now and then `invalid`: so that generated states land on both sides. */
  const rare = <T,>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 14 }, { arbitrary: invalid, weight: 1 });

  const messyV1 = fc
    .record({
      version: fc.constantFrom(1, 1, 1, 2),
      policy: fc.constant('x'),
      processes: fc.array(
        fc.record(
          {
            pid: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(-1, 1.5, 2 ** 31)),
            state: fc.constantFrom('runnable', 'runnable', 'running', 'blocked', 'zombie'),
            nice: fc.integer({ min: -21, max: 20 }),
            runtime: fc.constantFrom(0, 12.5, 1e9, -1, Infinity),
            hints: fc.option(fc.record({ vlag: fc.double({ noNaN: true, min: -1e6, max: 1e6 }), level: fc.integer({ min: -1, max: 5 }) }, { requiredKeys: [] }), { nil: undefined }),
          },
          { requiredKeys: ['pid', 'state', 'nice', 'runtime'] },
        ),
        { maxLength: 8 },
      ),
      shuffle: fc.integer(),
      drop: fc.boolean(),
      dup: fc.boolean(),
      runningPick: fc.integer({ min: -1, max: 3 }),
    })
    .map(({ version, policy, processes, shuffle, drop, dup, runningPick }) => {
      const runnable = processes.filter((p) => p.state === 'runnable').map((p) => p.pid);
      const queue = runnable.map((p, i) => runnable[(i + Math.abs(shuffle)) % runnable.length]!);
      if (drop && queue.length > 0 && shuffle % 5 === 0) queue.pop();
      if (dup && queue.length > 0 && shuffle % 7 === 0) queue.push(queue[0]!);
      const runners = processes.filter((p) => p.state === 'running').map((p) => p.pid);
      const running = runningPick === -1 ? -1 : (runners[runningPick] ?? runners[0] ?? -1);
      return { version, policy, running, queue, processes };
    });

  const hintValue = rare(fc.constantFrom(0, 1, 3, 1e6, NaN), fc.constantFrom(-1, 0.5, Infinity, -Infinity));
  const messyV2 = fc
    .record({
      version: rare(fc.constant(2), fc.constantFrom(1, 3, '2')),
      rows: fc.array(
        fc.record({
          pid: rare(fc.integer({ min: 0, max: 12 }), fc.constantFrom(-1, -7)),
          state: rare(fc.constantFrom(1, 1, 2, 3), fc.constantFrom(0, 4, 255)),
          nice: rare(fc.integer({ min: -20, max: 19 }), fc.constantFrom(-21, 20, 127)),
          runtime: rare(fc.constantFrom(0, 12.5, 1e9), fc.constantFrom(-1, Infinity, NaN)),
          hint: hintValue,
        }),
        { maxLength: 8 },
      ),
      hintNames: fc.subarray(['vlag', 'level', 'allotment', 'passLag'] as const),
      unknownHint: rare(fc.constant(false), fc.constant(true)),
      skew: rare(fc.constant(0), fc.constantFrom(-1, 1)),
      plainColumn: rare(fc.constant(false), fc.constant(true)),
      extraField: rare(fc.constant(false), fc.constant(true)),
      shuffle: fc.integer(),
      drop: fc.boolean(),
      dup: fc.boolean(),
      runningPick: fc.integer({ min: -1, max: 3 }),
    })
    .map(({ version, rows, hintNames, unknownHint, skew, plainColumn, extraField, shuffle, drop, dup, runningPick }) => {
      const runnable = rows.filter((r) => r.state === 1).map((r) => r.pid);
      const queue = runnable.map((p, i) => runnable[(i + Math.abs(shuffle)) % runnable.length]!);
      if (drop && queue.length > 0 && shuffle % 5 === 0) queue.pop();
      if (dup && queue.length > 0 && shuffle % 7 === 0) queue.push(queue[0]!);
      const runners = rows.filter((r) => r.state === 2).map((r) => r.pid);
      const running = runningPick === -1 ? -1 : (runners[runningPick] ?? runners[0] ?? -1);
      const hints: Record<string, Float64Array> = {};
      for (const k of hintNames) hints[k] = Float64Array.from(rows, (r) => r.hint);
      if (unknownHint) hints.tickets = Float64Array.from(rows, () => 1);
      const runtimes = rows.map((r) => r.runtime);
      if (skew === 1) runtimes.push(0);
      else if (skew === -1) runtimes.pop();
      const runtime = Float64Array.from(runtimes);
      const st: Record<string, unknown> = {
        version, policy: 'x', running, pid: Int32Array.from(rows, (r) => r.pid), state: Uint8Array.from(rows, (r) => r.state),
        nice: plainColumn ? rows.map((r) => r.nice) : Int8Array.from(rows, (r) => r.nice), runtime, queue: Int32Array.from(queue), hints,
      };
      if (extraField) st.processes = [];
      return st;
    });

  it('the fast validator and the zod schema accept and refuse the same states (version 2)', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(messyV2, (st) => {
        const zodOk = SchedulerStateSchema.safeParse(st).success;
        let fastOk = true;
        try {
          validateSchedulerState(st);
        } catch {
          fastOk = false;
        }
        expect(fastOk).toBe(zodOk);
        if (fastOk) accepted++;
        else refused++;
      }),
      { numRuns: 1000 },
    );
    // the generator reaches both sides
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });

  it('the version-1 validator and its zod schema accept and refuse the same states', () => {
    let accepted = 0;
    fc.assert(
      fc.property(messyV1, (st) => {
        const zodOk = SchedulerStateV1Schema.safeParse(st).success;
        let fastOk = true;
        try {
          validateSchedulerStateV1(st);
        } catch {
          fastOk = false;
        }
        expect(fastOk).toBe(zodOk);
        if (fastOk) accepted++;
      }),
      { numRuns: 600 },
    );
    expect(accepted).toBeGreaterThan(10);
  });

  it('upgrade (v1 → v2) of a valid state is valid, keeps every row and hint, and is pure', () => {
    let upgraded = 0;
    fc.assert(
      fc.property(messyV1, (st) => {
        if (!SchedulerStateV1Schema.safeParse(st).success) return;
        const input = structuredClone(st);
        const v1 = validateSchedulerStateV1(st);
        const v2 = upgradeSchedulerState(v1);
        expect(st).toEqual(input);
        expect(SchedulerStateSchema.safeParse(v2).success).toBe(true);
        expect(() => validateSchedulerState(v2)).not.toThrow();
        const norm = (h: object | undefined) => (h && Object.keys(h).length > 0 ? h : undefined);
        expect(rowsOf(v2).map((p) => ({ ...p, hints: norm(p.hints) }))).toEqual(v1.processes.map((p) => ({ ...p, hints: norm(p.hints) })));
        expect([...v2.queue]).toEqual(v1.queue);
        expect(v2.running).toBe(v1.running);
        upgraded++;
      }),
      { numRuns: 400 },
    );
    expect(upgraded).toBeGreaterThan(5);
  });

  it('every exported state satisfies the zod schema', () => {
    for (const impl of IMPLEMENTATION_NAMES) {
      const s = IMPLEMENTATIONS[impl]!(1000);
      for (let pid = 0; pid < 30; pid++) s.admit(pid, pid % 10);
      for (let i = 0; i < 100; i++) {
        const p = s.pick();
        s.charge(p, 700);
        if (i % 9 === 0) s.block(p);
      }
      s.exit(3);
      s.admit(77, -4);
      expect(SchedulerStateSchema.safeParse(s.exportState()).success, impl).toBe(true);
    }
  });

  it('queueKeys: keys follow the queue order; hints are used only when complete and ordered', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 }), fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 20 }), fc.boolean(), (pids, lags, nanGaps) => {
        // A hint column as the importers see it: NaN (or undefined) where a process has no hint.
        const hintOf = (i: number) => (i < lags.length ? lags[i]! : nanGaps ? NaN : undefined);
        const queue = Int32Array.from(pids);
        const keys = queueKeys(queue, hintOf, 1);
        expect([...queue]).toEqual(pids); // pure
        expect(keys).toHaveLength(pids.length);
        for (let i = 1; i < keys.length; i++) {
          expect(keys[i]! > keys[i - 1]! || (keys[i] === keys[i - 1] && pids[i]! > pids[i - 1]!)).toBe(true);
        }
        const usable = lags.length >= pids.length && [...keys].every((k, i) => k === lags[i]);
        if (!usable) expect([...keys]).toEqual(pids.map((_, i) => i));
      }),
      { numRuns: 300 },
    );
  });
});
