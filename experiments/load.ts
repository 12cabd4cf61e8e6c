// Load generation: the requests of one run, as (sent cycle, work units, seed) in global emulated
// cycles, from a seeded PRNG. Invariants: the result is sorted by `sent` and ids are the indices;
// the same config and seed give the same requests, bit for bit; no Math.random.
import { SplitMix32 } from '../machine/prng.js';
import type { ExperimentConfig, WorkSpec } from './config.js';

export interface PlannedRequest {
  id: number;
  /** Global emulated cycle at which the client sends it. */
  sent: number;
  work: number;
  seed: number;
}

/** A uniform double in [0, 1) from two 32-bit draws. */
function uniform(rng: SplitMix32): number {
  return (rng.next() * 2 ** 21 + (rng.next() >>> 11)) / 2 ** 53;
}

export function drawWork(spec: WorkSpec, rng: SplitMix32): number {
  if (typeof spec === 'number') return spec;
  switch (spec.dist) {
    case 'fixed':
      return spec.value;
    case 'uniform':
      return spec.min + Math.floor(uniform(rng) * (spec.max - spec.min + 1));
    case 'exponential': {
      const v = Math.max(1, Math.round(-Math.log(1 - uniform(rng)) * spec.mean));
      return spec.max === undefined ? v : Math.min(spec.max, v);
    }
    case 'choice': {
      const w = spec.weights ?? spec.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      let u = uniform(rng) * total;
      for (let i = 0; i < spec.values.length; i++) {
        u -= w[i] ?? 0;
        if (u < 0) return spec.values[i];
      }
      return spec.values[spec.values.length - 1];
    }
  }
}

/** The requests sent during [load.start, load.start + load.duration). */
export function generateLoad(config: ExperimentConfig): PlannedRequest[] {
  const { load, kernel } = config;
  // Separate streams for arrivals and sizes, so changing the size distribution keeps the arrival times.
  const arrivals = new SplitMix32(config.seed ^ 0x5eed_a001);
  const sizes = new SplitMix32(config.seed ^ 0x5eed_b002);
  const meanGap = kernel.hz / load.rate;
  const end = load.start + load.duration;
  const out: PlannedRequest[] = [];
  let t = load.start;
  for (;;) {
    const gap = load.arrivals === 'fixed' ? meanGap : -Math.log(1 - uniform(arrivals)) * meanGap;
    const sent = load.arrivals === 'fixed' ? Math.round(load.start + out.length * meanGap) : Math.round((t += gap));
    if (sent >= end) break;
    out.push({ id: out.length, sent, work: drawWork(load.work, sizes), seed: sizes.next() });
  }
  return out;
}
