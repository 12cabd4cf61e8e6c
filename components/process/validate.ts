// The structural check of the process manager's canonical state, hand-written: the zod schema
// (`processManagerStateSchema` in state.ts) stays the schema of record, and a property test checks
// that both accept and refuse the same states. Why: parsing 1,000 processes with zod took ~27 ms of
// a 27 ms swap; this check allocates nothing on success and builds a message only on failure.
//
// What it checks is exactly what the schema says, in the schema's terms: `int` is a safe integer,
// `number` a finite number, an object anything non-null and not an array (unknown keys are ignored,
// as z.object ignores them), a tuple an array of exactly its length. The invariants that relate
// fields to one another (unique pids, references between tables, reference counts) are checked by
// importProcessState after this.
import { CONTEXT_WORDS } from '../../machine/hart.js';
import { MAX_FDS } from './files.js';
import { PIPE_CAPACITY } from './pipe.js';
import type { ProcessManagerState } from './state.js';

export const PROCESS_STATE_VERSION = 1;

export class ProcessStateError extends Error {
  override name = 'ProcessStateError';
}

const DESCRIPTION_KINDS = new Set(['console-in', 'console-out', 'pipe-read', 'pipe-write', 'file', 'dir', 'device']);
const PROCESS_STATES = new Set(['runnable', 'running', 'blocked', 'zombie']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isIntOrNull = (v: unknown) => v === null || Number.isSafeInteger(v);
const describe = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? `a ${v.constructor?.name ?? 'object'}` : typeof v;
};

/** A refusal, its path relative to the element being checked (prefixed on the way out). */
class FieldError {
  constructor(readonly path: string, readonly expected: string, readonly got: unknown) {}
}

function fail(path: string, expected: string, got: unknown): never {
  throw new FieldError(path, expected, got);
}

function strings(v: unknown, path: string): void {
  if (!Array.isArray(v)) fail(path, 'an array of strings', v);
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') fail(`${path}.${i}`, 'a string', v[i]);
}

function description(d: unknown): void {
  if (!isObj(d)) return fail('', 'an object', d);
  if (typeof d.kind !== 'string' || !DESCRIPTION_KINDS.has(d.kind)) fail('kind', `one of ${[...DESCRIPTION_KINDS].join(', ')}`, d.kind);
  if (!isInt(d.flags)) fail('flags', 'an integer', d.flags);
  if (!isNum(d.offset) || d.offset < 0) fail('offset', 'a non-negative number', d.offset);
  if (!isInt(d.ino)) fail('ino', 'an integer', d.ino);
  if (!isIntOrNull(d.pipe)) fail('pipe', 'an integer or null', d.pipe);
  if (d.device !== null && typeof d.device !== 'string') fail('device', 'a string or null', d.device);
}

function pipe(p: unknown): void {
  if (!isObj(p)) return fail('', 'an object', p);
  if (!isInt(p.channel) || p.channel < 0) fail('channel', 'a non-negative integer', p.channel);
  const data = p.data;
  if (!Array.isArray(data)) return fail('data', 'an array of bytes', data);
  if (data.length > PIPE_CAPACITY) fail('data', `at most ${PIPE_CAPACITY} bytes`, data);
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (!isInt(b) || b < 0 || b > 255) fail(`data.${i}`, 'an integer in 0..255', b);
  }
}

