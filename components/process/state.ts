// The process manager's canonical state (version 1) and the two pure conversions to and from it.
// Shared objects become tables: open file descriptions and pipes are listed once and referenced by
// index, so sharing across fork (and dup) survives a swap exactly. Address spaces move by reference:
// the frames stay where they are and no guest page changes.
// Invariants checked on import: unique pids; at most one running process, and it is `current`;
// blocked processes have a channel; descriptor slots reference existing descriptions; description
// reference counts and pipe reader/writer counts equal what the descriptor tables imply.
// The zod schema below is the schema of record; import checks it with the hand-written
// validateProcessManagerState (validate.ts), which a property test holds to the same verdicts.
import { z } from 'zod';
import type { AddressSpace } from '../../machine/address-space.js';
import { CONTEXT_WORDS } from '../../machine/hart.js';
import { MAX_FDS, type OpenFile } from './files.js';
import { Pipe, PIPE_CAPACITY } from './pipe.js';
import { Proc } from './proc.js';
import type { ExitRecord } from './signature.js';

import { PROCESS_STATE_VERSION, ProcessStateError, validateProcessManagerState } from './validate.js';

export { PROCESS_STATE_VERSION, ProcessStateError, validateProcessManagerState } from './validate.js';

const int = z.number().int();
const addressSpace = z.custom<AddressSpace>(
  (v) => typeof v === 'object' && v !== null && typeof (v as AddressSpace).forEachPage === 'function',
  'an AddressSpace',
);

const descriptionSchema = z.object({
  kind: z.enum(['console-in', 'console-out', 'pipe-read', 'pipe-write', 'file', 'dir', 'device']),
  flags: int,
  offset: z.number().nonnegative(),
  ino: int,
  pipe: int.nullable(),
  device: z.string().nullable(),
});

const pipeSchema = z.object({
  channel: int.nonnegative(),
  data: z.array(int.min(0).max(255)).max(PIPE_CAPACITY),
});

const processSchema = z.object({
  pid: int.positive(),
  ppid: int.nonnegative(),
  state: z.enum(['runnable', 'running', 'blocked', 'zombie']),
  /** Registers x0..x31 and pc (a copy). */
  context: z.custom<Int32Array>((v) => v instanceof Int32Array && v.length === CONTEXT_WORDS, `an Int32Array of ${CONTEXT_WORDS} words (x0..x31, pc)`),
  space: addressSpace.nullable(),
  fds: z.array(z.tuple([int.min(0).max(MAX_FDS - 1), int.nonnegative(), z.boolean()])),
  cwd: int,
  name: z.string(),
  argv: z.array(z.string()),
  brkStart: int.nonnegative(),
  brk: int.nonnegative(),
  stackBottom: int.nonnegative(),
  channel: int,
  sleepUntil: z.number(),
  exitCode: int.nullable(),
  termSignal: int.nullable(),
  exitSeq: int.nonnegative(),
  cycles: z.number().nonnegative(),
  nice: int.min(-20).max(19),
  /** Absent in states written before umask(2) existed: 0o022. */
  umask: int.min(0).max(0o777).optional(),
  execCount: int.nonnegative(),
  pendingExec: z.object({ path: z.string(), argv: z.array(z.string()), envp: z.array(z.string()), cwd: z.string() }).nullable(),
});

export const processManagerStateSchema = z.object({
  version: z.literal(PROCESS_STATE_VERSION),
  processes: z.array(processSchema),
  descriptions: z.array(descriptionSchema),
  pipes: z.array(pipeSchema),
  current: int,
  sliceStart: z.number().nonnegative(),
  nextPid: int.positive(),
  nextPipe: int.positive(),
  exitSeq: int.nonnegative(),
  exitLog: z.array(z.object({
    pid: int, name: z.string(), code: int.nullable(), signal: int.nullable(), cycles: z.number(), endedAt: z.number(),
  })),
  deferredReleases: z.array(int),
});

export type ProcessManagerState = z.infer<typeof processManagerStateSchema>;

export interface ProcessTables {
  procs: Proc[];
  current: number;
  sliceStart: number;
  nextPid: number;
  nextPipe: number;
  exitSeq: number;
  exitLog: ExitRecord[];
  deferredReleases: number[];
}

export function exportProcessState(t: ProcessTables): ProcessManagerState {
  const descIndex = new Map<OpenFile, number>();
  const pipeIndex = new Map<Pipe, number>();
  const descriptions: ProcessManagerState['descriptions'] = [];
  const pipes: ProcessManagerState['pipes'] = [];
  const pipeOf = (pipe: Pipe): number => {
    let i = pipeIndex.get(pipe);
    if (i === undefined) {
      pipeIndex.set(pipe, (i = pipes.length));
      pipes.push({ channel: pipe.channel, data: [...pipe.contents()] });
    }
    return i;
  };
  const descOf = (f: OpenFile): number => {
    let i = descIndex.get(f);
    if (i === undefined) {
      descIndex.set(f, (i = descriptions.length));
      descriptions.push({ kind: f.kind, flags: f.flags, offset: f.offset, ino: f.ino, pipe: f.pipe ? pipeOf(f.pipe) : null, device: f.device });
    }
    return i;
  };
  const sorted = t.procs.slice().sort((a, b) => a.pid - b.pid);
  // Every context is a view of one buffer: one allocation instead of a 132-byte buffer per process.
  const contexts = new Int32Array(sorted.length * CONTEXT_WORDS);
  return {
    version: PROCESS_STATE_VERSION,
    processes: sorted.map((p, i) => ({
      pid: p.pid, ppid: p.ppid, state: p.state, context: copyInto(contexts, i, p.context), space: p.space,
      fds: fdEntries(p, descOf),
      cwd: p.cwd, name: p.name, argv: p.argv.slice(), brkStart: p.brkStart, brk: p.brk, stackBottom: p.stackBottom,
      channel: p.channel, sleepUntil: p.sleepUntil, exitCode: p.exitCode, termSignal: p.termSignal, exitSeq: p.exitSeq,
      cycles: p.cycles, nice: p.nice, umask: p.umask, execCount: p.execCount,
      pendingExec: p.pendingExec ? { ...p.pendingExec, argv: p.pendingExec.argv.slice(), envp: p.pendingExec.envp.slice() } : null,
    })),
    descriptions,
    pipes,
    current: t.current,
    sliceStart: t.sliceStart,
    nextPid: t.nextPid,
    nextPipe: t.nextPipe,
    exitSeq: t.exitSeq,
    exitLog: t.exitLog.map((e) => ({ ...e })),
    deferredReleases: t.deferredReleases.slice(),
  };
}

