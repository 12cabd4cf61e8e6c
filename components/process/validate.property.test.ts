// The hand-written structural check of the process manager's state against the schema of record
// (zod): generated valid states, and the same states with one to three fields replaced by odd
// values, deleted, or given extra keys; both must accept and refuse the same states. Then what
// import adds on top (cross-references) and that import shares nothing mutable with its input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONTEXT_WORDS } from '../../machine/hart.js';
import { importProcessState, processManagerStateSchema, ProcessStateError, validateProcessManagerState } from './state.js';

/** Stands in for an address space: the schema asks for an object with forEachPage. */
const fakeSpace = { forEachPage: () => undefined };

const str = fc.string({ maxLength: 6 });
const processArb = fc.record({
  pid: fc.integer({ min: 1, max: 40 }),
  ppid: fc.integer({ min: 0, max: 40 }),
  state: fc.constantFrom('runnable', 'blocked', 'zombie'),
  context: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: CONTEXT_WORDS, maxLength: CONTEXT_WORDS }).map((a) => Int32Array.from(a)),
  space: fc.constantFrom(null, fakeSpace),
  fds: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 3 }), fc.boolean()), { selector: (e) => e[0], maxLength: 4 }),
  cwd: fc.integer({ min: -1, max: 9 }),
  name: str,
  argv: fc.array(str, { maxLength: 3 }),
  brkStart: fc.nat(),
  brk: fc.nat(),
  stackBottom: fc.nat(),
  channel: fc.integer({ min: -1, max: 9 }),
  sleepUntil: fc.integer({ min: -1, max: 1e9 }),
  exitCode: fc.option(fc.integer({ min: 0, max: 255 }), { nil: null }),
  termSignal: fc.option(fc.integer({ min: 1, max: 31 }), { nil: null }),
  exitSeq: fc.nat(),
  cycles: fc.double({ min: 0, max: 1e12, noNaN: true }),
  nice: fc.integer({ min: -20, max: 19 }),
  execCount: fc.nat(9),
  pendingExec: fc.option(fc.record({ path: str, argv: fc.array(str, { maxLength: 2 }), envp: fc.array(str, { maxLength: 2 }), cwd: str }), { nil: null }),
});

const validState = fc.record({
  version: fc.constant(1),
  processes: fc.array(processArb, { maxLength: 4 }),
  descriptions: fc.array(
    fc.record({
      kind: fc.constantFrom('console-in', 'console-out', 'pipe-read', 'pipe-write', 'file', 'dir', 'device'),
      flags: fc.integer({ min: 0, max: 0o4000000 }),
      offset: fc.nat(),
      ino: fc.integer({ min: -1, max: 99 }),
      pipe: fc.option(fc.nat(3), { nil: null }),
      device: fc.option(str, { nil: null }),
    }),
    { maxLength: 4 },
  ),
  pipes: fc.array(fc.record({ channel: fc.nat(), data: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 }) }), { maxLength: 2 }),
  current: fc.integer({ min: -1, max: 40 }),
  sliceStart: fc.nat(),
  nextPid: fc.integer({ min: 1, max: 50 }),
  nextPipe: fc.integer({ min: 1, max: 9 }),
  exitSeq: fc.nat(),
  exitLog: fc.array(
    fc.record({ pid: fc.nat(), name: str, code: fc.option(fc.nat(255), { nil: null }), signal: fc.option(fc.nat(31), { nil: null }), cycles: fc.nat(), endedAt: fc.nat() }),
    { maxLength: 2 },
  ),
  deferredReleases: fc.array(fc.nat(), { maxLength: 3 }),
});

/** Values that break some field or other: wrong types, out of range, non-finite, unsafe, holes (a fresh copy each time). */
const oddValue = fc
  .constantFrom<() => unknown>(
    () => undefined, () => null, () => -1, () => 0, () => 1.5, () => 256, () => 64, () => 2 ** 53, () => NaN, () => Infinity, () => -Infinity,
    () => '', () => 'runnable', () => 'file', () => true, () => [], () => ({}), () => [1, 2], () => [1, 2, true], () => [0, 0, false, 1],
    () => new Int32Array(CONTEXT_WORDS), () => new Int32Array(2), () => new Array(3), () => fakeSpace, () => new Map(), () => 'x'.repeat(50),
  )
  .map((make) => make());

type Mutation = { pick: number; kind: 'set' | 'delete' | 'extra'; value: unknown };
const mutationArb = fc.record({ pick: fc.nat(), kind: fc.constantFrom('set', 'set', 'set', 'delete', 'extra'), value: oddValue }) as fc.Arbitrary<Mutation>;

/** Every container and leaf of a state below the root (typed arrays and address spaces count as leaves). */
function paths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = [], seen = new Set<object>()): Array<Array<string | number>> {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v === fakeSpace || seen.has(v)) return out;
  seen.add(v);
  for (const k of Object.keys(v)) {
    const p = [...at, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    paths((v as Record<string, unknown>)[k], p, out, seen);
  }
  return out;
}

