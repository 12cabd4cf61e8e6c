// Scheduler and frame-allocator families: hot-path cost (pick+charge, alloc+free) per
// implementation, and the cost of a state transfer (export → import into another
// implementation) with 10 … 10,000 processes, against the reconfiguration target
// "scheduler swap with 1,000 processes p99 ≤ 1 ms wall".
import os from 'node:os';
import { nsPerCall, type BenchOptions, type BenchRow } from './harness.js';
import { IMPLEMENTATIONS as SCHEDULERS, IMPLEMENTATION_NAMES as SCHEDULER_NAMES } from '../components/scheduler/testing.js';
import { IMPLEMENTATIONS as ALLOCATORS, IMPLEMENTATION_NAMES as ALLOCATOR_NAMES } from '../components/allocator/testing.js';
import type { Scheduler } from '../components/scheduler/index.js';
import type { FrameAllocator } from '../components/allocator/index.js';
import { stateSize } from '../reconfig/record.js';

export const name = 'kernel-families';

const SIZES = [10, 100, 1000, 10_000];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** A scheduler with n processes of mixed nice, after some running: ~1/4 blocked, one running. */
function populatedScheduler(impl: string, n: number): Scheduler {
  const s = SCHEDULERS[impl]!(10_000);
  for (let pid = 1; pid <= n; pid++) s.admit(pid, (pid % 40) - 20);
  for (let i = 0; i < 4 * n; i++) {
    const p = s.pick();
    s.charge(p, 1000 + (i % 9000));
  }
  for (let pid = 4; pid <= n; pid += 4) if (s.stateOf(pid) !== 'blocked') s.block(pid);
  if (s.current() === -1) s.pick();
  return s;
}

/** An allocator of `frames` frames (65,536 = 256 MiB), 3/4 allocated to `owners` owners in bursts of 4 frames. */
function populatedAllocator(impl: string, owners: number, frames = 65_536): FrameAllocator {
  const a = ALLOCATORS[impl]!(frames);
  for (let i = 0; i < (frames * 3) / 4; i++) a.alloc(Math.floor(i / 4) % owners);
  for (let f = 0; f < frames; f += 7) if (a.ownerOf(f) >= 0 && f % 2 === 0) a.free(f);
  return a;
}