function copyInto(contexts: Int32Array, i: number, context: Int32Array): Int32Array {
  const view = contexts.subarray(i * CONTEXT_WORDS, (i + 1) * CONTEXT_WORDS);
  view.set(context);
  return view;
}

function fdEntries(p: Proc, descOf: (f: OpenFile) => number): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = [];
  const slots = p.fds.slots;
  for (let fd = 0; fd < slots.length; fd++) {
    const f = slots[fd];
    if (f) out.push([fd, descOf(f), p.fds.cloexec[fd]!]);
  }
  return out;
}

/**
 * Validates `state` (validateProcessManagerState: what the zod schema says, without zod's cost) and
 * rebuilds live tables from it, sharing nothing mutable with it but the address spaces (which move
 * by reference); throws ProcessStateError (nothing changes) if it cannot.
 */
export function importProcessState(state: unknown): ProcessTables {
  const s = validateProcessManagerState(state);
  const fail = (msg: string): never => {
    throw new ProcessStateError(`process manager: cannot import state: ${msg}`);
  };
  const pipes = s.pipes.map((ps) => {
    const pipe = new Pipe(ps.channel);
    pipe.put(Uint8Array.from(ps.data));
    return pipe;
  });
  const descs = s.descriptions.map((d, i): OpenFile => {
    if ((d.kind === 'pipe-read' || d.kind === 'pipe-write') !== (d.pipe !== null)) fail(`description ${i} (${d.kind}) has pipe ${d.pipe}`);
    if (d.pipe !== null && (d.pipe < 0 || d.pipe >= pipes.length)) fail(`description ${i} references pipe ${d.pipe}, which does not exist`);
    return { kind: d.kind, refs: 0, flags: d.flags, offset: d.offset, ino: d.ino, pipe: d.pipe === null ? null : pipes[d.pipe], device: d.device };
  });
  const pids = new Set<number>();
  let running = 0;
  // One buffer for every imported context (a view each), not one 132-byte buffer per process.
  const contexts = new Int32Array(s.processes.length * CONTEXT_WORDS);
  const procs = s.processes.map((ps, i) => {
    if (pids.has(ps.pid)) fail(`pid ${ps.pid} appears twice`);
    pids.add(ps.pid);
    if (ps.pid >= s.nextPid) fail(`pid ${ps.pid} is not below nextPid ${s.nextPid}`);
    if (ps.state === 'running') {
      running++;
      if (ps.pid !== s.current) fail(`pid ${ps.pid} is running but current is ${s.current}`);
    }
    if ((ps.state === 'blocked') !== (ps.channel >= 0)) fail(`pid ${ps.pid} is ${ps.state} with channel ${ps.channel}`);
    const p = new Proc(ps.pid, ps.ppid, copyInto(contexts, i, ps.context));
    p.state = ps.state;
    p.space = ps.space;
    for (const [fd, di, cloexec] of ps.fds) {
      if (di >= descs.length) fail(`pid ${ps.pid} fd ${fd} references description ${di}, which does not exist`);
      if (p.fds.get(fd)) fail(`pid ${ps.pid} has fd ${fd} twice`);
      p.fds.place(fd, descs[di]!, cloexec);
    }
    p.cwd = ps.cwd;
    p.name = ps.name;
    p.argv = ps.argv.slice();
    p.brkStart = ps.brkStart;
    p.brk = ps.brk;
    p.stackBottom = ps.stackBottom;
    p.channel = ps.channel;
    p.sleepUntil = ps.sleepUntil;
    p.exitCode = ps.exitCode;
    p.termSignal = ps.termSignal;
    p.exitSeq = ps.exitSeq;
    p.cycles = ps.cycles;
    p.nice = ps.nice;
    p.umask = ps.umask ?? 0o022;
    p.execCount = ps.execCount;
    const x = ps.pendingExec;
    p.pendingExec = x === null ? null : { path: x.path, argv: x.argv.slice(), envp: x.envp.slice(), cwd: x.cwd };
    return p;
  });
  if (s.current >= 0 && running !== 1) fail(`current is ${s.current} but ${running} processes are running`);
  if (s.current < 0 && running !== 0) fail(`no current process but ${running} processes are running`);
  for (const d of descs) {
    if (d.refs === 0) fail(`a ${d.kind} description is referenced by no descriptor`);
    if (d.pipe && d.kind === 'pipe-read') d.pipe.readers++;
    if (d.pipe && d.kind === 'pipe-write') d.pipe.writers++;
  }
  return {
    procs, current: s.current, sliceStart: s.sliceStart, nextPid: s.nextPid, nextPipe: s.nextPipe,
    exitSeq: s.exitSeq,
    exitLog: s.exitLog.map((e) => ({ pid: e.pid, name: e.name, code: e.code, signal: e.signal, cycles: e.cycles, endedAt: e.endedAt })),
    deferredReleases: s.deferredReleases.slice(),
  };
}
