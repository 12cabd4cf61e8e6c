// The scheduler family's canonical state, version 2: what moves from one scheduler to its
// successor during a swap, whatever the two policies are. It is columnar — one typed array per
// field, row i describing one process — so that exporting and importing 1,000 processes copies
// a few arrays instead of allocating two objects per process (a swap of 1,000 processes has a
// 1 ms budget). Version 1 (state-v1.ts, one object per process) is still accepted:
// `upgradeSchedulerState` is the one place where the state changes shape (Erlang's code_change).
//
// Invariants of a valid state (checked by `validateSchedulerState`, stated again in the zod schema
// `SchedulerStateSchema`, the schema of record; a property test checks that both agree):
//   - `version` is 2;
//   - `pid` (Int32Array), `state` (Uint8Array: 1 runnable, 2 running, 3 blocked), `nice`
//     (Int8Array) and `runtime` (Float64Array) have one entry per process, the same length n;
//   - pids are unique and in 0..2^31-1; nice in -20..19; runtime ≥ 0 and finite (cycles);
//   - `running` is -1 or the pid of the one process whose state is running, and no other
//     process is running;
//   - `queue` (Int32Array) lists every runnable pid exactly once and nothing else, in the order
//     the exporting policy would serve them (the running process is not in it);
//   - `hints` holds policy-specific, advisory columns (Float64Array of length n; NaN = no hint for
//     that process): an importer uses the hints it understands and derives the rest from `queue`
//     order; unknown hint names are refused so a typo cannot silently drop information.
// Swap rules that follow: no process lost or duplicated, the running one keeps running,
// blocked ones stay blocked, runnable ones keep their relative order unless a hint says more.
import { z } from 'zod';
import { SchedulerStateError } from './errors.js';
import { NICE_MAX, NICE_MIN } from './weights.js';
import { HINT_KEYS, PID_MAX, type HintKey, type ProcessState } from './state-common.js';
import { validateSchedulerStateV1, type SchedulerStateV1 } from './state-v1.js';

export { PID_MAX, HINT_KEYS, type ProcessState } from './state-common.js';
export { SchedulerStateV1Schema, validateSchedulerStateV1, type SchedulerStateV1, type SchedulerProcessStateV1, type SchedulerHintsV1 } from './state-v1.js';

export const SCHEDULER_STATE_VERSION = 2;

/** Codes of the `state` column. */
export const STATE_RUNNABLE = 1;
export const STATE_RUNNING = 2;
export const STATE_BLOCKED = 3;
const STATE_NAMES: readonly (ProcessState | undefined)[] = [undefined, 'runnable', 'running', 'blocked'];

/** Policy hint columns. Relative values (lags) so that they do not depend on the exporter's clock. */
export interface SchedulerHints {
  /** Fair: vruntime − min_vruntime, in weighted cycles (may be negative for a sleeper). */
  vlag?: Float64Array;
  /** Mlfq: queue level, 0 = top (an integer). */
  level?: Float64Array;
  /** Mlfq: cycles already used of the allotment at `level`. */
  allotment?: Float64Array;
  /** Stride: pass − global pass, in pass units (stride of nice 0 per quantum = 2^20). */
  passLag?: Float64Array;
}

export interface SchedulerState {
  version: 2;
  /** Short name of the exporting policy (informational). */
  policy: string;
  running: number;
  pid: Int32Array;
  state: Uint8Array;
  nice: Int8Array;
  runtime: Float64Array;
  queue: Int32Array;
  hints: SchedulerHints;
}

/** One process of a state as an object (tools and tests; allocates). */
export interface SchedulerProcessState {
  pid: number;
  state: ProcessState;
  nice: number;
  runtime: number;
  hints?: Partial<Record<HintKey, number>>;
}

const every = (a: ArrayLike<number>, ok: (v: number) => boolean): boolean => Array.prototype.every.call(a, ok as (v: unknown) => boolean);
const isHintLevel = (v: number) => Number.isNaN(v) || (Number.isSafeInteger(v) && v >= 0);
const isHintFinite = (v: number) => Number.isNaN(v) || Number.isFinite(v);
const isHintNonNeg = (v: number) => Number.isNaN(v) || (Number.isFinite(v) && v >= 0);

