// The random-swap soak: several guests run concurrently (CPU-bound bench, fork/pipe, file I/O, fork+exec,
// the request server fed by the request port) while kernel components are swapped to random
// implementations at random emulated times, all chosen from one seed. Shared by the quick test
// (soak.test.ts) and the long runner (soak.ts, `npm run soak`).
//
// Invariants, checked after every swap:
//   - the process list (pids, parents, states, what they wait for, pages, descriptors) is unchanged;
//   - the allocator's frame -> owner set is unchanged;
//   - the swap committed (a rollback here is a failure: every successor is a real implementation).
// And at the end of every round, against a run of the same round without swaps (the baseline):
//   - every guest tree's stdout is byte-identical and its exit status equal (swap transparency);
//   - no process lost or duplicated (one exit per spawned guest);
//   - the allocated frame set is equal (nothing leaked, nothing freed twice);
//   - fsck is clean and every file's bytes are equal;
//   - every request was answered exactly once, with the same reply bytes.
// A loss is counted, never thrown, so that the long mode can report totals; `check()` turns it into a
// test failure.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { bootSystem, type TesseraSystem } from '../../boot/system.js';
import { prng, reconfigure, swap } from '../../boot/reconfigure.js';
import type { Scheduler } from '../../components/scheduler/signature.js';
import { FAULTY_SCHEDULER, FaultyScheduler, type Fault } from './faulty.js';
import type { SwapRecord } from '../../reconfig/index.js';
import { IMPLEMENTATIONS } from '../../components/index.js';
import { isBlocked, type FileSystem } from '../../components/filesystem/signature.js';
import { fsck } from '../../components/filesystem/fsck.js';
import { ROOT_INO } from '../../components/filesystem/format.js';
import { MemoryBacking } from '../../machine/devices/disk.js';
import type { Allocator } from '../../components/allocator/signature.js';
import { encodeRequest, REQUEST_FLAG_QUIT } from '../../workloads/requests.js';
import { guestCase } from '../kernel/guests.js';
import { captureByTree, type Capture } from './capture.js';

/** One guest of a round: a case of workloads/ (its ELF, args, extra files). */
interface RoundGuest {
  name: string;
  elf: string;
  args: string[];
  cwd?: string;
  /** False when the output legitimately depends on the interleaving (pids, clocks, child timing). */
  transparent?: boolean;
}

/** System calls the fuzzing guest makes per round (the soak's "inputs tried"). */
const FUZZ_CALLS = 600;
const FUZZ_DIR = '/fuzz';

const GUESTS: RoundGuest[] = [
  { name: 'bench', elf: 'bench', args: guestCase('bench').args },
  { name: 'forkpipe', elf: 'forkpipe', args: [] },
  { name: 'files', elf: 'files', args: [] },
  { name: 'exec', elf: 'exec', args: [] },
  { name: 'server', elf: 'server', args: ['1'] },
  // The syscall fuzzer, confined to its own directory so its results do not depend on the others.
  // Its results include pids, clock values and whether a child has exited yet, which depend on the
  // interleaving: it must finish its calls with no kernel code leaking, not print the same bytes.
  { name: 'sysfuzz', elf: 'sysfuzz', args: ['17', String(FUZZ_CALLS), 'confined'], cwd: FUZZ_DIR, transparent: false },
];

export interface SoakOptions {
  seed: number;
  /** Swaps to perform in total (rounds are added until this many are done). */
  swaps: number;
  /** Largest gap between two swaps, in emulated cycles (gaps are uniform in [minGap, maxGap]). */
  maxGap?: number;
  minGap?: number;
  /** Requests the server answers per round. */
  requests?: number;
  /** Most swaps in one round (default 1,000); the round then runs to its end without swaps. */
  perRound?: number;
  /** Every this many swaps, inject a fault instead: a scheduler successor that fails (0: never). */
  faultEvery?: number;
  /** Families to swap (default: every kernel family). */
  families?: string[];
  /** Called after every swap (progress bars). */
  onSwap?: (totals: SoakTotals) => void;
}

