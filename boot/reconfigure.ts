// The reconfiguration engine bound to a booted Tessera system: `reconfigure(system)` gives the system's
// engine (emulated-cycle clock, ADL search path of the kernel), `swap(system, path, impl)` replaces a
// kernel component by a short implementation name (components/index.ts), and `runWithSwaps` drives the
// machine while a swap schedule (every N cycles to a random other implementation, seeded, and/or at given
// cycles) hot-swaps the kernel under the running guests: what `tessera exec --swap-every/--swap` runs.
//
// Swaps happen between two machine slices: the kernel is synchronous, so every thread counter is 0
// there and the safe state is immediate; the guests never notice (same stdout, same exit status).

import { loadAdl } from '../adl/index.js';
import { contents } from '../bindings/index.js';
import { IMPLEMENTATIONS, implementationClass } from '../components/index.js';
import { adlDefinitionLoader, ReconfigurationEngine, runScript, type ScriptResult, type SwapOptions, type SwapRecord } from '../reconfig/index.js';
import type { RunExit } from '../machine/machine.js';
import { ROOT, type TesseraSystem } from './system.js';

const engines = new WeakMap<TesseraSystem, ReconfigurationEngine>();

/** The system's reconfiguration engine (one per system). */
export function reconfigure(system: TesseraSystem): ReconfigurationEngine {
  let e = engines.get(system);
  if (!e) {
    e = new ReconfigurationEngine({
      clock: () => system.machine.cycle,
      boot: system.boot,
      loadDefinition: adlDefinitionLoader([ROOT, ...(system.options.path ?? [])]),
    });
    engines.set(system, e);
  }
  return e;
}

export class UnknownImplementationError extends Error {
  override name = 'UnknownImplementationError';
}

/** The content class for `impl` of the family at `path`; throws naming what the family offers. */
export function implementationOf(path: string, impl: string): string {
  const family = IMPLEMENTATIONS[path];
  if (!family) throw new UnknownImplementationError(`no kernel component family '${path}'; expected one of ${Object.keys(IMPLEMENTATIONS).join(', ')}`);
  const cls = implementationClass(path, impl);
  if (!cls) throw new UnknownImplementationError(`no ${path} implementation '${impl}'; expected one of ${Object.keys(family).join(', ')}`);
  return cls;
}

/** The short name of the implementation running at `path` (or its class name when it has none). */
export function currentImplementation(system: TesseraSystem, path: string): string {
  const cls = system.component(path).contentClass;
  const name = cls ? contents.nameOf(cls) ?? cls.name : 'none';
  const short = Object.entries(IMPLEMENTATIONS[path] ?? {}).find(([, full]) => full === name);
  return short ? short[0] : name;
}

/** Replaces the kernel component at `path` ("scheduler", ...) by implementation `impl` ("mlfq", ...). */
export function swap(system: TesseraSystem, path: string, impl: string, options: SwapOptions = {}): Promise<SwapRecord> {
  return reconfigure(system).replace(system.component(path), implementationOf(path, impl), options);
}

/** Runs a reconfiguration script against the system's kernel (`$kernel` is the kernel composite). */
export function script(system: TesseraSystem, text: string, options: SwapOptions = {}): Promise<ScriptResult> {
  return runScript(reconfigure(system), text, {
    variables: { kernel: system.kernel },
    implementation: (family, name) => implementationClass(family, name),
    loadGraph: (definition) => loadAdl(definition, { path: [ROOT, ...(system.options.path ?? [])] }).graph,
  }, options);
}

export interface ScheduledSwap {
  family: string;
  impl: string;
  cycle: number;
}

export interface SwapSchedule {
  /** Swap a random family to a random other implementation every this many emulated cycles. */
  every?: number;
  /** Swaps at given cycles (`--swap FAMILY=IMPL@CYCLE`). */
  at?: readonly ScheduledSwap[];
  /** Seed of the random choices (default 1). */
  seed?: number;
  /** Families `every` chooses from (default: every kernel family). */
  families?: readonly string[];
  /** Stop after this many cycles (default: run to completion). */
  maxCycles?: number;
  /** Longest machine slice between checks (default 2,000,000 cycles). */
  slice?: number;
  options?: SwapOptions;
}

export interface SwapRunResult {
  exit: RunExit | 'done';
  records: SwapRecord[];
  done: number;
  rolledBack: number;
}