export const SchedulerStateSchema = z
  .strictObject({
    version: z.literal(SCHEDULER_STATE_VERSION),
    policy: z.string(),
    running: z.number().int().min(-1).max(PID_MAX),
    pid: z.instanceof(Int32Array).refine((a) => every(a, (p) => p >= 0), 'pids are in 0..2^31-1'),
    state: z.instanceof(Uint8Array).refine((a) => every(a, (c) => c >= STATE_RUNNABLE && c <= STATE_BLOCKED), 'states are 1 (runnable), 2 (running) or 3 (blocked)'),
    nice: z.instanceof(Int8Array).refine((a) => every(a, (v) => v >= NICE_MIN && v <= NICE_MAX), `nice values are in ${NICE_MIN}..${NICE_MAX}`),
    runtime: z.instanceof(Float64Array).refine((a) => every(a, (v) => Number.isFinite(v) && v >= 0), 'runtimes are finite and non-negative'),
    queue: z.instanceof(Int32Array),
    hints: z.strictObject({
      vlag: z.instanceof(Float64Array).refine((a) => every(a, isHintFinite), 'vlag hints are finite or NaN').optional(),
      level: z.instanceof(Float64Array).refine((a) => every(a, isHintLevel), 'level hints are non-negative integers or NaN').optional(),
      allotment: z.instanceof(Float64Array).refine((a) => every(a, isHintNonNeg), 'allotment hints are finite, non-negative or NaN').optional(),
      passLag: z.instanceof(Float64Array).refine((a) => every(a, isHintFinite), 'passLag hints are finite or NaN').optional(),
    }),
  })
  .superRefine((s, ctx) => {
    const n = s.pid.length;
    const columns = [s.state, s.nice, s.runtime, ...HINT_KEYS.map((k) => s.hints[k]).filter((c) => c !== undefined)];
    if (columns.some((c) => c.length !== n)) {
      ctx.addIssue({ code: 'custom', message: `every column must have one entry per process (${n})` });
      return;
    }
    const pids = [...s.pid];
    if (new Set(pids).size !== n) ctx.addIssue({ code: 'custom', message: 'duplicate pid' });
    const running = pids.filter((_, i) => s.state[i] === STATE_RUNNING);
    if (running.length > 1 || (running[0] ?? -1) !== s.running) {
      ctx.addIssue({ code: 'custom', message: `running is ${s.running} but running processes are [${running}]` });
    }
    const runnable = pids.filter((_, i) => s.state[i] === STATE_RUNNABLE);
    const queued = new Set(s.queue);
    if (queued.size !== s.queue.length || queued.size !== runnable.length || runnable.some((pid) => !queued.has(pid))) {
      ctx.addIssue({ code: 'custom', message: 'queue is not a permutation of the runnable pids' });
    }
  });

/** An empty state (no process), as a freshly built scheduler exports it. */
export function emptySchedulerState(policy: string): SchedulerState {
  return {
    version: 2, policy, running: -1, pid: new Int32Array(0), state: new Uint8Array(0), nice: new Int8Array(0),
    runtime: new Float64Array(0), queue: new Int32Array(0), hints: {},
  };
}

const fail = (where: string, what: string): never => {
  throw new SchedulerStateError(`scheduler state ${where}: ${what}`);
};
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v);

/**
 * Checks every invariant of a version-2 state and returns pid → row, which an importer adopts as
 * its slot table (slot i holds row i). Hand-written rather than `SchedulerStateSchema.parse`: it
 * allocates one map and one byte per process, and builds a message only on failure. Throws
 * SchedulerStateError naming the offending field and what was expected.
 */