export interface SoakTotals {
  rounds: number;
  swaps: number;
  rolledBack: number;
  /** Swaps with an injected fault; each must roll back exactly (they are not in `rolledBack`). */
  faults: number;
  /** Fuzzed system calls made by the sysfuzz guest. */
  inputs: number;
  cycles: number;
  guests: number;
  requests: number;
  lost: { processes: number; frames: number; fileBytes: number; requests: number; outputs: number };
  /** What went wrong, first ones (bounded). */
  failures: string[];
}

type FileTree = Map<string, Uint8Array>;

export interface RoundResult {
  outputs: Map<string, Buffer>;
  statuses: Map<string, number>;
  exits: number;
  frames: string;
  files: FileTree;
  replies: (string | null)[];
  fsckErrors: string[];
}

const elfFile = (name: string) => {
  if (name === 'sysfuzz') return { path: '/sysfuzz.elf', data: readFileSync(new URL('./guests/bin/sysfuzz.elf', import.meta.url)), mode: 0o755 };
  const c = guestCase(name);
  return { path: `/${basename(c.elfPath)}`, data: readFileSync(c.elfPath), mode: 0o755 };
};

function schedule(requests: number, seed: number) {
  return Array.from({ length: requests }, (_, i) => ({
    at: 300_000 + i * 150_000 + ((seed * 7919 + i * 104_729) % 50_000),
    payload: encodeRequest({ id: i, work: 50 + ((seed + i * 31) % 400), seed: seed * 1000 + i, flags: i === requests - 1 ? REQUEST_FLAG_QUIT : 0 }),
  }));
}

async function bootRound(seed: number, requests: number): Promise<{ s: TesseraSystem; capture: Capture; names: Map<number, string> }> {
  const files = ['bench', 'forkpipe', 'files', 'exec', 'server', 'echo', 'hello', 'sysfuzz'].map(elfFile);
  const s = await bootSystem({ files, seed, requests: schedule(requests, seed) });
  const made = fsCall(s, () => s.filesystem.mkdir(ROOT_INO, FUZZ_DIR, 0o755));
  if (made !== 0) throw new Error(`mkdir ${FUZZ_DIR}: error ${-made}`);
  const capture = captureByTree(s);
  const names = new Map<number, string>();
  for (const g of GUESTS) {
    const pid = s.spawn(`/${g.elf}.elf`, [`${g.elf}.elf`, ...g.args], [], g.cwd);
    names.set(pid, g.name);
  }
  return { s, capture, names };
}

/** Calls a filesystem operation, running the machine while it waits for the disk. */
function fsCall<T>(s: TesseraSystem, op: () => T): T {
  for (let i = 0; i < 10_000; i++) {
    const r = op();
    if (typeof r !== 'number' || !isBlocked(r)) return r;
    s.run(200_000);
  }
  throw new Error('filesystem operation never finished: the disk did not answer');
}

/** Every file under `/` with its bytes (directories as entries with no bytes). */
export function readTree(s: TesseraSystem): FileTree {
  const fs: FileSystem = s.filesystem;
  const tree: FileTree = new Map();
  const visit = (ino: number, path: string) => {
    let cookie = 0;
    for (;;) {
      const entries = fsCall(s, () => fs.readdir(ino, cookie, 64));
      if (typeof entries === 'number') throw new Error(`readdir ${path}: error ${-entries}`);
      if (entries.length === 0) return;
      for (const e of entries) {
        cookie = e.next;
        if (e.name === '.' || e.name === '..') continue;
        const full = `${path}/${e.name}`;
        if (e.type === 'dir') {
          tree.set(`${full}/`, new Uint8Array(0));
          visit(e.ino, full);
        } else {
          const st = fsCall(s, () => fs.stat(e.ino));
          if (typeof st === 'number') throw new Error(`stat ${full}: error ${-st}`);
          const data = new Uint8Array(st.size);
          const n = fsCall(s, () => fs.read(e.ino, 0, data));
          if (n !== st.size) throw new Error(`read ${full}: ${n} bytes of ${st.size}`);
          tree.set(full, data);
        }
      }
    }
  };
  visit(ROOT_INO, '');
  return tree;
}

