// The scheduler family's canonical state, version 1: what moves from one scheduler to its
// successor during a swap, whatever the two policies are.
//
// Invariants of a valid state (checked by `validateSchedulerState`, stated again in the zod
// schema `SchedulerStateSchema`):
//   - `version` is 1;
//   - pids are unique integers in 0..2^31-1; nice in -20..19; runtime ≥ 0 cycles;
//   - `running` is -1 or the pid of the one process whose state is `running`, and no other
//     process is `running`;
//   - `queue` lists every `runnable` pid exactly once and nothing else, in the order the
//     exporting policy would serve them (the running process is not in it);
//   - hints are optional, policy-specific and advisory: an importer uses the hints it
//     understands and derives the rest from `queue` order; unknown hint fields are refused
//     by the schema so a typo cannot silently drop information.
// Swap rules that follow: no process lost or duplicated, the running one keeps running,
// blocked ones stay blocked, runnable ones keep their relative order unless a hint says more.
import { z } from 'zod';
import { SchedulerStateError } from './errors.js';
import { NICE_MAX, NICE_MIN } from './weights.js';

export const SCHEDULER_STATE_VERSION = 1;
/** Pids live in Int32Arrays: 0 … 2^31−1. */
export const PID_MAX = 0x7fffffff;

export type ProcessState = 'runnable' | 'running' | 'blocked';

/** Policy hints. Relative values (lags) so that they do not depend on the exporter's clock. */
export interface SchedulerHints {
  /** Fair: vruntime − min_vruntime, in weighted cycles (may be negative for a sleeper). */
  vlag?: number;
  /** Mlfq: queue level, 0 = top. */
  level?: number;
  /** Mlfq: cycles already used of the allotment at `level`. */
  allotment?: number;
  /** Stride: pass − global pass, in pass units (stride of nice 0 per quantum = 2^20). */
  passLag?: number;
}

export interface SchedulerProcessState {
  pid: number;
  state: ProcessState;
  nice: number;
  runtime: number;
  hints?: SchedulerHints;
}

export interface SchedulerState {
  version: 1;
  /** Short name of the exporting policy (informational). */
  policy: string;
  running: number;
  queue: number[];
  processes: SchedulerProcessState[];
}

const HINT_KEYS = ['vlag', 'level', 'allotment', 'passLag'] as const;

export const SchedulerStateSchema = z
  .strictObject({
    version: z.literal(SCHEDULER_STATE_VERSION),
    policy: z.string(),
    running: z.number().int().min(-1).max(PID_MAX),
    queue: z.array(z.number().int().nonnegative().max(PID_MAX)),
    processes: z.array(
      z.strictObject({
        pid: z.number().int().nonnegative().max(PID_MAX),
        state: z.enum(['runnable', 'running', 'blocked']),
        nice: z.number().int().min(NICE_MIN).max(NICE_MAX),
        runtime: z.number().nonnegative().finite(),
        hints: z
          .strictObject({
            vlag: z.number().finite().optional(),
            level: z.number().int().nonnegative().optional(),
            allotment: z.number().nonnegative().finite().optional(),
            passLag: z.number().finite().optional(),
          })
          .optional(),
      }),
    ),
  })
  .superRefine((s, ctx) => {
    const byPid = new Map<number, ProcessState>();
    for (const p of s.processes) {
      if (byPid.has(p.pid)) ctx.addIssue({ code: 'custom', message: `duplicate pid ${p.pid}` });
      byPid.set(p.pid, p.state);
    }
    const running = s.processes.filter((p) => p.state === 'running').map((p) => p.pid);
    if (running.length > 1 || (running[0] ?? -1) !== s.running) {
      ctx.addIssue({ code: 'custom', message: `running is ${s.running} but running processes are [${running}]` });
    }
    const runnable = s.processes.filter((p) => p.state === 'runnable').map((p) => p.pid);
    const queued = new Set(s.queue);
    if (queued.size !== s.queue.length || queued.size !== runnable.length || runnable.some((pid) => !queued.has(pid))) {
      ctx.addIssue({ code: 'custom', message: 'queue is not a permutation of the runnable pids' });
    }
  });

/** An empty state (no process), as a freshly built scheduler exports it. */
export function emptySchedulerState(policy: string): SchedulerState {
  return { version: 1, policy, running: -1, queue: [], processes: [] };
}

const isIntIn = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const isNonNegFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Checks every invariant of a version-1 state and returns it typed. Hand-written rather than
 * `SchedulerStateSchema.parse` because a swap with 1,000 processes has a 1 ms budget and the
 * zod parse alone takes ~0.6 ms; the tests check both accept and refuse the same states.
 * Throws SchedulerStateError naming the offending field and what was expected.
 */
