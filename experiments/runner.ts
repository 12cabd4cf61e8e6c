// The run loop of an uptime experiment: boots a machine and kernel ("segment"), starts the server(s)
// and background programs, delivers the planned requests through the request port, applies the events
// at their exact emulated cycles, and collects one result per request.
//
// Time: a global emulated clock starts at the first power-on. Each segment (machine incarnation) has a
// base: global = base + the machine's own cycle. A swap happens between two machine slices at its
// exact cycle; its `stall` (configured, plus the engine's wall time if charged) moves the machine clock
// with the guests stopped, so requests arriving meanwhile wait in the port. A reboot ends the segment:
// state is lost, the machine is down for `rebootCycles`, then a new machine boots from a copy of the
// disk (dirty cache buffers are lost) and the servers start again.
//
// Invariants: every planned request ends with exactly one status; a request is 'lost' only when a
// reboot dropped it (in flight at the reboot in refuse mode) or it was never answered by the end
// ('unanswered'), 'refused' when it arrived while the machine was down in refuse mode; slicing the
// run never changes its outcome (machine.run(a) then run(b) equals run(a + b)).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootSystem, ROOT, type TesseraSystem } from '../boot/system.js';
import type { MemoryBacking } from '../machine/devices/disk.js';
import type { Machine } from '../machine/machine.js';
import { decodeReply, encodeRequest, serverWork } from '../workloads/requests.js';
import type { BackgroundProgram, ExperimentConfig, ExperimentEvent } from './config.js';
import { generateLoad, type PlannedRequest } from './load.js';
import type { ReconfigOutcome, Reconfigurer } from './reconfigurer.js';

export class ExperimentError extends Error {
  override name = 'ExperimentError';
}

export type RequestStatus = 'answered' | 'refused' | 'lost' | 'unanswered';

export interface RequestResult {
  id: number;
  sent: number;
  work: number;
  /** Machine incarnation that received it (0 before the first reboot), -1 if refused. */
  segment: number;
  /** Global cycles; -1 when it did not happen. */
  arrived: number;
  started: number;
  completed: number;
  status: RequestStatus;
  /** Delivered again after a reboot in queue mode (it was in flight or arrived while down). */
  requeued: boolean;
  /** Global cycle of the reboot that dropped it (status 'lost'), else -1. */
  droppedAt: number;
}

export interface EventResult {
  index: number;
  event: ExperimentEvent;
  /** Global cycle of the event. */
  at: number;
  /** Global cycle at which the kernel served again (swap: after the stall; reboot: server ready). */
  servingAt: number;
  /** Cycles charged with the guests stopped (swap; reboot: the kernel rebuild, when wall time is charged). */
  stallCycles: number;
  /** Requests that were in the machine (arrived, not answered) at the event. */
  inFlight: number;
  /** Swap / script: the engine's outcome. */
  reconfig: ReconfigOutcome | null;
  /** Reboot: wall ms of rebuilding the kernel (not deterministic). */
  rebootWallMs: number | null;
}

export interface SegmentInfo {
  index: number;
  base: number;
  /** Global cycle at which a server first waited on the request port. */
  readyAt: number;
  bootWallMs: number;
}

export interface RunResult {
  config: ExperimentConfig;
  requests: RequestResult[];
  events: EventResult[];
  segments: SegmentInfo[];
  loadStart: number;
  /** Start of the measured period (load start + warm-up) and end of the load. */
  measureFrom: number;
  loadEnd: number;
  endCycle: number;
  wallMs: number;
  /** Instructions retired by all machines. */
  instructions: number;
  /** Background programs: runs that ended, and those that ended with a non-zero code or a signal. */
  background: { runs: number; failures: string[] };
  /** Replies whose id, status or result differ from what the server must compute (first 10 described). */
  wrongReplies: { count: number; examples: string[] };
}

export interface RunOptions {
  reconfigurer: Reconfigurer;
  /** Called after every slice with the global cycle and the cycle at which the run ends at the latest. */
  onProgress?: (cycle: number, end: number) => void;
}