function finishRound(s: TesseraSystem, capture: Capture, names: Map<number, string>): RoundResult {
  const statuses = new Map<string, number>();
  for (const e of s.process.exits()) statuses.set(names.get(e.pid) ?? `pid ${e.pid}`, e.signal !== null ? 128 + e.signal : e.code!);
  const allocator = s.component('allocator').getFcInterface('allocator') as unknown as Allocator;
  const files = readTree(s);
  fsCall(s, () => s.filesystem.sync());
  const image = (s.disk.backing as MemoryBacking).bytes;
  return {
    outputs: new Map([...names].map(([pid, name]) => [name, capture.of(pid)])),
    statuses,
    exits: s.process.exits().length,
    frames: JSON.stringify(allocator.exportState().allocated),
    files,
    replies: s.requestPort!.records().map((r) => (r.reply ? Buffer.from(r.reply).toString('hex') : null)),
    fsckErrors: fsck(image).errors,
  };
}

/** Runs one round to completion without swaps. */
async function baseline(seed: number, requests: number): Promise<RoundResult> {
  const { s, capture, names } = await bootRound(seed, requests);
  const r = s.runToCompletion(4e9);
  if (r !== 'done') throw new Error(`baseline round ended with '${r}'`);
  return finishRound(s, capture, names);
}

const allocatorOf = (s: TesseraSystem) => s.component('allocator').getFcInterface('allocator') as unknown as Allocator;
const processView = (s: TesseraSystem) => JSON.stringify(s.process.list().map((p) => [p.pid, p.ppid, p.state, p.waiting, p.pages, p.fds, p.argv]).sort((a, b) => (a[0] as number) - (b[0] as number)));

export function emptyTotals(): SoakTotals {
  return {
    rounds: 0, swaps: 0, rolledBack: 0, faults: 0, inputs: 0, cycles: 0, guests: 0, requests: 0,
    lost: { processes: 0, frames: 0, fileBytes: 0, requests: 0, outputs: 0 }, failures: [],
  };
}

export function failer(totals: SoakTotals): (msg: string) => void {
  return (msg) => {
    if (totals.failures.length < 20) totals.failures.push(msg);
  };
}

export async function soak(options: SoakOptions): Promise<SoakTotals> {
  const requests = options.requests ?? 20;
  const minGap = options.minGap ?? 2_000;
  const maxGap = options.maxGap ?? 40_000;
  const random = prng(options.seed);
  const totals = emptyTotals();
  const fail = failer(totals);
  const families = options.families ?? Object.keys(IMPLEMENTATIONS);
  const expected = await baseline(options.seed, requests);
  if (expected.fsckErrors.length) fail(`baseline fsck: ${expected.fsckErrors[0]}`);
  if (expected.replies.slice(0, -1).some((r) => r === null)) fail('baseline: the server left requests unanswered');
  for (const name of ['bench', 'forkpipe', 'files', 'exec']) {
    if (!expected.outputs.get(name)?.equals(guestCase(name).expectedStdout)) fail(`baseline: ${name} stdout differs from qemu's`);
  }
  while (totals.swaps < options.swaps) {
    const { s, capture, names } = await bootRound(options.seed, requests);
    totals.rounds++;
    const roundEnd = Math.min(options.swaps, totals.swaps + (options.perRound ?? 1000));
    while (s.process.count() > 0) {
      const r = s.run(minGap + Math.floor(random() * (maxGap - minGap)));
      if (r === 'idle' && s.process.count() > 0) {
        fail(`round ${totals.rounds}: the machine idles with ${s.process.count()} processes left`);
        break;
      }
      if (totals.swaps >= roundEnd || s.process.count() === 0) continue;
      if (options.faultEvery && (totals.swaps + 1) % options.faultEvery === 0) {
        await injectFault(s, random, totals, fail);
        options.onSwap?.(totals);
        continue;
      }
      const family = families[Math.floor(random() * families.length)]!;
      const impls = Object.keys(IMPLEMENTATIONS[family]!);
      const impl = impls[Math.floor(random() * impls.length)]!;
      const procs = processView(s);
      const frames = JSON.stringify(allocatorOf(s).exportState().allocated);
      const rec = await swap(s, family, impl);
      totals.swaps++;
      if (rec.outcome !== 'committed') {
        totals.rolledBack++;
        fail(`swap ${family} -> ${impl} rolled back at ${rec.failedStep}: ${rec.reason}`);
      }
      if (processView(s) !== procs) {
        totals.lost.processes++;
        fail(`swap ${totals.swaps} (${family} -> ${impl}): the process list changed`);
      }
      const after = JSON.stringify(allocatorOf(s).exportState().allocated);
      if (after !== frames) {
        totals.lost.frames += Math.abs(after.length - frames.length) || 1;
        fail(`swap ${totals.swaps} (${family} -> ${impl}): the frame owners changed`);
      }
      options.onSwap?.(totals);
      // The run is synchronous between awaited swaps: let timers (the progress bar's redraw) run now and then.
      if (totals.swaps % 100 === 0) await new Promise<void>((r) => setImmediate(r));
    }
    totals.cycles += s.machine.cycle;
    totals.guests += GUESTS.length;
    totals.requests += requests;
    totals.inputs += FUZZ_CALLS;
    compareRound(finishRound(s, capture, names), expected, totals, fail);
  }
  return totals;
}

