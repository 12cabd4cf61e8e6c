// The uptime experiment's configuration: a zod schema, time units, and loading from a JSON or YAML file.
// Invariants: every time in a parsed config is an integer number of emulated cycles at `kernel.hz`;
// event times are relative to the start of the load and fall inside [warmup, duration); events are
// sorted by time (stable). Errors from a file name file:line:col of the offending key.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { implementationClass } from '../components/index.js';
import { ROOT } from '../boot/system.js';

import { ConfigError, readConfigFile } from './config-file.js';

export { ConfigError } from './config-file.js';

/** A time: a number of seconds, or a string with a unit: "2s", "150ms", "500us", "1000000cycles" (or "c"). */
const time = z.union([z.number().nonnegative(), z.string().regex(/^\s*\d+(\.\d+)?\s*(s|ms|us|µs|cycles|c)\s*$/, 'a time such as "2s", "150ms", "500us" or "1000000cycles"')]);
export type TimeInput = z.infer<typeof time>;

/** Converts a time to emulated cycles at `hz`. */
export function toCycles(t: TimeInput, hz: number): number {
  if (typeof t === 'number') return Math.round(t * hz);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|ms|us|µs|cycles|c)\s*$/.exec(t)!;
  const v = Number(m[1]);
  switch (m[2]) {
    case 's': return Math.round(v * hz);
    case 'ms': return Math.round((v * hz) / 1e3);
    case 'us': case 'µs': return Math.round((v * hz) / 1e6);
    default: return Math.round(v);
  }
}

const work = z.union([
  z.number().int().positive(),
  z.object({ dist: z.literal('fixed'), value: z.number().int().positive() }).strict(),
  z.object({ dist: z.literal('uniform'), min: z.number().int().positive(), max: z.number().int().positive() }).strict(),
  z.object({ dist: z.literal('exponential'), mean: z.number().positive(), max: z.number().int().positive().optional() }).strict(),
  z.object({ dist: z.literal('choice'), values: z.array(z.number().int().positive()).min(1), weights: z.array(z.number().positive()).optional() }).strict(),
]);

const swapEvent = z.object({
  at: time, kind: z.literal('swap'), path: z.string().min(1), impl: z.string().min(1),
  /** Emulated cycles charged to the swap with the guests stopped (default: costs.swapStall). */
  stall: time.optional(),
}).strict();
const scriptEvent = z.object({ at: time, kind: z.literal('script'), file: z.string().min(1), stall: time.optional() }).strict();
const rebootEvent = z.object({
  at: time, kind: z.literal('reboot'), mode: z.enum(['refuse', 'queue']).default('refuse'),
  /** Time the machine is down before the new kernel starts booting (firmware, kernel load); its own emulated boot comes on top. */
  rebootCycles: time,
}).strict();
const event = z.discriminatedUnion('kind', [swapEvent, scriptEvent, rebootEvent]);

const program = z.object({
  /** A guest of workloads/bin (name without .elf). */
  program: z.string().regex(/^[a-z0-9-]+$/),
  args: z.array(z.string()).default([]),
  /** Working directory (created if missing). */
  cwd: z.string().default('/'),
  /** Start it again each time it exits, while the load runs. */
  loop: z.boolean().default(true),
  /** How many copies. */
  copies: z.number().int().min(1).max(16).default(1),
}).strict();

