// End-to-end uptime runs on the real kernel and engine: determinism, no request lost across swaps,
// a reboot losing availability (refuse mode) or adding latency (queue mode).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../boot/system.js';
import { parseConfig } from '../../experiments/config.js';
import { summaryJson } from '../../experiments/outputs.js';
import type { Reconfigurer } from '../../experiments/reconfigurer.js';
import { runUptime, type UptimeResult } from '../../experiments/uptime.js';
import { tinyConfig } from './helpers.js';

const swaps = tinyConfig({
  name: 'swaps',
  events: [
    { at: '100ms', kind: 'swap', path: 'scheduler', impl: 'mlfq' },
    { at: '150ms', kind: 'swap', path: 'allocator', impl: 'buddy' },
    { at: '200ms', kind: 'swap', path: 'filesystem', impl: 'write-back', stall: '100us' },
  ],
});
const reboot = (mode: 'refuse' | 'queue') => tinyConfig({ name: `reboot-${mode}`, events: [{ at: '150ms', kind: 'reboot', mode, rebootCycles: '30ms' }] });

describe('uptime experiment', () => {
  let a: UptimeResult;
  let dirA: string;
  let dirB: string;
  beforeAll(async () => {
    dirA = mkdtempSync(join(tmpdir(), 'tessera-up-a-'));
    dirB = mkdtempSync(join(tmpdir(), 'tessera-up-b-'));
    a = await runUptime(parseConfig(swaps), { out: dirA, plots: false });
    await runUptime(parseConfig(swaps), { out: dirB, plots: false });
  });

  it('same config and seed give an identical summary.json', () => {
    const sa = readFileSync(join(dirA, 'summary.json'), 'utf8');
    expect(sa).toBe(readFileSync(join(dirB, 'summary.json'), 'utf8'));
    expect(readFileSync(join(dirA, 'requests.csv'), 'utf8')).toBe(readFileSync(join(dirB, 'requests.csv'), 'utf8'));
  });

  it('a different seed gives a different run', async () => {
    const other = await runUptime(parseConfig(swaps, 'swaps', process.cwd(), 8), { plots: false });
    expect(other.summary.requests.planned).not.toBe(a.summary.requests.planned);
  });

  it('loses no request across swap events, and every swap commits', () => {
    const s = a.summary;
    expect(s.events.map((e) => e.kind)).toEqual(['swap', 'swap', 'swap']);
    for (const e of s.events) {
      expect(e.outcome).toBe('committed');
      expect(e.lost + e.refused + e.unanswered).toBe(0);
      expect(e.attributed).toBeGreaterThan(0);
    }
    expect(s.violations).toEqual([]);
    expect(s.requests.wrongReplies).toBe(0); // every reply carries the server's result for its request
    expect(s.availability).toBe(1);
    expect(s.requests.answered).toBe(s.requests.measured);
    // The configured stall of the filesystem swap is the time it could not serve.
    expect(s.events[2].unavailableUs).toBe(100);
    expect(s.events[0].unavailableUs).toBe(0);
    expect(a.run.events[1].reconfig?.replacements[0]).toMatch(/allocator.*Buddy/);
  });

  it('a reboot in refuse mode loses availability and adds downtime, deterministically', async () => {
    const r = await runUptime(parseConfig(reboot('refuse')), { plots: false });
    const again = await runUptime(parseConfig(reboot('refuse')), { plots: false });
    expect(summaryJson(again.summary)).toBe(summaryJson(r.summary));
    const e = r.summary.events[0];
    expect(r.summary.availability).toBeLessThan(1);
    expect(e.refused).toBeGreaterThan(30); // ~2000/s for 30 ms down
    expect(e.unavailableUs).toBeGreaterThan(30_000); // down time + boot + server start
    expect(e.completionGapUs).toBeGreaterThan(30_000);
    expect(r.summary.baseline.maxGapUs).toBeLessThan(e.completionGapUs / 3);
    expect(r.run.segments.length).toBe(2);
    expect(r.summary.violations).toEqual([]);
  });

  it('a reboot in queue mode answers everything, late', async () => {
    const r = await runUptime(parseConfig(reboot('queue')), { plots: false });
    const e = r.summary.events[0];
    expect(r.summary.availability).toBe(1);
    expect(e.refused + e.lost).toBe(0);
    expect(e.requeued).toBeGreaterThan(30);
    expect(e.p99AroundUs).toBeGreaterThan(r.summary.baseline.p99Us * 5);
    expect(e.delayed).toBeGreaterThan(0);
  });

  it('runs a reconfiguration script as one event, atomically, losing nothing', async () => {
    const file = join(ROOT, 'experiments', 'configs', 'scripts', 'scheduler-and-allocator.fscript');
    const r = await runUptime(parseConfig(tinyConfig({ name: 'script', events: [{ at: '100ms', kind: 'script', file }] })), { plots: false });
    const e = r.summary.events[0];
    expect(e.kind).toBe('script');
    expect(e.outcome).toBe('committed');
    expect(e.lost + e.refused + e.unanswered).toBe(0);
    expect(r.run.events[0].reconfig?.replacements).toEqual([
      expect.stringMatching(/scheduler: .* -> components\.scheduler\.Mlfq/),
      expect.stringMatching(/allocator: .* -> components\.allocator\.Buddy/),
    ]);
  });

  it('boots the kernel from the configured ADL', async () => {
    const cfg = tinyConfig({ name: 'adl', kernel: { adl: 'components/KernelMlfq.fractal' }, load: { rate: 1000, work: 500, warmup: '10ms', duration: '60ms' },
      events: [{ at: '30ms', kind: 'swap', path: 'scheduler', impl: 'round-robin' }] });
    const r = await runUptime(parseConfig(cfg), { plots: false });
    expect(r.run.events[0].reconfig?.replacements[0]).toMatch(/scheduler: .*Mlfq -> components\.scheduler\.RoundRobin/);
    expect(r.summary.availability).toBe(1);
  });

  it('checks every reply against the server\'s result: a corrupted one is a violation', async () => {
    // A stand-in reconfigurer that, instead of swapping, flips one bit of an earlier reply.
    const corrupting: Reconfigurer = {
      async swap(system) {
        const rec = system.requestPort!.records().find((r) => r.reply !== null)!;
        rec.reply![4] ^= 1;
        return { outcome: 'committed', cycles: 0, wallUs: 0, quiescenceUs: 0, callsHeld: 0, stateBytes: 0, replacements: [], phases: [] };
      },
      script: () => Promise.reject(new Error('not used')),
    };
    const cfg = tinyConfig({ name: 'corrupt', load: { rate: 1000, work: 500, warmup: '10ms', duration: '60ms' }, events: [{ at: '30ms', kind: 'swap', path: 'scheduler', impl: 'mlfq' }] });
    const r = await runUptime(parseConfig(cfg), { plots: false, reconfigurer: corrupting });
    expect(r.summary.requests.wrongReplies).toBe(1);
    expect(r.summary.violations).toEqual([expect.stringMatching(/^1 wrong replies, e\.g\. request 0 \(machine 0\): reply id 0 status 0 work 500 result \d+; expected id 0 status 0 work 500 result \d+$/)]);
  });
});