const FAULTS: Array<[Fault, string]> = [
  ['import-throws', 'import'], ['import-invalid', 'import'], ['start-throws', 'start'], ['nth-call-throws', 'probation'],
];

/** Replaces the scheduler by a FaultyScheduler armed with `fault` (disarmed after), counting it. */
async function swapToFaulty(s: TesseraSystem, fault: Fault, totals: SoakTotals): Promise<SwapRecord> {
  FaultyScheduler.next = fault;
  let rec: SwapRecord;
  try {
    rec = await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER);
  } finally {
    FaultyScheduler.next = 'none';
  }
  totals.swaps++;
  totals.faults++;
  return rec;
}

/** A swap to a failing scheduler successor: it must roll back with nothing changed. */
async function injectFault(s: TesseraSystem, random: () => number, totals: SoakTotals, fail: (m: string) => void): Promise<void> {
  const [fault, step] = FAULTS[Math.floor(random() * FAULTS.length)]!;
  if (fault === 'nth-call-throws') return injectProbationFault(s, random, totals, fail);
  const comp = s.component('scheduler');
  const content = comp.content;
  const state = JSON.stringify((content as Scheduler).exportState());
  const procs = processView(s);
  const frames = JSON.stringify(allocatorOf(s).exportState().allocated);
  const rec = await swapToFaulty(s, fault, totals);
  if (rec.outcome !== 'rolled-back' || rec.failedStep !== step) fail(`fault ${fault}: outcome ${rec.outcome} at ${rec.failedStep ?? '-'}, expected a rollback at ${step}`);
  if (comp.content !== content || JSON.stringify((comp.content as Scheduler).exportState()) !== state || !comp.isStarted()) {
    fail(`fault ${fault}: the scheduler was not restored exactly`);
  }
  if (processView(s) !== procs) {
    totals.lost.processes++;
    fail(`fault ${fault}: the process list changed`);
  }
  if (JSON.stringify(allocatorOf(s).exportState().allocated) !== frames) {
    totals.lost.frames++;
    fail(`fault ${fault}: the frame owners changed`);
  }
}

/**
 * A scheduler successor that commits, then throws on one of its first 16 calls (after that call changed
 * its state): its probation must roll it back exactly, to the predecessor class, with the failing call
 * rerun there; the machine runs until that happened. The round's end checks (stdout, exits, frames,
 * files, replies against the run without swaps) show that nothing was lost.
 */
