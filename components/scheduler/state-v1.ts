// The scheduler family's canonical state, version 1 (rows: one object per process). Version 2
// (state.ts, columns of typed arrays) replaced it because a swap of 1,000 processes allocated
// two objects per process; version-1 states are still accepted and upgraded by
// `upgradeSchedulerState` (state.ts), the one place where the state changes shape.
//
// Invariants of a valid version-1 state (checked by `validateSchedulerStateV1`, stated again in
// the zod schema `SchedulerStateV1Schema`):
//   - `version` is 1;
//   - pids are unique integers in 0..2^31-1; nice in -20..19; runtime ≥ 0 cycles;
//   - `running` is -1 or the pid of the one process whose state is `running`, and no other
//     process is `running`;
//   - `queue` lists every `runnable` pid exactly once and nothing else, in the order the
//     exporting policy would serve them (the running process is not in it);
//   - hints are optional, policy-specific and advisory; unknown hint fields are refused.
import { z } from 'zod';
import { SchedulerStateError } from './errors.js';
import { NICE_MAX, NICE_MIN } from './weights.js';
import { HINT_KEYS, PID_MAX, type ProcessState } from './state-common.js';

/** Policy hints. Relative values (lags) so that they do not depend on the exporter's clock. */
export interface SchedulerHintsV1 {
  /** Fair: vruntime − min_vruntime, in weighted cycles (may be negative for a sleeper). */
  vlag?: number;
  /** Mlfq: queue level, 0 = top. */
  level?: number;
  /** Mlfq: cycles already used of the allotment at `level`. */
  allotment?: number;
  /** Stride: pass − global pass, in pass units (stride of nice 0 per quantum = 2^20). */
  passLag?: number;
}

export interface SchedulerProcessStateV1 {
  pid: number;
  state: ProcessState;
  nice: number;
  runtime: number;
  hints?: SchedulerHintsV1;
}

export interface SchedulerStateV1 {
  version: 1;
  /** Short name of the exporting policy (informational). */
  policy: string;
  running: number;
  queue: number[];
  processes: SchedulerProcessStateV1[];
}

export const SchedulerStateV1Schema = z
  .strictObject({
    version: z.literal(1),
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

const isIntIn = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const isNonNegFinite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Checks every invariant of a version-1 state and returns it typed (hand-written, agreeing with
 * `SchedulerStateV1Schema`: the property tests check both accept and refuse the same states).
 * Throws SchedulerStateError naming the offending field and what was expected.
 */
export function validateSchedulerStateV1(raw: unknown): SchedulerStateV1 {
  const fail = (where: string, what: string): never => {
    throw new SchedulerStateError(`scheduler state ${where}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('', 'expected an object');
  const s = raw as Record<string, unknown>;
  for (const k in s) {
    if (k !== 'version' && k !== 'policy' && k !== 'running' && k !== 'queue' && k !== 'processes') fail(k, 'unknown field');
  }
  if (s.version !== 1) fail('version', `expected ${1}, got ${JSON.stringify(s.version)}`);
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
  return raw as SchedulerStateV1;
}