function timeTransfers(n: number, once: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < Math.min(20, n); i++) once(); // warm-up
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    once();
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return times.sort((a, b) => a - b);
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const scale = opts.scale;

  // ---- scheduler hot path: one scheduling decision for a CPU-bound process --------------
  for (const impl of SCHEDULER_NAMES) {
    for (const n of SIZES) {
      const s = populatedScheduler(impl, n);
      const ns = nsPerCall(() => {
        const p = s.pick();
        s.charge(p, s.slice(p));
      }, Math.round(200_000 * scale));
      rows.push({ case: `scheduler ${impl}: pick+slice+charge, ${n} processes`, value: ns, unit: 'ns/op' });
    }
    opts.log(`scheduler ${impl} hot path done`);
  }

  // ---- scheduler state transfer: export from one policy, import into the next -----------
  for (let i = 0; i < SCHEDULER_NAMES.length; i++) {
    const from = SCHEDULER_NAMES[i]!;
    const to = SCHEDULER_NAMES[(i + 1) % SCHEDULER_NAMES.length]!;
    for (const n of SIZES) {
      const s = populatedScheduler(from, n);
      const t = SCHEDULERS[to]!(10_000);
      const reps = Math.max(20, Math.round((n >= 10_000 ? 100 : 400) * scale));
      const times = timeTransfers(reps, () => t.importState(s.exportState()));
      const bytes = stateSize(s.exportState()).bytes;
      rows.push({ case: `scheduler ${from} → ${to}: export+import, ${n} processes, p50`, value: percentile(times, 0.5), unit: 'µs' });
      rows.push({
        case: `scheduler ${from} → ${to}: export+import, ${n} processes, p99`,
        value: percentile(times, 0.99),
        unit: 'µs',
        note: `min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)} µs; state ${bytes} B (typed arrays by byteLength); ${reps} transfers; load ${os.loadavg()[0]!.toFixed(1)}`,
      });
    }
    opts.log(`scheduler ${from} → ${to} transfers done`);
  }

  // ---- allocator hot path: alloc then free, memory 3/4 full ------------------------------
  for (const impl of ALLOCATOR_NAMES) {
    const a = populatedAllocator(impl, 100);
    const ns = nsPerCall(() => a.free(a.alloc(7)), Math.round(500_000 * scale));
    rows.push({ case: `allocator ${impl}: alloc+free, 65,536 frames 3/4 used`, value: ns, unit: 'ns/op' });
    const b = ALLOCATORS[impl]!(65_536);
    const batch = new Int32Array(4096);
    const nsBatch = nsPerCall(() => {
      for (let i = 0; i < 4096; i++) batch[i] = b.alloc(1);
      for (let i = 4095; i >= 0; i--) b.free(batch[i]!);
    }, Math.max(20, Math.round(200 * scale)));
    rows.push({ case: `allocator ${impl}: 4,096 allocs then 4,096 frees (per frame)`, value: nsBatch / 4096, unit: 'ns/op' });
    const c = populatedAllocator(impl, 100);
    const nsFreeAll = nsPerCall((i) => {
      const owner = i % 100;
      c.freeAll(owner);
      for (let k = 0; k < 8; k++) c.alloc(owner);
    }, Math.max(20, Math.round(500 * scale)));
    rows.push({ case: `allocator ${impl}: freeAll (exit) + 8 allocs, 65,536 frames`, value: nsFreeAll / 1000, unit: 'µs/op' });
    opts.log(`allocator ${impl} hot path done`);
  }

  // ---- allocator state transfer ------------------------------------------------------------
  for (let i = 0; i < ALLOCATOR_NAMES.length; i++) {
    const from = ALLOCATOR_NAMES[i]!;
    const to = ALLOCATOR_NAMES[(i + 1) % ALLOCATOR_NAMES.length]!;
    for (const n of SIZES) {
      const a = populatedAllocator(from, n);
      const b = ALLOCATORS[to]!(65_536);
      const reps = Math.max(20, Math.round(100 * scale));
      const times = timeTransfers(reps, () => b.importState(a.exportState()));
      const state = a.exportState();
      const bytes = stateSize(state).bytes;
      rows.push({ case: `allocator ${from} → ${to}: export+import, 65,536 frames, ${n} owners, p50`, value: percentile(times, 0.5), unit: 'µs' });
      rows.push({
        case: `allocator ${from} → ${to}: export+import, 65,536 frames, ${n} owners, p99`,
        value: percentile(times, 0.99),
        unit: 'µs',
        note: `min ${times[0]!.toFixed(0)} µs; ${state.allocated.length} runs, ${bytes} B; load ${os.loadavg()[0]!.toFixed(1)}`,
      });
    }
    // The default kernel's memory: 4,096 frames (16 MiB), 100 owners.
    const small = populatedAllocator(from, 100, 4096);
    const smallTo = ALLOCATORS[to]!(4096);
    const smallTimes = timeTransfers(Math.max(50, Math.round(400 * scale)), () => smallTo.importState(small.exportState()));
    rows.push({ case: `allocator ${from} → ${to}: export+import, 4,096 frames, 100 owners, p50`, value: percentile(smallTimes, 0.5), unit: 'µs' });
    rows.push({
      case: `allocator ${from} → ${to}: export+import, 4,096 frames, 100 owners, p99`,
      value: percentile(smallTimes, 0.99),
      unit: 'µs',
      note: `min ${smallTimes[0]!.toFixed(0)} µs; ${small.exportState().allocated.length} runs; load ${os.loadavg()[0]!.toFixed(1)}`,
    });
    opts.log(`allocator ${from} → ${to} transfers done`);
  }
  return rows;
}
