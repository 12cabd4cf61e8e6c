// Reconfiguration: swap latency (request -> successor serving) per family and state size, p50/p99/max
// over many swaps, in wall µs and emulated cycles; the target "scheduler swap with 1,000 processes p99
// <= 1 ms wall and zero missed timer ticks"; and what each reconfiguration mode costs a running kernel
// (thread counting vs 'none' chosen in the ADL).
//  - scheduler and allocator: a component fed synthetic processes / frame owners (10 ... 10,000);
//  - process manager, filesystem, syscall layer: the real kernel with N guest processes (10 ... 1,000;
//    10,000 guest processes do not fit the machine's frames);
//  - timer ticks: the real kernel with 1,000 processes, the scheduler swapped between slices.
import { readFileSync } from 'node:fs';
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

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

function rows(what: string, recs: SwapRecord[], note: string): BenchRow[] {
  const us = recs.map((r) => r.latencyUs);
  const cy = recs.map((r) => r.latencyCycles);
  const bytes = recs.map((r) => r.replacements.reduce((n, x) => n + x.stateBytes, 0));
  const bad = recs.filter((r) => r.outcome !== 'committed').length;
  if (bad) throw new Error(`${what}: ${bad} swaps rolled back: ${recs.find((r) => r.outcome !== 'committed')!.reason}`);
  const phase = (r: SwapRecord, names: string[]) => r.phases.filter((p) => names.includes(p.phase)).reduce((n, p) => n + p.endUs - p.startUs, 0);
  const transfer = recs.map((r) => phase(r, ['export', 'import']));
  const engine = recs.map((r, i) => r.latencyUs - transfer[i]!);
  return [
    { case: `${what}: latency p50`, value: pct(us, 0.5), unit: 'µs', note: `${recs.length} swaps; ${note}` },
    { case: `${what}: state export+import p50`, value: pct(transfer, 0.5), unit: 'µs', note: 'the components\' exportState/importState' },
    { case: `${what}: engine share p50`, value: pct(engine, 0.5), unit: 'µs', note: 'latency minus export+import: create, stop, validate, start, release' },
    { case: `${what}: latency p99`, value: pct(us, 0.99), unit: 'µs' },
    { case: `${what}: interruption p50`, value: pct(recs.map((r) => r.interruptionUs), 0.5), unit: 'µs', note: 'stop -> release: the window in which calls wait' },
    { case: `${what}: interruption p99`, value: pct(recs.map((r) => r.interruptionUs), 0.99), unit: 'µs' },
    { case: `${what}: latency max`, value: Math.max(...us), unit: 'µs' },
    { case: `${what}: emulated cycles max`, value: Math.max(...cy), unit: 'cycles', note: 'swaps run between machine slices' },
    { case: `${what}: state size`, value: pct(bytes, 0.5), unit: 'bytes' },
  ];
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

/** CPU µs (user + system of this process) of each swap: what a swap costs without the host's preemption. */
const cpuUs: number[] = [];

async function swapCycle(engine: ReconfigurationEngine, c: ReturnType<typeof component>, impls: string[], n: number): Promise<SwapRecord[]> {
  const recs: SwapRecord[] = [];
  cpuUs.length = 0;
  for (let i = 0; i < n; i++) {
    const t0 = process.cpuUsage();
    recs.push(await engine.replace(c, impls[(i + 1) % impls.length]!));
    const t = process.cpuUsage(t0);
    cpuUs.push(t.user + t.system);
  }
  return recs;
}

function cpuRows(what: string): BenchRow[] {
  return [
    { case: `${what}: CPU time p50`, value: pct(cpuUs, 0.5), unit: 'µs', note: 'process.cpuUsage around each swap: excludes time the host gave to other jobs' },
    { case: `${what}: CPU time p99`, value: pct(cpuUs, 0.99), unit: 'µs' },
  ];
}

const guest = readFileSync(new URL('../workloads/bin/getpid.elf', import.meta.url));

async function kernelWith(n: number): Promise<TesseraSystem> {
  const s = await bootSystem({ frames: 16384, files: [{ path: '/getpid.elf', data: guest, mode: 0o755 }] });
  for (let i = 0; i < n; i++) s.spawn('/getpid.elf', ['getpid.elf', '1000000']);
  for (let k = 0; k < 400 && s.process.list().some((p) => p.waiting?.startsWith('disk')); k++) s.run(200_000);
  return s;
}

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const swaps = Math.max(20, Math.round(200 * opts.scale));

  for (const n of [10, 100, 1000, 10_000]) {
    const impls = Object.values(IMPLEMENTATIONS.scheduler!);
    const c = component('scheduler', impls[0]!);
    const s = c.getFcInterface('scheduler') as unknown as Scheduler;
    for (let pid = 1; pid <= n; pid++) s.admit(pid, (pid % 40) - 20);
    for (let i = 0; i < 2 * n; i++) s.charge(s.pick(), 1000 + (i % 9000));
    for (let pid = 4; pid <= n; pid += 4) if (s.stateOf(pid) !== 'blocked') s.block(pid);
    const engine = new ReconfigurationEngine();
    await swapCycle(engine, c, impls, 20); // warm-up
    const count = n >= 10_000 ? Math.max(10, swaps / 4) : swaps;
    opts.log(`scheduler, ${n} processes: ${count} swaps`);
    out.push(...rows(`scheduler swap, ${n} processes`, await swapCycle(engine, c, impls, count), 'five schedulers in turn, synthetic processes'));
    out.push(...cpuRows(`scheduler swap, ${n} processes`));
  }

  for (const owners of [10, 100, 1000, 10_000]) {
    const impls = Object.values(IMPLEMENTATIONS.allocator!);
    const c = component('allocator', impls[0]!, { frames: 65_536 });
    const a = c.getFcInterface('allocator') as unknown as FrameAllocator;
    for (let i = 0; i < 65_536 / 2; i++) a.alloc(Math.floor(i / 3) % owners);
    const engine = new ReconfigurationEngine();
    await swapCycle(engine, c, impls, 6);
    opts.log(`allocator, ${owners} owners`);
    out.push(...rows(`allocator swap, ${owners} owners`, await swapCycle(engine, c, impls, Math.max(10, swaps / 4)), '65,536 frames, half allocated in runs of 3'));
    out.push(...cpuRows(`allocator swap, ${owners} owners`));
  }

  for (const n of [10, 100, 1000]) {
    opts.log(`kernel with ${n} processes`);
    const s = await kernelWith(n);
    const engine = reconfigure(s);
    for (const family of ['process', 'filesystem', 'syscall', 'scheduler']) {
      const impls = [...new Set(Object.values(IMPLEMENTATIONS[family]!))];
      const recs: SwapRecord[] = [];
      const count = Math.max(10, Math.round((n >= 1000 ? 30 : 60) * opts.scale));
      for (let i = 0; i < count + 3; i++) {
        const r = await engine.replace(s.component(family), impls[(i + 1) % impls.length]!);
        if (i >= 3) recs.push(r);
        s.run(20_000);
      }
      out.push(...rows(`${family} swap, kernel with ${n} processes`, recs, `real kernel, ${n} getpid guests`));
    }
  }

  // Timer ticks across scheduler swaps: the swap costs no emulated time, so no tick deadline passes
  // during one; check that every slice between swaps still gets its ticks.
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
  }

  // What each ADL-selected reconfiguration mode costs a running kernel: rounds alternate the modes so
  // that the machine's load hits both alike; best of the rounds.
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
  return out;
}
