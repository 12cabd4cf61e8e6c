// The allocator family's canonical state, version 1: exactly which frames are allocated and to
// whom, run-length encoded (a process's frames are mostly consecutive, so 10,000 processes
// with 64 frames each is ~10,000 runs, not 640,000 pairs).
//
//   { version: 1, policy, frames: N, reserved: [[start, count], ...], allocated: [[start, count, owner], ...] }
//
// Invariants of a valid state (checked by `validateAllocatorState`, stated again in the zod
// schema `AllocatorStateSchema`):
//   - version is 1; 1 ≤ frames ≤ MAX_FRAMES;
//   - every run has integer start ≥ 0, count ≥ 1, start + count ≤ frames;
//   - each list is sorted by start and its runs do not overlap; a reserved run and an
//     allocated run never overlap; owners are integers in 0..2^31-1.
// Export always produces maximal runs (adjacent runs of the same owner merged); import accepts
// any valid split. The frames in no run are free. "The set of allocated frames and their
// owners survives any swap exactly": decode(encode(owners)) === owners, a property test.
import { z } from 'zod';
import { AllocatorAttributeError, AllocatorStateError } from './errors.js';
import { FREE, MAX_FRAMES, OWNER_MAX, RESERVED } from './signature.js';

export const ALLOCATOR_STATE_VERSION = 1;

export type ReservedRun = [start: number, count: number];
export type AllocatedRun = [start: number, count: number, owner: number];

export interface AllocatorState {
  version: 1;
  /** Short name of the exporting policy (informational). */
  policy: string;
  frames: number;
  reserved: ReservedRun[];
  allocated: AllocatedRun[];
}

const runStart = z.number().int().nonnegative();
const runCount = z.number().int().min(1);

export const AllocatorStateSchema = z
  .strictObject({
    version: z.literal(ALLOCATOR_STATE_VERSION),
    policy: z.string(),
    frames: z.number().int().min(1).max(MAX_FRAMES),
    reserved: z.array(z.tuple([runStart, runCount])),
    allocated: z.array(z.tuple([runStart, runCount, z.number().int().min(0).max(OWNER_MAX)])),
  })
  .superRefine((s, ctx) => {
    const sortedDisjoint = (runs: ReadonlyArray<readonly number[]>, what: string) => {
      let end = 0;
      for (const [start, count] of runs) {
        if (start! < end) ctx.addIssue({ code: 'custom', message: `${what} runs overlap or are not sorted at frame ${start}` });
        end = start! + count!;
        if (end > s.frames) ctx.addIssue({ code: 'custom', message: `${what} run ends at ${end}, beyond ${s.frames} frames` });
      }
    };
    sortedDisjoint(s.reserved, 'reserved');
    sortedDisjoint(s.allocated, 'allocated');
    const all = [...s.reserved, ...s.allocated].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < all.length; i++) {
      if (all[i]![0] < all[i - 1]![0] + all[i - 1]![1]) ctx.addIssue({ code: 'custom', message: `a reserved run overlaps an allocated run at frame ${all[i]![0]}` });
    }
  });

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/**
 * Checks every invariant of a version-1 state and returns it typed. Hand-written (not
 * `AllocatorStateSchema.parse`) to keep swaps fast; the tests check both agree.
 */