export function indexSchedulerState(raw: unknown): Map<number, number> {
  if (!isPlainObject(raw)) return fail('', `expected an object, got ${kindOf(raw)}`);
  const s = raw;
  for (const k in s) {
    if (k !== 'version' && k !== 'policy' && k !== 'running' && k !== 'pid' && k !== 'state' && k !== 'nice' && k !== 'runtime' && k !== 'queue' && k !== 'hints') {
      fail(k, 'unknown field');
    }
  }
  if (s.version !== SCHEDULER_STATE_VERSION) fail('version', `expected ${SCHEDULER_STATE_VERSION}, got ${JSON.stringify(s.version)}`);
  if (typeof s.policy !== 'string') fail('policy', 'expected a string');
  const running = s.running;
  if (typeof running !== 'number' || !Number.isInteger(running) || running < -1 || running > PID_MAX) {
    fail('running', `expected -1 or a pid, got ${JSON.stringify(running)}`);
  }
  if (!(s.pid instanceof Int32Array)) return fail('pid', `expected an Int32Array, got ${kindOf(s.pid)}`);
  if (!(s.state instanceof Uint8Array)) return fail('state', `expected a Uint8Array, got ${kindOf(s.state)}`);
  if (!(s.nice instanceof Int8Array)) return fail('nice', `expected an Int8Array, got ${kindOf(s.nice)}`);
  if (!(s.runtime instanceof Float64Array)) return fail('runtime', `expected a Float64Array, got ${kindOf(s.runtime)}`);
  if (!(s.queue instanceof Int32Array)) return fail('queue', `expected an Int32Array, got ${kindOf(s.queue)}`);
  const pid = s.pid;
  const state = s.state;
  const nice = s.nice;
  const runtime = s.runtime;
  const queue = s.queue;
  const n = pid.length;
  if (state.length !== n) fail('state', `has ${state.length} entries, expected one per process (${n})`);
  if (nice.length !== n) fail('nice', `has ${nice.length} entries, expected one per process (${n})`);
  if (runtime.length !== n) fail('runtime', `has ${runtime.length} entries, expected one per process (${n})`);
  if (!isPlainObject(s.hints)) return fail('hints', `expected an object of hint columns, got ${kindOf(s.hints)}`);
  const hints = s.hints;
  for (const k in hints) {
    if (k !== 'vlag' && k !== 'level' && k !== 'allotment' && k !== 'passLag') fail(`hints.${k}`, `unknown hint (known: ${HINT_KEYS.join(', ')})`);
    const col = hints[k];
    if (col === undefined) continue;
    if (!(col instanceof Float64Array)) return fail(`hints.${k}`, `expected a Float64Array, got ${kindOf(col)}`);
    if (col.length !== n) fail(`hints.${k}`, `has ${col.length} entries, expected one per process (${n})`);
    // NaN (no hint for that process) passes every check below: each is written as a refusal.
    if (k === 'level') {
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (v < 0 || v > Number.MAX_SAFE_INTEGER || (v === v && Math.floor(v) !== v)) fail(`hints.level[${i}]`, `expected a non-negative integer or NaN, got ${v}`);
      }
    } else if (k === 'allotment') {
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (v < 0 || v === Infinity) fail(`hints.allotment[${i}]`, `expected a finite, non-negative number or NaN, got ${v}`);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (v === Infinity || v === -Infinity) fail(`hints.${k}[${i}]`, `expected a finite number or NaN, got ${v}`);
      }
    }
  }
  const rowOf = new Map<number, number>();
  let runningPid = -1;
  let runnable = 0;
  for (let i = 0; i < n; i++) {
    const p = pid[i]!;
    if (p < 0) fail(`pid[${i}]`, `expected a pid in 0..${PID_MAX}, got ${p}`);
    rowOf.set(p, i); // one hash lookup: a duplicate overwrites, so the size does not grow
    if (rowOf.size === i) fail(`pid[${i}]`, `duplicate pid ${p}`);
    const st = state[i]!;
    if (st === STATE_RUNNABLE) runnable++;
    else if (st === STATE_RUNNING) {
      if (runningPid !== -1) fail(`state[${i}]`, `two running processes: ${runningPid} and ${p}`);
      runningPid = p;
    } else if (st !== STATE_BLOCKED) fail(`state[${i}]`, `expected 1 (runnable), 2 (running) or 3 (blocked), got ${st}`);
    const v = nice[i]!;
    if (v < NICE_MIN || v > NICE_MAX) fail(`nice[${i}]`, `expected an integer in ${NICE_MIN}..${NICE_MAX}, got ${v}`);
    const r = runtime[i]!;
    if (!(r >= 0) || r === Infinity) fail(`runtime[${i}]`, `expected a non-negative number of cycles, got ${r}`);
  }
  if (running !== runningPid) fail('running', `is ${running} but the running process is ${runningPid}`);
  if (queue.length !== runnable) fail('queue', `has ${queue.length} pids, expected the ${runnable} runnable ones`);
  const queued = new Uint8Array(n);
  for (let i = 0; i < queue.length; i++) {
    const p = queue[i]!;
    const row = rowOf.get(p);
    if (row === undefined) return fail(`queue[${i}]`, `pid ${p} is unknown, expected a runnable pid`);
    if (state[row] !== STATE_RUNNABLE) fail(`queue[${i}]`, `pid ${p} is ${STATE_NAMES[state[row]!]}, expected runnable`);
    if (queued[row] !== 0) fail(`queue[${i}]`, `pid ${p} queued twice`);
    queued[row] = 1;
  }
  return rowOf;
}

