// Reconfiguration (issue 7): swap latency (request -> successor serving) for each family with 10, 100,
// 1,000 and 10,000 processes, p50/p99/max over many swaps, in wall µs and emulated cycles; how the cost
// grows with state size; the target "scheduler swap with 1,000 processes p99 <= 1 ms wall and zero missed
// timer ticks"; and what each reconfiguration mode costs a running kernel (thread counting vs 'none').
//  - every family in the real kernel (65,536 frames) with N getpid guests, N = 10 ... 10,000: scheduler,
//    allocator, filesystem, process manager, syscall layer, each swapped in turn, 100,000 cycles run
//    between swaps (so that each successor serves calls and ends its probation, reconfig/probation.ts);
//  - scheduler and allocator alone: one component fed synthetic processes / frame owners (the
//    component's own cost without the kernel around it), 20 calls between swaps for the same reason;
//  - timer ticks: the real kernel with 1,000 processes, the scheduler swapped between slices.
// Besides the table, writes bench/results/reconfig-swaps.json (per family and size) and
// bench/results/reconfig-swap-cost.svg (latency against processes, log-log).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchOptions, BenchRow } from './harness.js';
import { Fractal } from '../bindings/index.js';
import '../components/index.js';
import { IMPLEMENTATIONS } from '../components/index.js';
import type { Scheduler } from '../components/scheduler/index.js';
import type { FrameAllocator } from '../components/allocator/index.js';
import { bootSystem, type TesseraSystem } from '../boot/system.js';
import { reconfigure } from '../boot/reconfigure.js';
import { ReconfigurationEngine, type SwapRecord } from '../reconfig/index.js';

export const name = 'reconfig';

const SIZES = [10, 100, 1000, 10_000];
const KERNEL_FAMILIES = ['scheduler', 'allocator', 'filesystem', 'process', 'syscall'] as const;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

/** One family at one size: the figures issue 7 asks for, and where the time went. */
interface SwapSummary {
  family: string;
  setting: 'kernel' | 'component';
  processes: number;
  swaps: number;
  latencyUs: { p50: number; p99: number; max: number };
  cycles: { p50: number; p99: number; max: number };
  interruptionUs: { p50: number; p99: number };
  transferUs: { p50: number };
  cpuUs: { p50: number; p99: number };
  stateBytes: number;
}

function summarise(family: string, setting: SwapSummary['setting'], processes: number, recs: SwapRecord[], cpu: number[]): SwapSummary {
  const bad = recs.find((r) => r.outcome !== 'committed');
  if (bad) throw new Error(`${family} swap with ${processes} processes rolled back at ${bad.failedStep}: ${bad.reason}`);
  const us = recs.map((r) => r.latencyUs);
  const cy = recs.map((r) => r.latencyCycles);
  const phase = (r: SwapRecord, names: string[]) => r.phases.filter((p) => names.includes(p.phase)).reduce((n, p) => n + p.endUs - p.startUs, 0);
  return {
    family, setting, processes, swaps: recs.length,
    latencyUs: { p50: pct(us, 0.5), p99: pct(us, 0.99), max: Math.max(...us) },
    cycles: { p50: pct(cy, 0.5), p99: pct(cy, 0.99), max: Math.max(...cy) },
    interruptionUs: { p50: pct(recs.map((r) => r.interruptionUs), 0.5), p99: pct(recs.map((r) => r.interruptionUs), 0.99) },
    transferUs: { p50: pct(recs.map((r) => phase(r, ['export', 'validate', 'import'])), 0.5) },
    cpuUs: { p50: pct(cpu, 0.5), p99: pct(cpu, 0.99) },
    stateBytes: pct(recs.map((r) => r.replacements.reduce((n, x) => n + x.stateBytes, 0)), 0.5),
  };
}

function rowsOf(s: SwapSummary, note: string): BenchRow[] {
  const what = `${s.family} swap, ${s.setting === 'kernel' ? 'kernel with ' : ''}${s.processes} ${s.family === 'allocator' && s.setting === 'component' ? 'owners' : 'processes'}`;
  return [
    { case: `${what}: latency p50`, value: s.latencyUs.p50, unit: 'µs', note: `${s.swaps} swaps; ${note}` },
    { case: `${what}: latency p99`, value: s.latencyUs.p99, unit: 'µs' },
    { case: `${what}: latency max`, value: s.latencyUs.max, unit: 'µs' },
    { case: `${what}: emulated cycles p50/p99/max`, value: s.cycles.max, unit: 'cycles', note: `p50 ${s.cycles.p50}, p99 ${s.cycles.p99}, max ${s.cycles.max}: swaps run between machine slices` },
    { case: `${what}: interruption p50`, value: s.interruptionUs.p50, unit: 'µs', note: 'stop -> release: the window in which calls wait' },
    { case: `${what}: interruption p99`, value: s.interruptionUs.p99, unit: 'µs' },
    { case: `${what}: state export+validate+import p50`, value: s.transferUs.p50, unit: 'µs', note: 'the rest of the latency is the engine: create, stop, start, release' },
    { case: `${what}: CPU time p50`, value: s.cpuUs.p50, unit: 'µs', note: 'process.cpuUsage around each swap (all threads, GC helpers too): excludes time the host gave to other jobs' },
    { case: `${what}: CPU time p99`, value: s.cpuUs.p99, unit: 'µs' },
    { case: `${what}: state size`, value: s.stateBytes, unit: 'bytes' },
  ];
}