/** Parses `FAMILY=IMPL@CYCLE` (`scheduler=mlfq@500000`). */
export function parseSwapSpec(spec: string): ScheduledSwap {
  const m = /^([a-z-]+)=([A-Za-z0-9_.-]+)@(\d+)$/.exec(spec.trim());
  if (!m) throw new UnknownImplementationError(`--swap '${spec}': expected FAMILY=IMPL@CYCLE, e.g. scheduler=mlfq@500000`);
  implementationOf(m[1]!, m[2]!);
  return { family: m[1]!, impl: m[2]!, cycle: Number(m[3]) };
}

/** mulberry32: a small seeded PRNG (no Math.random in anything replayable). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the machine until every process has ended, swapping kernel components as `schedule` says
 * between slices. Returns the swap records (committed and rolled back).
 */
export async function runWithSwaps(system: TesseraSystem, schedule: SwapSchedule): Promise<SwapRunResult> {
  const engine = reconfigure(system);
  const random = prng(schedule.seed ?? 1);
  const families = (schedule.families ?? Object.keys(IMPLEMENTATIONS)).filter((f) => IMPLEMENTATIONS[f]);
  const fixed = [...(schedule.at ?? [])].sort((a, b) => a.cycle - b.cycle);
  const slice = schedule.slice ?? 2_000_000;
  const end = schedule.maxCycles === undefined ? Infinity : system.machine.cycle + schedule.maxCycles;
  let nextRandom = schedule.every ? system.machine.cycle + schedule.every : Infinity;
  const records: SwapRecord[] = [];
  const classOf = (f: string) => {
    const cls = system.component(f).contentClass;
    return cls ? contents.nameOf(cls) ?? '' : '';
  };
  const doSwap = async (family: string, cls: string) => {
    records.push(await engine.replace(system.component(family), cls, schedule.options));
  };
  let exit: RunExit | 'done';
  for (;;) {
    if (system.process.count() === 0) { exit = 'done'; break; }
    while (fixed.length && fixed[0]!.cycle <= system.machine.cycle) {
      const s = fixed.shift()!;
      await doSwap(s.family, implementationOf(s.family, s.impl));
    }
    if (nextRandom <= system.machine.cycle) {
      const family = families[Math.floor(random() * families.length)]!;
      const names = [...new Set(Object.values(IMPLEMENTATIONS[family]!))];
      const others = names.filter((n) => n !== classOf(family));
      const pool = others.length ? others : names; // a family with one implementation swaps to a fresh instance
      await doSwap(family, pool[Math.floor(random() * pool.length)]!);
      nextRandom = system.machine.cycle + schedule.every!;
      continue;
    }
    if (system.machine.cycle >= end) { exit = 'budget'; break; }
    const target = Math.min(nextRandom, fixed[0]?.cycle ?? Infinity, end);
    const budget = Math.max(1, Math.min(slice, target - system.machine.cycle));
    const r = system.run(budget);
    if (r === 'idle' || r === 'stopped') {
      if (system.process.count() === 0) { exit = 'done'; break; }
      if (r === 'stopped') { exit = r; break; }
      const wait = system.console.waitForInput();
      if (wait === null) { exit = 'idle'; break; }
      await wait;
    }
  }
  return { exit, records, done: records.filter((r) => r.outcome === 'committed').length, rolledBack: records.filter((r) => r.outcome === 'rolled-back').length };
}

/** One line for `--stats` (stderr): swaps done and rolled back, latency p50/max in wall µs, cycles spent. */
export function formatSwapStats(result: SwapRunResult): string {
  const lat = result.records.filter((r) => r.outcome === 'committed').map((r) => r.latencyUs).sort((a, b) => a - b);
  const cycles = result.records.reduce((n, r) => n + r.latencyCycles, 0);
  const fails = result.records.filter((r) => r.outcome === 'rolled-back').map((r) => `${r.actions.join('; ')}: ${r.failedStep}: ${r.reason}`);
  return `tessera: ${result.done} swap(s) done, ${result.rolledBack} rolled back` +
    (lat.length ? `; latency p50 ${lat[lat.length >> 1]!.toFixed(0)} µs, max ${lat[lat.length - 1]!.toFixed(0)} µs wall, ${cycles} emulated cycles` : '') +
    fails.map((f) => `\n  rolled back: ${f}`).join('');
}