export const configSchema = z.object({
  name: z.string().default('uptime'),
  description: z.string().default(''),
  seed: z.number().int().default(1),
  kernel: z.object({
    /** ADL file of the kernel, relative to the config file (default components/Kernel.fractal). */
    adl: z.string().optional(),
    args: z.record(z.string(), z.string()).default({}),
    hz: z.number().int().positive().default(100_000_000),
    frames: z.number().int().positive().optional(),
    diskLatency: z.number().int().nonnegative().optional(),
  }).strict().default({ args: {}, hz: 100_000_000 }),
  server: z.object({
    /** Work units per request unit (server.c argv[1], 1..1000). */
    scale: z.number().int().min(1).max(1000).default(1),
    /** Server processes reading the same request port. */
    processes: z.number().int().min(1).max(16).default(1),
  }).strict().default({ scale: 1, processes: 1 }),
  background: z.array(program).default([]),
  load: z.object({
    arrivals: z.enum(['fixed', 'poisson']).default('poisson'),
    /** Requests per second of emulated time. */
    rate: z.number().positive(),
    /** Work units per request (about 12 instructions each at scale 1). */
    work,
    /** When the load starts (after boot). */
    start: time.default('20ms'),
    /** Requests sent in the first `warmup` are excluded from the statistics. */
    warmup: time.default(0),
    /** How long the load runs (from its start). */
    duration: time,
    /** How long to wait for the last replies after the load ends. */
    drain: time.default('1s'),
  }).strict(),
  events: z.array(event).default([]),
  periodic: z.object({
    every: time, path: z.string().min(1),
    /** Implementations to cycle through (short names), starting with the first. */
    impls: z.array(z.string().min(1)).min(1),
    from: time.optional(), until: time.optional(),
    stall: time.optional(),
  }).strict().optional(),
  costs: z.object({
    /** Emulated time charged to every swap with the guests stopped (the kernel's work), default 0. */
    swapStall: time.default(0),
    /** Also charge host wall time at kernel.hz: the engine's time for a swap, the kernel rebuild for a reboot. Realistic, not deterministic. */
    chargeWallTime: z.boolean().default(false),
  }).strict().default({ swapStall: 0, chargeWallTime: false }),
  metrics: z.object({
    /** Width of the time windows of the over-time series. */
    window: time.default('50ms'),
    /** Margin before an event and after it served again, for its p99 and availability. */
    around: time.default('100ms'),
    /** A request is delayed when its latency exceeds delayFactor × the baseline p99. */
    delayFactor: z.number().positive().default(2),
  }).strict().default({ window: '50ms', around: '100ms', delayFactor: 2 }),
}).strict();

export type RawConfig = z.input<typeof configSchema>;
type Parsed = z.output<typeof configSchema>;

export type WorkSpec = Parsed['load']['work'];
export type BackgroundProgram = Parsed['background'][number];

/** An event with its time in emulated cycles from the start of the load. */
export type ExperimentEvent =
  | { at: number; kind: 'swap'; path: string; impl: string; stall: number; periodic: boolean }
  | { at: number; kind: 'script'; file: string; stall: number }
  | { at: number; kind: 'reboot'; mode: 'refuse' | 'queue'; rebootCycles: number };

/** A validated config with every time in cycles. */
export interface ExperimentConfig {
  name: string;
  description: string;
  seed: number;
  kernel: { adl: string | undefined; args: Record<string, string>; hz: number; frames: number | undefined; diskLatency: number | undefined };
  server: { scale: number; processes: number };
  background: BackgroundProgram[];
  load: { arrivals: 'fixed' | 'poisson'; rate: number; work: WorkSpec; start: number; warmup: number; duration: number; drain: number };
  events: ExperimentEvent[];
  costs: { chargeWallTime: boolean };
  metrics: { window: number; around: number; delayFactor: number };
}

/** Locates a key path in the config's text ("file:line:col"); without a text, just the name. */
export type Locate = (path: readonly PropertyKey[]) => string;

function formatIssues(error: z.ZodError, locate: Locate): string {
  return error.issues
    .map((i) => {
      // An unknown key is reported where it is, not at its parent object.
      const at = i.code === 'unrecognized_keys' && i.keys.length ? [...i.path, i.keys[0]] : i.path;
      return `${locate(at)}: ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`;
    })
    .join('\n');
}

/** Validates a raw config (from JSON or YAML); `baseDir` resolves relative file names; `seed` overrides the
 *  config's; `locate` turns a key path into "file:line:col" for messages. */