/** Swaps `n` times, `impls` in turn, calling `between` after each; returns the records and the CPU µs of each swap. */
async function swapLoop(engine: ReconfigurationEngine, target: () => Parameters<ReconfigurationEngine['replace']>[0], impls: string[], n: number, between?: () => void) {
  const recs: SwapRecord[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.cpuUsage();
    recs.push(await engine.replace(target(), impls[(i + 1) % impls.length]!));
    const t = process.cpuUsage(t0);
    cpu.push(t.user + t.system);
    between?.();
  }
  return { recs, cpu };
}

function component(family: 'scheduler' | 'allocator', impl: string, attributes: Record<string, unknown> = {}) {
  const boot = Fractal.createBootstrapComponent({ clock: () => 0 });
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const sig = family === 'scheduler' ? 'components.scheduler.Scheduler' : 'components.allocator.FrameAllocator';
  const c = gf.newFcInstance(tf.createFcType([tf.createFcItfType(family, sig, false, false, false)]), 'primitive', impl, { name: family, attributes });
  Fractal.getLifeCycleController(c).startFc();
  return c;
}

const guest = readFileSync(new URL('../workloads/bin/getpid.elf', import.meta.url));

/** The default kernel on a 65,536-frame machine with `n` getpid guests, past their ELF loads. */
async function kernelWith(n: number): Promise<TesseraSystem> {
  const s = await bootSystem({ frames: 65_536, files: [{ path: '/getpid.elf', data: guest, mode: 0o755 }] });
  for (let i = 0; i < n; i++) s.spawn('/getpid.elf', ['getpid.elf', '1000000']);
  for (let k = 0; k < 400 && s.process.list().some((p) => p.waiting?.startsWith('disk')); k++) s.run(200_000);
  if (s.process.count() !== n) throw new Error(`kernel with ${n} guests: ${s.process.count()} processes alive`);
  return s;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const summaries: SwapSummary[] = [];
  const swaps = (n: number) => Math.max(20, Math.round((n >= 10_000 ? 40 : n >= 1000 ? 150 : 200) * opts.scale));
  const add = (s: SwapSummary, note: string) => {
    summaries.push(s);
    out.push(...rowsOf(s, note));
  };

  // ---- every family in the real kernel ------------------------------------------------------
  for (const n of SIZES) {
    opts.log(`kernel with ${n} processes: booting`);
    const s = await kernelWith(n);
    const engine = reconfigure(s);
    for (const family of KERNEL_FAMILIES) {
      const impls = [...new Set(Object.values(IMPLEMENTATIONS[family]!))];
      const count = family === 'scheduler' ? swaps(n) : Math.max(10, Math.round(swaps(n) / 3));
      await swapLoop(engine, () => s.component(family), impls, 5, () => s.run(100_000)); // warm-up
      opts.log(`kernel with ${n} processes: ${count} ${family} swaps`);
      const { recs, cpu } = await swapLoop(engine, () => s.component(family), impls, count, () => s.run(100_000));
      add(summarise(family, 'kernel', n, recs, cpu), `real kernel, ${n} getpid guests, 65,536 frames; ${impls.length} implementation(s) in turn, 100,000 cycles run between swaps`);
    }
  }

  // ---- scheduler and allocator components alone -------------------------------------------
  for (const n of SIZES) {
    const impls = Object.values(IMPLEMENTATIONS.scheduler!);
    const c = component('scheduler', impls[0]!);
    const sched = c.getFcInterface('scheduler') as unknown as Scheduler;
    for (let pid = 1; pid <= n; pid++) sched.admit(pid, (pid % 40) - 20);
    for (let i = 0; i < 2 * n; i++) sched.charge(sched.pick(), 1000 + (i % 9000));
    for (let pid = 4; pid <= n; pid += 4) if (sched.stateOf(pid) !== 'blocked') sched.block(pid);
    const engine = new ReconfigurationEngine();
    const serve = () => {
      for (let i = 0; i < 20; i++) sched.stateOf(i + 1);
    };
    await swapLoop(engine, () => c, impls, 20, serve);
    opts.log(`scheduler component, ${n} processes`);
    const { recs, cpu } = await swapLoop(engine, () => c, impls, swaps(n), serve);
    add(summarise('scheduler', 'component', n, recs, cpu), 'the component alone, synthetic processes (1/4 blocked); five schedulers in turn');
  }
  for (const owners of SIZES) {
    const impls = Object.values(IMPLEMENTATIONS.allocator!);
    const c = component('allocator', impls[0]!, { frames: 65_536 });
    const a = c.getFcInterface('allocator') as unknown as FrameAllocator;
    for (let i = 0; i < 65_536 / 2; i++) a.alloc(Math.floor(i / 3) % owners);
    const engine = new ReconfigurationEngine();
    const serve = () => {
      for (let i = 0; i < 20; i++) a.ownerOf(i);
    };
    await swapLoop(engine, () => c, impls, 6, serve);
    opts.log(`allocator component, ${owners} owners`);
    const { recs, cpu } = await swapLoop(engine, () => c, impls, Math.max(10, Math.round(swaps(owners) / 4)), serve);
    add(summarise('allocator', 'component', owners, recs, cpu), 'the component alone, 65,536 frames, half allocated in runs of 3');
  }

  // ---- timer ticks across scheduler swaps ---------------------------------------------------
  let timer: Record<string, number> = {};
  // A swap costs no emulated time, so no tick deadline passes during one; check that every busy slice
  // between swaps still gets its ticks.
  {
    const s = await kernelWith(1000);
    const impls = Object.values(IMPLEMENTATIONS.scheduler!);
    const engine = reconfigure(s);
    let missed = 0;
    let slices = 0;
    let cyclesDuringSwaps = 0;
    const count = Math.max(20, Math.round(100 * opts.scale));
    for (let i = 0; i < count; i++) {
      const c0 = s.machine.cycle;
      const r = await engine.replace(s.component('scheduler'), impls[i % impls.length]!);
      if (r.outcome !== 'committed') throw new Error(r.reason);
      cyclesDuringSwaps += s.machine.cycle - c0;
      const t0 = s.traps.ticks;
      const idle0 = s.machine.idleCycles;
      s.run(100_000);
      if (s.machine.idleCycles === idle0) {
        slices++;
        if (s.traps.ticks === t0) missed++;
      }
    }
    out.push({ case: 'scheduler swaps with 1,000 guest processes: busy slices without a timer tick', value: missed, unit: 'slices', note: `${slices} busy 100k-cycle slices after ${count} swaps; ${cyclesDuringSwaps} emulated cycles passed during swaps` });
    timer = { processes: 1000, swaps: count, busySlices: slices, slicesWithoutTick: missed, cyclesDuringSwaps };
  }

  // ---- what each ADL-selected reconfiguration mode costs a running kernel -------------------
  // Rounds alternate the modes so that the machine's load hits both alike; best of the rounds.
  const best: Record<string, number> = { 'thread-counting': Infinity, none: Infinity };
  const iterations = Math.round(500_000 * opts.scale);
  for (let k = 0; k < 5; k++) {
    for (const mode of ['thread-counting', 'none'] as const) {
      const s = await bootSystem({ reconfiguration: mode, files: [{ path: '/getpid.elf', data: guest, mode: 0o755 }] });
      s.spawn('/getpid.elf', ['getpid.elf', String(iterations)]);
      const t0 = performance.now();
      s.runToCompletion();
      best[mode] = Math.min(best[mode]!, performance.now() - t0);
    }
  }
  out.push({ case: `getpid loop (syscall-bound), kernel primitives 'thread-counting'`, value: best['thread-counting']!, unit: 'ms', note: `${iterations} getpid; best of 5 alternating rounds` });
  out.push({ case: `getpid loop (syscall-bound), kernel primitives 'none'`, value: best.none!, unit: 'ms', ratio: best.none! / best['thread-counting']!, note: 'no interceptor on kernel-to-kernel calls (ratio vs thread-counting)' });

  await writeArtifacts(summaries, timer, opts);
  return out;
}