function proc(p: unknown): void {
  if (!isObj(p)) return fail('', 'an object', p);
  if (!isInt(p.pid) || p.pid <= 0) fail('pid', 'a positive integer', p.pid);
  if (!isInt(p.ppid) || p.ppid < 0) fail('ppid', 'a non-negative integer', p.ppid);
  if (typeof p.state !== 'string' || !PROCESS_STATES.has(p.state)) fail('state', `one of ${[...PROCESS_STATES].join(', ')}`, p.state);
  const context = p.context;
  if (!(context instanceof Int32Array) || context.length !== CONTEXT_WORDS) fail('context', `an Int32Array of ${CONTEXT_WORDS} words (x0..x31, pc)`, context);
  const space = p.space;
  if (space !== null && (typeof space !== 'object' || typeof (space as { forEachPage?: unknown }).forEachPage !== 'function')) fail('space', 'an AddressSpace or null', space);
  const fds = p.fds;
  if (!Array.isArray(fds)) return fail('fds', 'an array of [fd, description, cloexec]', fds);
  for (let i = 0; i < fds.length; i++) {
    const e = fds[i];
    if (!Array.isArray(e) || e.length !== 3) fail(`fds.${i}`, 'a tuple [fd, description, cloexec]', e);
    if (!isInt(e[0]) || e[0] < 0 || e[0] > MAX_FDS - 1) fail(`fds.${i}.0`, `a descriptor in 0..${MAX_FDS - 1}`, e[0]);
    if (!isInt(e[1]) || e[1] < 0) fail(`fds.${i}.1`, 'a description index', e[1]);
    if (typeof e[2] !== 'boolean') fail(`fds.${i}.2`, 'a boolean', e[2]);
  }
  if (!isInt(p.cwd)) fail('cwd', 'an integer', p.cwd);
  if (typeof p.name !== 'string') fail('name', 'a string', p.name);
  strings(p.argv, 'argv');
  if (!isInt(p.brkStart) || p.brkStart < 0) fail('brkStart', 'a non-negative integer', p.brkStart);
  if (!isInt(p.brk) || p.brk < 0) fail('brk', 'a non-negative integer', p.brk);
  if (!isInt(p.stackBottom) || p.stackBottom < 0) fail('stackBottom', 'a non-negative integer', p.stackBottom);
  if (!isInt(p.channel)) fail('channel', 'an integer', p.channel);
  if (!isNum(p.sleepUntil)) fail('sleepUntil', 'a number', p.sleepUntil);
  if (!isIntOrNull(p.exitCode)) fail('exitCode', 'an integer or null', p.exitCode);
  if (!isIntOrNull(p.termSignal)) fail('termSignal', 'an integer or null', p.termSignal);
  if (!isInt(p.exitSeq) || p.exitSeq < 0) fail('exitSeq', 'a non-negative integer', p.exitSeq);
  if (!isNum(p.cycles) || p.cycles < 0) fail('cycles', 'a non-negative number', p.cycles);
  if (!isInt(p.nice) || p.nice < -20 || p.nice > 19) fail('nice', 'an integer in -20..19', p.nice);
  if (p.umask !== undefined && (!isInt(p.umask) || p.umask < 0 || p.umask > 0o777)) fail('umask', 'an integer in 0..0o777 or absent', p.umask);
  if (!isInt(p.execCount) || p.execCount < 0) fail('execCount', 'a non-negative integer', p.execCount);
  const x = p.pendingExec;
  if (x !== null) {
    if (!isObj(x)) return fail('pendingExec', 'an object or null', x);
    if (typeof x.path !== 'string') fail('pendingExec.path', 'a string', x.path);
    strings(x.argv, 'pendingExec.argv');
    strings(x.envp, 'pendingExec.envp');
    if (typeof x.cwd !== 'string') fail('pendingExec.cwd', 'a string', x.cwd);
  }
}

function exitRecord(e: unknown): void {
  if (!isObj(e)) return fail('', 'an object', e);
  if (!isInt(e.pid)) fail('pid', 'an integer', e.pid);
  if (typeof e.name !== 'string') fail('name', 'a string', e.name);
  if (!isIntOrNull(e.code)) fail('code', 'an integer or null', e.code);
  if (!isIntOrNull(e.signal)) fail('signal', 'an integer or null', e.signal);
  if (!isNum(e.cycles)) fail('cycles', 'a number', e.cycles);
  if (!isNum(e.endedAt)) fail('endedAt', 'a number', e.endedAt);
}

function each(v: unknown, path: string, what: string, check: (x: unknown) => void): void {
  if (!Array.isArray(v)) return fail(path, `an array of ${what}`, v);
  let i = 0;
  try {
    for (; i < v.length; i++) check(v[i]);
  } catch (e) {
    // Paths are relative to the element: the full one is built only for the message.
    if (e instanceof FieldError) throw new FieldError(e.path === '' ? `${path}.${i}` : `${path}.${i}.${e.path}`, e.expected, e.got);
    throw e;
  }
}

/** Checks what `processManagerStateSchema` checks and returns the state typed; throws ProcessStateError naming the field. */
export function validateProcessManagerState(raw: unknown): ProcessManagerState {
  try {
    check(raw);
  } catch (e) {
    if (e instanceof FieldError) throw new ProcessStateError(`process manager: cannot import state: ${e.path}: expected ${e.expected}, got ${describe(e.got)}`);
    throw e;
  }
  return raw as ProcessManagerState;
}

function check(raw: unknown): void {
  if (!isObj(raw)) return fail('state', 'an object', raw);
  const s = raw;
  if (s.version !== PROCESS_STATE_VERSION) fail('version', `${PROCESS_STATE_VERSION}`, s.version);
  each(s.processes, 'processes', 'processes', proc);
  each(s.descriptions, 'descriptions', 'open file descriptions', description);
  each(s.pipes, 'pipes', 'pipes', pipe);
  if (!isInt(s.current)) fail('current', 'an integer', s.current);
  if (!isNum(s.sliceStart) || s.sliceStart < 0) fail('sliceStart', 'a non-negative number', s.sliceStart);
  if (!isInt(s.nextPid) || s.nextPid <= 0) fail('nextPid', 'a positive integer', s.nextPid);
  if (!isInt(s.nextPipe) || s.nextPipe <= 0) fail('nextPipe', 'a positive integer', s.nextPipe);
  if (!isInt(s.exitSeq) || s.exitSeq < 0) fail('exitSeq', 'a non-negative integer', s.exitSeq);
  each(s.exitLog, 'exitLog', 'exit records', exitRecord);
  const deferred = s.deferredReleases;
  if (!Array.isArray(deferred)) return fail('deferredReleases', 'an array of integers', deferred);
  for (let i = 0; i < deferred.length; i++) if (!isInt(deferred[i])) fail(`deferredReleases.${i}`, 'an integer', deferred[i]);
}