/** Checks every invariant of a version-2 state (see indexSchedulerState) and returns it typed. */
export function validateSchedulerState(raw: unknown): SchedulerState {
  indexSchedulerState(raw);
  return raw as SchedulerState;
}

/**
 * code_change: a validated version-1 state as version 2. Rows keep the order of `processes`; a
 * hint column exists when some process had that hint, NaN for the others. Pure.
 */
export function upgradeSchedulerState(s: SchedulerStateV1): SchedulerState {
  const n = s.processes.length;
  const out: SchedulerState = {
    version: 2, policy: s.policy, running: s.running, pid: new Int32Array(n), state: new Uint8Array(n), nice: new Int8Array(n),
    runtime: new Float64Array(n), queue: Int32Array.from(s.queue), hints: {},
  };
  for (let i = 0; i < n; i++) {
    const p = s.processes[i]!;
    out.pid[i] = p.pid;
    out.state[i] = p.state === 'runnable' ? STATE_RUNNABLE : p.state === 'running' ? STATE_RUNNING : STATE_BLOCKED;
    out.nice[i] = p.nice;
    out.runtime[i] = p.runtime;
    if (p.hints === undefined) continue;
    for (const k of HINT_KEYS) {
      const v = p.hints[k];
      if (v === undefined) continue;
      (out.hints[k] ??= new Float64Array(n).fill(NaN))[i] = v;
    }
  }
  return out;
}

/**
 * What importState runs: a version-2 state as it is, a version-1 state checked and upgraded; then
 * every invariant checked. Returns the state and pid → row. Throws SchedulerStateError.
 */
export function readSchedulerState(raw: unknown): { state: SchedulerState; rowOf: Map<number, number> } {
  const state = isPlainObject(raw) && raw.version === 1 ? upgradeSchedulerState(validateSchedulerStateV1(raw)) : raw;
  return { state: state as SchedulerState, rowOf: indexSchedulerState(state) };
}

/** The processes of a (valid) state as objects, in row order (tools and tests; allocates). */
export function rowsOf(s: SchedulerState): SchedulerProcessState[] {
  const rows: SchedulerProcessState[] = [];
  for (let i = 0; i < s.pid.length; i++) {
    const row: SchedulerProcessState = { pid: s.pid[i]!, state: STATE_NAMES[s.state[i]!]!, nice: s.nice[i]!, runtime: s.runtime[i]! };
    for (const k of HINT_KEYS) {
      const v = s.hints[k]?.[i];
      if (v !== undefined && !Number.isNaN(v)) (row.hints ??= {})[k] = v;
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Per-queue-position keys for a keyed importer (Fair's vruntime, Stride's pass): the hints
 * `hintAt(i)` of the queued processes when every one has a hint (not undefined, not NaN) and they
 * agree with the queue order (ties in pid order, as keyed importers break ties by pid), else
 * `i * step` from the queue order, so the order is kept exactly. Pure: returns a new array
 * aligned with `queue`.
 */
export function queueKeys(queue: ArrayLike<number>, hintAt: (i: number) => number | undefined, step: number): Float64Array {
  const keys = new Float64Array(queue.length);
  let useHints = true;
  for (let i = 0; i < queue.length; i++) {
    const v = hintAt(i);
    if (v === undefined || v !== v || (i > 0 && (v < keys[i - 1]! || (v === keys[i - 1] && queue[i]! < queue[i - 1]!)))) {
      useHints = false;
      break;
    }
    keys[i] = v;
  }
  if (!useHints) for (let i = 0; i < keys.length; i++) keys[i] = i * step;
  return keys;
}