async function injectProbationFault(s: TesseraSystem, random: () => number, totals: SoakTotals, fail: (m: string) => void): Promise<void> {
  const comp = s.component('scheduler');
  const before = comp.contentClass;
  FaultyScheduler.nth = 1 + Math.floor(random() * 16);
  const rec = await swapToFaulty(s, 'nth-call-throws', totals);
  if (rec.outcome !== 'committed') {
    fail(`fault nth-call-throws (call ${FaultyScheduler.nth}): the swap did not commit (${rec.failedStep}: ${rec.reason})`);
    return;
  }
  for (let i = 0; i < 100 && comp.content instanceof FaultyScheduler && s.process.count() > 0; i++) s.run(5_000);
  if (comp.content instanceof FaultyScheduler) {
    // Not reached yet (processes idle, waiting for requests): it still may, within its probation, later.
    const f = comp.content;
    if (f.calls >= f.nth) fail(`fault nth-call-throws (call ${f.nth}): it threw and is still installed`);
    return;
  }
  const undo = reconfigure(s).records().find((r) => r.rollbackOf === rec.id);
  if (!undo || undo.failedStep !== 'probation' || !undo.probation?.exact || !undo.probation.rerun) {
    fail(`fault nth-call-throws (call ${FaultyScheduler.nth}): expected an exact probation rollback, got ${undo ? `${undo.failedStep}: ${undo.reason}` : 'no rollback record'}`);
  }
  if (comp.contentClass !== before) fail(`fault nth-call-throws: the scheduler is ${comp.contentClass?.name}, expected its predecessor ${before?.name}`);
}

export function compareRound(got: RoundResult, want: RoundResult, totals: SoakTotals, fail: (m: string) => void): void {
  const round = totals.rounds;
  for (const g of GUESTS) {
    const out = got.outputs.get(g.name) ?? Buffer.alloc(0);
    if (g.transparent === false) {
      const text = out.toString('latin1');
      if (!text.includes(`sysfuzz: done ${FUZZ_CALLS} calls`) || text.includes('LEAK')) {
        totals.lost.outputs++;
        fail(`round ${round}: ${g.name} did not finish its calls cleanly: ${JSON.stringify(text.slice(-200))}`);
      }
    } else if (!out.equals(want.outputs.get(g.name) ?? Buffer.alloc(0))) {
      totals.lost.outputs++;
      fail(`round ${round}: ${g.name} stdout differs from the run without swaps`);
    }
    if (got.statuses.get(g.name) !== want.statuses.get(g.name)) {
      totals.lost.processes++;
      fail(`round ${round}: ${g.name} exit status ${got.statuses.get(g.name)}, expected ${want.statuses.get(g.name)}`);
    }
  }
  if (got.exits !== want.exits) {
    totals.lost.processes += Math.abs(got.exits - want.exits);
    fail(`round ${round}: ${got.exits} exits recorded, expected ${want.exits}`);
  }
  if (got.frames !== want.frames) {
    const a = new Set(JSON.parse(got.frames) as unknown[]).size;
    const b = new Set(JSON.parse(want.frames) as unknown[]).size;
    totals.lost.frames += Math.abs(a - b) || 1;
    fail(`round ${round}: allocated frames at the end differ from the run without swaps`);
  }
  for (const [path, bytes] of want.files) {
    const mine = got.files.get(path);
    if (!mine || Buffer.compare(Buffer.from(mine), Buffer.from(bytes)) !== 0) {
      totals.lost.fileBytes += Math.max(bytes.length, 1);
      fail(`round ${round}: file ${path} differs`);
    }
  }
  for (const path of got.files.keys()) if (!want.files.has(path)) fail(`round ${round}: unexpected file ${path}`);
  if (got.fsckErrors.length) {
    totals.lost.fileBytes++;
    fail(`round ${round}: fsck: ${got.fsckErrors[0]}`);
  }
  // The last request carries the quit flag: the server stops without answering it.
  got.replies.forEach((r, i) => {
    if (i === got.replies.length - 1 ? r !== null : r === null || r !== want.replies[i]) {
      totals.lost.requests++;
      fail(`round ${round}: request ${i} ${r === null ? 'never answered' : 'answered differently'}`);
    }
  });
}
