// Small experiment configs for the tests: short runs (a few hundred ms of emulated time) that still
// cross a swap or a reboot with requests in flight.
import type { RawConfig } from '../../experiments/config.js';

export function tinyConfig(overrides: Partial<RawConfig> = {}): RawConfig {
  return {
    name: 'tiny',
    seed: 7,
    load: { arrivals: 'poisson', rate: 2000, work: { dist: 'exponential', mean: 1500, max: 20000 }, warmup: '40ms', duration: '300ms', drain: '200ms' },
    metrics: { window: '10ms', around: '30ms', delayFactor: 2 },
    ...overrides,
  };
}