export function validateAllocatorState(raw: unknown): AllocatorState {
  const fail = (where: string, what: string): never => {
    throw new AllocatorStateError(`allocator state ${where}: ${what}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('', 'expected an object');
  const s = raw as Record<string, unknown>;
  for (const k of Object.keys(s)) {
    if (k !== 'version' && k !== 'policy' && k !== 'frames' && k !== 'reserved' && k !== 'allocated') fail(k, 'unknown field');
  }
  if (s.version !== ALLOCATOR_STATE_VERSION) fail('version', `expected ${ALLOCATOR_STATE_VERSION}, got ${JSON.stringify(s.version)}`);
  if (typeof s.policy !== 'string') fail('policy', 'expected a string');
  if (!isInt(s.frames, 1, MAX_FRAMES)) fail('frames', `expected an integer in 1..${MAX_FRAMES}, got ${JSON.stringify(s.frames)}`);
  const frames = s.frames as number;
  const checkRuns = (name: 'reserved' | 'allocated', width: number): void => {
    const runs = s[name];
    if (!Array.isArray(runs)) fail(name, 'expected an array of runs');
    let end = 0;
    for (let i = 0; i < (runs as unknown[]).length; i++) {
      const r = (runs as unknown[])[i] as unknown[];
      const at = `${name}[${i}]`;
      if (!Array.isArray(r) || r.length !== width) fail(at, `expected [start, count${width === 3 ? ', owner' : ''}]`);
      const start = r[0];
      const count = r[1];
      const owner = r[2]; // indexing, not destructuring: no iterator per run
      if (!isInt(start, 0, frames - 1)) fail(at, `start ${JSON.stringify(start)} is not a frame in 0..${frames - 1}`);
      if (!isInt(count, 1, frames - (start as number))) fail(at, `count ${JSON.stringify(count)} must be ≥ 1 and end by frame ${frames}`);
      if ((start as number) < end) fail(at, `starts at ${start}, inside or before the previous run (which ends at ${end}): runs must be sorted and disjoint`);
      end = (start as number) + (count as number);
      if (width === 3 && !isInt(owner, 0, OWNER_MAX)) fail(at, `owner ${JSON.stringify(owner)} is not an integer in 0..${OWNER_MAX}`);
    }
  };
  checkRuns('reserved', 2);
  checkRuns('allocated', 3);
  // Both lists are sorted: one merge pass finds any reserved/allocated overlap.
  const res = s.reserved as ReservedRun[];
  const alloc = s.allocated as AllocatedRun[];
  for (let i = 0, j = 0; i < res.length && j < alloc.length; ) {
    const rs = res[i]![0];
    const rc = res[i]![1];
    const as = alloc[j]![0];
    const ac = alloc[j]![1];
    if (rs < as + ac && as < rs + rc) fail(`allocated[${j}]`, `frames ${Math.max(rs, as)}.. are both reserved and allocated`);
    if (rs + rc <= as + ac) i++;
    else j++;
  }
  return raw as AllocatorState;
}

/** The owner table a state describes: owners[f] ≥ 0, FREE or RESERVED. Pure; expects a validated state. */
export function decodeOwners(state: AllocatorState): Int32Array {
  const owners = new Int32Array(state.frames).fill(FREE);
  const fillRun = (value: number, start: number, end: number) => {
    if (end - start > 16) owners.fill(value, start, end);
    else for (let f = start; f < end; f++) owners[f] = value; // short runs: a loop beats the builtin call
  };
  for (let i = 0; i < state.reserved.length; i++) {
    const r = state.reserved[i]!;
    fillRun(RESERVED, r[0], r[0] + r[1]);
  }
  for (let i = 0; i < state.allocated.length; i++) {
    const r = state.allocated[i]!;
    fillRun(r[2], r[0], r[0] + r[1]);
  }
  return owners;
}

/** The maximal runs of an owner table. Pure: the inverse of decodeOwners. */
export function encodeOwners(owners: Int32Array): { reserved: ReservedRun[]; allocated: AllocatedRun[] } {
  const reserved: ReservedRun[] = [];
  const allocated: AllocatedRun[] = [];
  const n = owners.length;
  let f = 0;
  while (f < n) {
    const o = owners[f]!;
    let e = f + 1;
    while (e < n && owners[e] === o) e++;
    if (o === RESERVED) reserved.push([f, e - f]);
    else if (o !== FREE) allocated.push([f, e - f, o]);
    f = e;
  }
  return { reserved, allocated };
}

/** The frames named by a `reserved` attribute ("0-15,100"; inclusive ranges), as sorted merged runs. */
export function parseReservedSpec(spec: string, frames: number, where: string): ReservedRun[] {
  const marks = new Uint8Array(frames);
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const lo = m ? Number(m[1]) : NaN;
    const hi = m ? Number(m[2] ?? m[1]) : NaN;
    if (!m || lo > hi || hi >= frames) {
      throw new AllocatorAttributeError(`${where}: attribute 'reserved': '${part}' must be a frame or an inclusive range lo-hi within 0..${frames - 1}`);
    }
    marks.fill(1, lo, hi + 1);
  }
  const owners = new Int32Array(frames).fill(FREE);
  for (let f = 0; f < frames; f++) if (marks[f]) owners[f] = RESERVED;
  return encodeOwners(owners).reserved;
}
