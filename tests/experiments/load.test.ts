import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../experiments/config.js';
import { generateLoad } from '../../experiments/load.js';
import { tinyConfig } from './helpers.js';

describe('load generator', () => {
  it('is deterministic from the seed and sorted by send time', () => {
    const a = generateLoad(parseConfig(tinyConfig()));
    const b = generateLoad(parseConfig(tinyConfig()));
    const c = generateLoad(parseConfig(tinyConfig({ seed: 8 })));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (let i = 1; i < a.length; i++) expect(a[i].sent).toBeGreaterThanOrEqual(a[i - 1].sent);
    expect(a.every((r, i) => r.id === i)).toBe(true);
  });

  it('fixed rate: exact spacing inside [start, start + duration)', () => {
    const cfg = parseConfig(tinyConfig({ load: { arrivals: 'fixed', rate: 1000, work: 100, duration: '100ms' } }));
    const reqs = generateLoad(cfg);
    expect(reqs.length).toBe(100);
    expect(reqs[0].sent).toBe(cfg.load.start);
    expect(reqs[1].sent - reqs[0].sent).toBe(100_000);
    expect(reqs.every((r) => r.work === 100)).toBe(true);
  });

  it('Poisson: the mean rate and the work distribution come out as configured', () => {
    const cfg = parseConfig(tinyConfig({ load: { arrivals: 'poisson', rate: 5000, work: { dist: 'uniform', min: 10, max: 20 }, duration: '4s' } }));
    const reqs = generateLoad(cfg);
    expect(reqs.length / 4).toBeGreaterThan(4800);
    expect(reqs.length / 4).toBeLessThan(5200);
    expect(Math.min(...reqs.map((r) => r.work))).toBe(10);
    expect(Math.max(...reqs.map((r) => r.work))).toBe(20);
  });
});