function mutate(state: Record<string, unknown>, m: Mutation): void {
  const all = paths(state);
  const path = all[m.pick % all.length]!;
  let parent: Record<string | number, unknown> = state;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const key = path.at(-1)!;
  if (m.kind === 'set') parent[key] = m.value;
  else if (m.kind === 'delete') delete parent[key];
  else if (Array.isArray(parent)) parent.push(m.value);
  else parent[`extra${String(key)}`] = m.value;
}

function fastAccepts(state: unknown): boolean {
  try {
    validateProcessManagerState(state);
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(ProcessStateError);
    return false;
  }
}

describe('process manager state: hand validator ⇔ zod schema', () => {
  it('both accept every generated valid state', () => {
    fc.assert(
      fc.property(validState, (st) => {
        expect(processManagerStateSchema.safeParse(st).success).toBe(true);
        expect(fastAccepts(st)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('both accept and refuse the same mutated states', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(validState, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (st, ms) => {
        const state = st as unknown as Record<string, unknown>;
        for (const m of ms) mutate(state, m);
        const zodOk = processManagerStateSchema.safeParse(state).success;
        expect(fastAccepts(state)).toBe(zodOk);
        if (zodOk) accepted++;
        else refused++;
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(300);
  });

  it('refusals name the field and what was expected', () => {
    const base = { version: 1, processes: [], descriptions: [], pipes: [], current: -1, sliceStart: 0, nextPid: 1, nextPipe: 1, exitSeq: 0, exitLog: [], deferredReleases: [] };
    const proc = {
      pid: 1, ppid: 0, state: 'runnable', context: new Int32Array(CONTEXT_WORDS), space: null, fds: [], cwd: 1, name: 'x', argv: [], brkStart: 0, brk: 0,
      stackBottom: 0, channel: -1, sleepUntil: -1, exitCode: null, termSignal: null, exitSeq: 0, cycles: 0, nice: 0, execCount: 0, pendingExec: null,
    };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...base, version: 2 }, /version: expected 1, got 2/],
      [{ ...base, processes: [{ ...proc, nice: 20 }] }, /processes\.0\.nice: expected an integer in -20\.\.19, got 20/],
      [{ ...base, processes: [proc, { ...proc, fds: [[0, 1]] }] }, /processes\.1\.fds\.0: expected a tuple/],
      [{ ...base, processes: [{ ...proc, context: new Int32Array(2) }] }, /processes\.0\.context: expected an Int32Array of 33 words/],
      [{ ...base, pipes: [{ channel: 1, data: [1, 300] }] }, /pipes\.0\.data\.1: expected an integer in 0\.\.255, got 300/],
      [{ ...base, sliceStart: Infinity }, /sliceStart: expected a non-negative number, got Infinity/],
      [null, /state: expected an object, got null/],
    ];
    for (const [state, message] of cases) {
      expect(() => importProcessState(state)).toThrow(ProcessStateError);
      expect(() => importProcessState(state)).toThrow(message);
    }
  });

  it('import shares nothing mutable with its input but the address spaces', () => {
    const state = {
      version: 1, descriptions: [], pipes: [], current: -1, sliceStart: 0, nextPid: 3, nextPipe: 1, exitSeq: 1, deferredReleases: [7],
      exitLog: [{ pid: 2, name: 'y', code: 0, signal: null, cycles: 5, endedAt: 9 }],
      processes: [{
        pid: 1, ppid: 0, state: 'runnable', context: new Int32Array(CONTEXT_WORDS).fill(3), space: fakeSpace, fds: [], cwd: 1, name: 'x', argv: ['x', 'a'],
        brkStart: 0, brk: 0, stackBottom: 0, channel: -1, sleepUntil: -1, exitCode: null, termSignal: null, exitSeq: 0, cycles: 0, nice: 0, execCount: 0,
        pendingExec: { path: '/x', argv: ['x'], envp: [], cwd: '/' },
      }],
    };
    const t = importProcessState(state);
    const p = t.procs[0]!;
    expect(p.space).toBe(fakeSpace);
    expect(p.context).not.toBe(state.processes[0]!.context);
    expect([...p.context]).toEqual([...state.processes[0]!.context]);
    expect(p.argv).toEqual(['x', 'a']);
    expect(p.argv).not.toBe(state.processes[0]!.argv);
    expect(p.pendingExec).toEqual(state.processes[0]!.pendingExec);
    expect(p.pendingExec!.argv).not.toBe(state.processes[0]!.pendingExec.argv);
    expect(t.exitLog).toEqual(state.exitLog);
    expect(t.exitLog[0]).not.toBe(state.exitLog[0]);
    expect(t.deferredReleases).not.toBe(state.deferredReleases);
  });
});
