// Sweeps: grid expansion order, shards that partition the jobs, jobs in this thread and in worker
// threads giving the same summaries, merging shard directories.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../experiments/config.js';
import { loadGrid, mergeSweeps, runSweep, setPath, shardOf } from '../../experiments/sweep.js';
import { tinyConfig } from './helpers.js';

function gridFile(axes: Record<string, unknown[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-grid-'));
  const base = tinyConfig({
    load: { arrivals: 'poisson', rate: 1000, work: 800, warmup: '10ms', duration: '60ms', drain: '50ms' },
    events: [{ at: '30ms', kind: 'swap', path: 'scheduler', impl: 'mlfq' }],
  });
  writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
  writeFileSync(join(dir, 'grid.json'), JSON.stringify({ name: 'g', config: 'base.json', axes }));
  return join(dir, 'grid.json');
}

describe('sweep', () => {
  it('expands axes in file order, the last varying fastest, and checks every job config', () => {
    const g = loadGrid(gridFile({ 'events.0.impl': ['mlfq', 'stride'], seed: [1, 2, 3] }));
    expect(g.jobs.map((j) => j.id)).toEqual(['job-0000', 'job-0001', 'job-0002', 'job-0003', 'job-0004', 'job-0005']);
    expect(g.jobs.map((j) => j.params)).toEqual([
      { 'events.0.impl': 'mlfq', seed: 1 }, { 'events.0.impl': 'mlfq', seed: 2 }, { 'events.0.impl': 'mlfq', seed: 3 },
      { 'events.0.impl': 'stride', seed: 1 }, { 'events.0.impl': 'stride', seed: 2 }, { 'events.0.impl': 'stride', seed: 3 },
    ]);
    expect(() => loadGrid(gridFile({ 'events.0.impl': ['nope'] }))).toThrow(/job-0000: event 0: no implementation 'nope'/);
    expect(() => loadGrid(gridFile({ 'server.nothing.x': [1] }))).toThrow(ConfigError);
  });

  it('shards partition the jobs deterministically', () => {
    const jobs = Array.from({ length: 10 }, (_, index) => ({ index }));
    const parts = [0, 1, 2].map((i) => shardOf(jobs, `${i}/3`).map((j) => j.index));
    expect(parts).toEqual([[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
    expect(() => shardOf(jobs, '3/3')).toThrow(/expected i\/n with 0 <= i < n/);
    expect(() => shardOf(jobs, 'x')).toThrow(ConfigError);
  });

  it('setPath refuses paths that do not exist', () => {
    const o: Record<string, unknown> = { a: { b: [1, 2] } };
    setPath(o, 'a.b.1', 5);
    expect(o).toEqual({ a: { b: [1, 5] } });
    expect(() => setPath(o, 'a.c.d', 1)).toThrow(/'a\.c' does not exist/);
  });

  it('runs shards in this thread and in a worker thread with equal results, and merges them', async () => {
    const grid = loadGrid(gridFile({ 'events.0.impl': ['mlfq', 'fair'] }));
    const out0 = mkdtempSync(join(tmpdir(), 'tessera-sw0-'));
    const out1 = mkdtempSync(join(tmpdir(), 'tessera-sw1-'));
    const outW = mkdtempSync(join(tmpdir(), 'tessera-sww-'));
    const r0 = await runSweep(grid, { out: out0, shard: '0/2', workers: 0 });
    const r1 = await runSweep(grid, { out: out1, shard: '1/2', workers: 0 });
    expect(r0.map((r) => r.id)).toEqual(['job-0000']);
    expect(r1.map((r) => r.id)).toEqual(['job-0001']);
    expect([...r0, ...r1].every((r) => r.status === 'ok' && r.lost === 0 && r.violations === 0)).toBe(true);
    const w = await runSweep(grid, { out: outW, shard: '1/2', workers: 1 });
    expect(w[0].status).toBe('ok');
    expect(readFileSync(join(outW, 'job-0001', 'summary.json'), 'utf8')).toBe(readFileSync(join(out1, 'job-0001', 'summary.json'), 'utf8'));

    const merged = mkdtempSync(join(tmpdir(), 'tessera-swm-'));
    const rows = mergeSweeps([out1, out0], merged);
    expect(rows.map((r) => r.id)).toEqual(['job-0000', 'job-0001']);
    const csv = readFileSync(join(merged, 'sweep.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^id,events\.0\.impl,status,availability/);
    expect(csv[1]).toMatch(/^job-0000,mlfq,ok,1,/);
    expect(JSON.parse(readFileSync(join(merged, 'sweep.json'), 'utf8')).jobs.length).toBe(2);
  });
});