export function parseConfig(raw: unknown, where = 'config', baseDir = process.cwd(), seed?: number, locate: Locate = () => where): ExperimentConfig {
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new ConfigError(`${where}: seed ${seed}: expected an integer`);
  const r = configSchema.safeParse(raw);
  if (!r.success) throw new ConfigError(formatIssues(r.error, locate));
  const c = r.data;
  const hz = c.kernel.hz;
  const cyc = (t: TimeInput): number => toCycles(t, hz);
  const duration = cyc(c.load.duration);
  const warmup = cyc(c.load.warmup);
  if (duration <= 0) throw new ConfigError(`${locate(['load', 'duration'])}: load.duration: must be > 0`);
  if (warmup >= duration) throw new ConfigError(`${locate(['load', 'warmup'])}: load.warmup (${warmup} cycles) must be shorter than load.duration (${duration} cycles)`);
  const swapStall = cyc(c.costs.swapStall);
  const fileAt = (f: string): string => (isAbsolute(f) ? f : resolve(baseDir, f));

  const events: ExperimentEvent[] = c.events.map((e) => {
    if (e.kind === 'swap') return { at: cyc(e.at), kind: 'swap', path: e.path, impl: e.impl, stall: e.stall === undefined ? swapStall : cyc(e.stall), periodic: false };
    if (e.kind === 'script') return { at: cyc(e.at), kind: 'script', file: fileAt(e.file), stall: e.stall === undefined ? swapStall : cyc(e.stall) };
    return { at: cyc(e.at), kind: 'reboot', mode: e.mode, rebootCycles: cyc(e.rebootCycles) };
  });
  if (c.periodic) {
    const p = c.periodic;
    const every = cyc(p.every);
    if (every <= 0) throw new ConfigError(`${locate(['periodic', 'every'])}: periodic.every: must be > 0`);
    const from = p.from === undefined ? Math.max(warmup, every) : cyc(p.from);
    const until = p.until === undefined ? duration : Math.min(duration, cyc(p.until));
    let k = 0;
    for (let t = from; t < until; t += every, k++) {
      events.push({ at: t, kind: 'swap', path: p.path, impl: p.impls[k % p.impls.length], stall: p.stall === undefined ? swapStall : cyc(p.stall), periodic: true });
    }
  }
  // Events past the configured ones come from `periodic`.
  const eventAt = (i: number, key: string): string => (i < c.events.length ? locate(['events', i, key]) : locate(['periodic', key === 'at' ? 'from' : 'impls']));
  events.forEach((e, i) => {
    if (e.at < warmup || e.at >= duration) {
      throw new ConfigError(`${eventAt(i, 'at')}: event ${i} (${e.kind}) at cycle ${e.at} of the load: expected within [warmup ${warmup}, duration ${duration})`);
    }
    if (e.kind === 'swap' && implementationClass(e.path, e.impl) === undefined) {
      throw new ConfigError(`${eventAt(i, 'impl')}: event ${i}: no implementation '${e.impl}' for component '${e.path}'; expected a short name of components/index.ts IMPLEMENTATIONS`);
    }
  });
  events.sort((a, b) => a.at - b.at);
  const adl = c.kernel.adl === undefined ? undefined : (isAbsolute(c.kernel.adl) ? c.kernel.adl : resolveAdl(c.kernel.adl, baseDir));
  return {
    name: c.name,
    description: c.description,
    seed: seed ?? c.seed,
    kernel: { adl, args: c.kernel.args, hz, frames: c.kernel.frames, diskLatency: c.kernel.diskLatency },
    server: c.server,
    background: c.background,
    load: { arrivals: c.load.arrivals, rate: c.load.rate, work: c.load.work, start: cyc(c.load.start), warmup, duration, drain: cyc(c.load.drain) },
    events,
    costs: { chargeWallTime: c.costs.chargeWallTime },
    metrics: { window: Math.max(1, cyc(c.metrics.window)), around: cyc(c.metrics.around), delayFactor: c.metrics.delayFactor },
  };
}

/** An ADL path relative to the config file, or else to the repository root ("components/KernelMlfq.fractal"). */
function resolveAdl(adl: string, baseDir: string): string {
  const near = resolve(baseDir, adl);
  try {
    readFileSync(near);
    return near;
  } catch {
    return resolve(ROOT, adl);
  }
}

/** Reads a config file: JSON, or YAML when its name ends in .yaml/.yml (same keys). */
export function loadConfigFile(file: string, seed?: number): ExperimentConfig {
  const { raw, locate } = readConfigFile(file);
  return parseConfig(raw, file, dirname(resolve(file)), seed, locate);
}