export function validateSchedulerState(raw: unknown): SchedulerState {
  const fail = (where: string, what: string): never => {
    throw new SchedulerStateError(`scheduler state ${where}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('', 'expected an object');
  const s = raw as Record<string, unknown>;
  for (const k in s) {
    if (k !== 'version' && k !== 'policy' && k !== 'running' && k !== 'queue' && k !== 'processes') fail(k, 'unknown field');
  }
  if (s.version !== SCHEDULER_STATE_VERSION) fail('version', `expected ${SCHEDULER_STATE_VERSION}, got ${JSON.stringify(s.version)}`);
  if (typeof s.policy !== 'string') fail('policy', 'expected a string');
  if (!isIntIn(s.running, -1, PID_MAX)) fail('running', `expected -1 or a pid, got ${JSON.stringify(s.running)}`);
  if (!Array.isArray(s.queue)) fail('queue', 'expected an array of pids');
  if (!Array.isArray(s.processes)) fail('processes', 'expected an array');
  const processes = s.processes as unknown[];
  const queue = s.queue as unknown[];
  // pid → state code (1 runnable, 2 running, 3 blocked, 4 runnable and already seen in queue):
  // one map serves the duplicate check, the queue check and the queue-duplicate check.
  const stateOf = new Map<number, number>();
  let runningPid = -1;
  let runnable = 0;
  for (let i = 0; i < processes.length; i++) {
    const p = processes[i] as Record<string, unknown>;
    const at = `processes[${i}]`;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) fail(at, 'expected an object');
    // for-in, not Object.keys: no array per process (a 1,000-process swap has a 1 ms budget)
    for (const k in p) {
      if (k !== 'pid' && k !== 'state' && k !== 'nice' && k !== 'runtime' && k !== 'hints') fail(`${at}.${k}`, 'unknown field');
    }
    if (!isIntIn(p.pid, 0, PID_MAX)) fail(`${at}.pid`, `expected an integer in 0..${PID_MAX}, got ${JSON.stringify(p.pid)}`);
    const pid = p.pid as number;
    if (stateOf.has(pid)) fail(`${at}.pid`, `duplicate pid ${pid}`);
    const st = p.state;
    if (st !== 'runnable' && st !== 'running' && st !== 'blocked') {
      fail(`${at}.state`, `expected runnable, running or blocked, got ${JSON.stringify(st)}`);
    }
    stateOf.set(pid, st === 'runnable' ? 1 : st === 'running' ? 2 : 3);
    if (st === 'running') {
      if (runningPid !== -1) fail(`${at}.state`, `two running processes: ${runningPid} and ${pid}`);
      runningPid = pid;
    } else if (st === 'runnable') runnable++;
    if (!isIntIn(p.nice, NICE_MIN, NICE_MAX)) fail(`${at}.nice`, `expected an integer in ${NICE_MIN}..${NICE_MAX}, got ${JSON.stringify(p.nice)}`);
    if (!isNonNegFinite(p.runtime)) fail(`${at}.runtime`, `expected a non-negative number of cycles, got ${JSON.stringify(p.runtime)}`);
    if (p.hints !== undefined) {
      const h = p.hints as Record<string, unknown>;
      if (typeof h !== 'object' || h === null || Array.isArray(h)) fail(`${at}.hints`, 'expected an object');
      for (const k in h) {
        if (k !== 'vlag' && k !== 'level' && k !== 'allotment' && k !== 'passLag') fail(`${at}.hints.${k}`, `unknown hint (known: ${HINT_KEYS.join(', ')})`);
        const v = h[k];
        if (v === undefined) continue;
        const ok = k === 'level' ? isIntIn(v, 0, Number.MAX_SAFE_INTEGER) : k === 'allotment' ? isNonNegFinite(v) : typeof v === 'number' && Number.isFinite(v);
        if (!ok) fail(`${at}.hints.${k}`, `bad value ${JSON.stringify(v)}`);
      }
    }
  }
  if (s.running !== runningPid) fail('running', `is ${s.running} but the running process is ${runningPid}`);
  if (queue.length !== runnable) fail('queue', `has ${queue.length} pids, expected the ${runnable} runnable ones`);
  for (let i = 0; i < queue.length; i++) {
    const pid = queue[i];
    if (!isIntIn(pid, 0, PID_MAX)) fail(`queue[${i}]`, `expected a pid, got ${JSON.stringify(pid)}`);
    const code = stateOf.get(pid as number);
    if (code === 4) fail(`queue[${i}]`, `pid ${pid} queued twice`);
    if (code !== 1) fail(`queue[${i}]`, `pid ${pid} is ${code === undefined ? 'unknown' : code === 2 ? 'running' : 'blocked'}, expected runnable`);
    stateOf.set(pid as number, 4);
  }
  return raw as SchedulerState;
}

/**
 * Per-queue-position keys for a keyed importer (Fair's vruntime, Stride's pass): the hints
 * `hintAt(i)` of the queued processes when every one has a hint and they agree with the queue
 * order (ties in pid order, as keyed importers break ties by pid), else `i * step` from the
 * queue order, so the order is kept exactly. Pure: returns a new array aligned with `queue`.
 */
export function queueKeys(queue: readonly number[], hintAt: (i: number) => number | undefined, step: number): number[] {
  const keys = new Array<number>(queue.length);
  let useHints = true;
  for (let i = 0; i < queue.length; i++) {
    const v = hintAt(i);
    if (v === undefined || (i > 0 && (v < keys[i - 1]! || (v === keys[i - 1] && queue[i]! < queue[i - 1]!)))) {
      useHints = false;
      break;
    }
    keys[i] = v;
  }
  if (!useHints) for (let i = 0; i < keys.length; i++) keys[i] = i * step;
  return keys;
}