/** Cycles per machine slice: progress, background restarts and drain checks happen between slices. */
const SLICE = 1_000_000;
/** Finer slices while waiting for a freshly started server to be ready. */
const READY_SLICE = 10_000;

interface Segment {
  index: number;
  base: number;
  system: TesseraSystem;
  /** Port id → global request id. */
  ids: number[];
  servers: Set<number>;
  background: Map<number, BackgroundProgram>;
  exitsSeen: number;
  readyAt: number;
}

const elfCache = new Map<string, Uint8Array>();
function guestElf(name: string): Uint8Array {
  let b = elfCache.get(name);
  if (!b) {
    try {
      b = readFileSync(join(ROOT, 'workloads', 'bin', `${name}.elf`));
    } catch {
      throw new ExperimentError(`guest program '${name}': workloads/bin/${name}.elf does not exist`);
    }
    elfCache.set(name, b);
  }
  return b;
}

export async function runExperiment(config: ExperimentConfig, options: RunOptions): Promise<RunResult> {
  const wall0 = performance.now();
  const planned = generateLoad(config);
  const results: RequestResult[] = planned.map((p) => ({
    id: p.id, sent: p.sent, work: p.work, segment: -1, arrived: -1, started: -1, completed: -1, status: 'unanswered', requeued: false, droppedAt: -1,
  }));
  const loadStart = config.load.start;
  const loadEnd = loadStart + config.load.duration;
  const hardEnd = loadEnd + config.load.drain;
  const progress = options.onProgress ?? (() => undefined);
  let instructions = 0;
  const background = { runs: 0, failures: [] as string[] };
  const wrongReplies = { count: 0, examples: [] as string[] };

  const files = [{ path: '/server.elf', data: guestElf('server'), mode: 0o755 }];
  for (const b of config.background) {
    files.push({ path: `/${b.program}.elf`, data: guestElf(b.program), mode: 0o755 });
    if (b.cwd !== '/') files.push({ path: `${b.cwd.replace(/\/$/, '')}/.keep`, data: new Uint8Array(0), mode: 0o644 });
  }

  const segments: SegmentInfo[] = [];
  const bootSegment = async (index: number, base: number, deliveries: Array<{ req: PlannedRequest; at: number }>, image?: Uint8Array): Promise<Segment> => {
    const t0 = performance.now();
    // The port numbers requests by their order in its schedule (stable sort by arrival) and the reply
    // names that number: the payload carries it, and `ids` maps it back to the global request.
    const order = deliveries.map((d, i) => ({ d, i })).sort((a, b) => a.d.at - b.d.at || a.i - b.i);
    const ids = order.map((o) => o.d.req.id);
    const system = await bootSystem({
      adl: config.kernel.adl, adlArgs: config.kernel.args, seed: config.seed + index, hz: config.kernel.hz,
      frames: config.kernel.frames, diskLatency: config.kernel.diskLatency,
      ...(image ? { image } : { files }),
      requests: order.map(({ d }, id) => ({ at: d.at, payload: encodeRequest({ id, work: d.req.work, seed: d.req.seed, flags: 0 }) })),
    });
    const seg: Segment = { index, base, system, ids, servers: new Set(), background: new Map(), exitsSeen: 0, readyAt: -1 };
    for (let i = 0; i < config.server.processes; i++) {
      seg.servers.add(system.spawn('/server.elf', ['server.elf', String(config.server.scale)]));
    }
    startBackground(seg);
    segments.push({ index, base, readyAt: -1, bootWallMs: performance.now() - t0 });
    return seg;
  };

  const startBackground = (seg: Segment): void => {
    for (const b of config.background) {
      for (let k = 0; k < b.copies; k++) seg.background.set(seg.system.spawn(`/${b.program}.elf`, [`${b.program}.elf`, ...b.args], [], b.cwd), b);
    }
  };

  /** Restarts looping background programs that ended (only while the load runs). */
  const restartBackground = (seg: Segment): void => {
    const exits = seg.system.process.exits();
    for (; seg.exitsSeen < exits.length; seg.exitsSeen++) {
      const e = exits[seg.exitsSeen];
      if (seg.servers.has(e.pid)) throw new ExperimentError(`the server (pid ${e.pid}) ended at cycle ${seg.base + e.endedAt} with ${e.code === null ? `signal ${e.signal}` : `code ${e.code}`}`);
      const b = seg.background.get(e.pid);
      if (!b) continue;
      seg.background.delete(e.pid);
      background.runs++;
      if (e.code !== 0) background.failures.push(`${b.program} (pid ${e.pid}, machine ${seg.index}) ended at cycle ${seg.base + e.endedAt} with ${e.code === null ? `signal ${e.signal}` : `code ${e.code}`}`);
      if (b.loop && seg.base + seg.system.machine.cycle < loadEnd) {
        seg.background.set(seg.system.spawn(`/${b.program}.elf`, [`${b.program}.elf`, ...b.args], [], b.cwd), b);
      }
    }
  };

  const serverWaiting = (seg: Segment): boolean =>
    seg.system.process.list().some((p) => seg.servers.has(p.pid) && p.state === 'blocked' && p.waiting === 'request port');

  /** Nothing left to deliver and every delivered request answered (the servers all wait on the port). */
  const drained = (seg: Segment): boolean => {
    const port = seg.system.requestPort!;
    if (port.remaining > 0 || port.pending() > 0) return false;
    const waiting = seg.system.process.list().filter((p) => seg.servers.has(p.pid) && p.state === 'blocked' && p.waiting === 'request port');
    return waiting.length === seg.servers.size;
  };

  /** Runs `seg` up to global cycle `target` (or until drained, if asked). */
  const advance = async (seg: Segment, target: number, untilDrained = false): Promise<void> => {
    const m = seg.system.machine;
    for (;;) {
      const now = seg.base + m.cycle;
      if (now >= target) return;
      if (seg.readyAt < 0) {
        // Finer slices until a server waits on the port, to time the restart after a reboot.
        const r = m.run(Math.min(READY_SLICE, target - now));
        restartBackground(seg);
        if (serverWaiting(seg) || seg.system.requestPort!.records().some((x) => x.takenAt >= 0)) {
          seg.readyAt = seg.base + m.cycle;
          segments[seg.index].readyAt = seg.readyAt;
        }
        if (r === 'idle') jumpClock(m, target - seg.base);
        continue;
      }
      const r = m.run(Math.min(SLICE, target - now));
      restartBackground(seg);
      progress(seg.base + m.cycle, hardEnd);
      if (untilDrained && drained(seg)) return;
      // Idle with no device event pending: nothing can happen before `target`.
      if (r === 'idle') jumpClock(m, target - seg.base);
      await new Promise<void>((res) => setImmediate(res));
    }
  };

  /** Copies the outcome of a segment's port into the global results (global cycles). */
  const collect = (seg: Segment): void => {
    const recs = seg.system.requestPort!.records();
    for (let i = 0; i < recs.length; i++) {
      const r = results[seg.ids[i]];
      const rec = recs[i];
      r.segment = seg.index;
      r.arrived = rec.arrivedAt >= 0 ? seg.base + rec.arrivedAt : -1;
      r.started = rec.takenAt >= 0 ? seg.base + rec.takenAt : -1;
      r.completed = rec.repliedAt >= 0 ? seg.base + rec.repliedAt : -1;
      r.status = rec.repliedAt >= 0 ? 'answered' : 'unanswered';
      if (rec.reply) checkReply(r, i, rec.reply);
    }
  };

  /** The reply must name the port id and carry the server's result for the request's seed and work. */
  const checkReply = (r: RequestResult, portId: number, bytes: Uint8Array): void => {
    const reply = decodeReply(bytes);
    const req = planned[r.id];
    const work = req.work * config.server.scale;
    if (reply.id === portId && reply.status === 0 && reply.work === work && reply.result === serverWork(req.seed, work)) return;
    if (wrongReplies.count++ < 10) wrongReplies.examples.push(`request ${r.id} (machine ${r.segment}): reply id ${reply.id} status ${reply.status} work ${reply.work} result ${reply.result}; expected id ${portId} status 0 work ${work} result ${serverWork(req.seed, work)}`);
  };

  let seg = await bootSegment(0, 0, planned.map((req) => ({ req, at: req.sent })));
  const events: EventResult[] = [];
  for (let k = 0; k < config.events.length; k++) {
    const ev = config.events[k];
    const at = loadStart + ev.at;
    await advance(seg, at);
    const recs = seg.system.requestPort!.records();
    const inFlight = recs.reduce((n, r) => n + (r.arrivedAt >= 0 && r.repliedAt < 0 ? 1 : 0), 0);
    if (ev.kind === 'reboot') {
      collect(seg);
      instructions += seg.system.machine.instructions;
      const base = at + ev.rebootCycles;
      const image = (seg.system.disk.backing as MemoryBacking).bytes.slice();
      const deliveries: Array<{ req: PlannedRequest; at: number }> = [];
      for (let i = 0; i < recs.length; i++) {
        const r = results[seg.ids[i]];
        if (r.status === 'answered') continue;
        const req = planned[r.id];
        const arrivedBefore = recs[i].arrivedAt >= 0;
        if (ev.mode === 'queue') {
          r.requeued = arrivedBefore || req.sent < base;
          deliveries.push({ req, at: Math.max(0, req.sent - base) });
        } else if (arrivedBefore) {
          r.status = 'lost';
          r.droppedAt = at;
        } else if (req.sent < base) {
          r.status = 'refused';
          r.segment = -1;
          r.arrived = r.started = -1;
        } else {
          deliveries.push({ req, at: req.sent - base });
        }
      }
      seg = await bootSegment(seg.index + 1, base, deliveries, image);
      // Symmetric with swaps: the host time of rebuilding the kernel is charged as a stall of the new
      // machine (requests arriving meanwhile wait in its port).
      const rebuild = config.costs.chargeWallTime ? Math.round((segments[seg.index].bootWallMs * config.kernel.hz) / 1e3) : 0;
      stall(seg.system.machine, rebuild);
      while (seg.readyAt < 0 && seg.base + seg.system.machine.cycle < hardEnd) await advance(seg, seg.base + seg.system.machine.cycle + READY_SLICE);
      events.push({ index: k, event: ev, at, servingAt: seg.readyAt, stallCycles: rebuild, inFlight, reconfig: null, rebootWallMs: segments[seg.index].bootWallMs });
      continue;
    }
    const outcome = ev.kind === 'swap'
      ? await options.reconfigurer.swap(seg.system, ev.path, ev.impl)
      : await options.reconfigurer.script(seg.system, ev.file);
    const charged = ev.stall + (config.costs.chargeWallTime ? Math.round((outcome.wallUs * config.kernel.hz) / 1e6) : 0);
    stall(seg.system.machine, charged);
    events.push({ index: k, event: ev, at, servingAt: seg.base + seg.system.machine.cycle, stallCycles: charged, inFlight, reconfig: outcome, rebootWallMs: null });
  }
  await advance(seg, loadEnd);
  await advance(seg, hardEnd, true);
  collect(seg);
  instructions += seg.system.machine.instructions;
  const endCycle = seg.base + seg.system.machine.cycle;
  progress(hardEnd, hardEnd);
  return { config, requests: results, events, segments, loadStart, measureFrom: loadStart + config.load.warmup, loadEnd, endCycle, wallMs: performance.now() - wall0, instructions, background, wrongReplies };
}

/**
 * The kernel works for `cycles` with every guest stopped: the clock moves on, no instruction retires;
 * device events that fall due meanwhile fire at the end of the stall (requests wait in the port).
 */
export function stall(m: Machine, cycles: number): void {
  if (cycles <= 0) return;
  m.hart.cycle += cycles;
  m.idleCycles += cycles;
}

/** Moves an idle machine's clock to `cycle` (no device event is pending, so nothing is skipped). */
function jumpClock(m: Machine, cycle: number): void {
  if (m.cycle >= cycle) return;
  m.idleCycles += cycle - m.cycle;
  m.hart.cycle = cycle;
}