/** reconfig-swaps.json (the table per family and size) and reconfig-swap-cost.svg (cost against state size). */
async function writeArtifacts(summaries: SwapSummary[], timer: Record<string, number>, opts: BenchOptions): Promise<void> {
  const dir = new URL('./results/', import.meta.url);
  const record = {
    name: 'reconfig-swaps', date: new Date().toISOString(), command: 'npm run bench -- reconfig', scale: opts.scale,
    load: os.loadavg(), cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, summaries, timer,
  };
  writeFileSync(new URL('reconfig-swaps.json', dir), JSON.stringify(record, null, 2) + '\n');
  try {
    const { renderSvg } = await import('../experiments/plots.js');
    const values = summaries.flatMap((s) => (['p50', 'p99'] as const).map((q) => ({ series: `${s.family} (${s.setting})`, quantile: q, processes: s.processes, us: Math.max(1, s.latencyUs[q]) })));
    const svg = await renderSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Swap latency (request → successor serving) against processes',
      width: 560, height: 340,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'processes', type: 'quantitative', scale: { type: 'log' }, title: 'processes (allocator component: frame owners)' },
        y: { field: 'us', type: 'quantitative', scale: { type: 'log' }, title: 'latency (µs, wall)' },
        color: { field: 'series', type: 'nominal', title: 'family' },
        strokeDash: { field: 'quantile', type: 'nominal', title: 'quantile' },
      },
    });
    writeFileSync(new URL('reconfig-swap-cost.svg', dir), svg);
  } catch (e) {
    opts.log(`plot not written: ${(e as Error).message}`);
  }
}
