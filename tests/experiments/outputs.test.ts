// The files of a run are valid: the CSV parses with one row per request, summary.json matches its
// schema, every SVG is well-formed XML, report.html is self-contained (no external URL, no script).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../experiments/config.js';
import { REQUESTS_CSV_HEADER } from '../../experiments/outputs.js';
import { runUptime, type UptimeResult } from '../../experiments/uptime.js';
import { tinyConfig } from './helpers.js';

function wellFormed(xml: string): { root: string; elements: number } {
  const p = new SaxesParser({ xmlns: true });
  let root = '';
  let elements = 0;
  p.on('opentag', (t) => {
    if (elements++ === 0) root = t.local;
  });
  p.on('error', (e) => {
    throw e;
  });
  p.write(xml).close();
  return { root, elements };
}

const latency = z.object({ count: z.number().int(), p50: z.number(), p90: z.number(), p99: z.number(), p999: z.number(), max: z.number(), mean: z.number() }).strict();
const summarySchema = z.object({
  experiment: z.string(), seed: z.number().int(), hz: z.number(), deterministic: z.boolean(),
  load: z.object({ arrivals: z.string(), ratePerS: z.number(), durationS: z.number(), warmupS: z.number(), servers: z.number(), scale: z.number(), background: z.array(z.string()) }).strict(),
  requests: z.object({ planned: z.number(), measured: z.number(), answered: z.number(), refused: z.number(), lost: z.number(), unanswered: z.number(), requeued: z.number(), wrongReplies: z.literal(0) }).strict(),
  availability: z.number().min(0).max(1), throughputPerS: z.number().nonnegative(), latencyUs: latency,
  baseline: z.object({ count: z.number(), p99Us: z.number(), maxGapUs: z.number(), delayThresholdUs: z.number(), delayedFraction: z.number() }).strict(),
  events: z.array(z.object({
    index: z.number(), kind: z.enum(['swap', 'script', 'reboot']), what: z.string(), atS: z.number(), outcome: z.string(),
    unavailableUs: z.number().nonnegative(), completionGapUs: z.number().nonnegative(), inFlight: z.number(), attributed: z.number(),
    lost: z.number(), refused: z.number(), unanswered: z.number(), requeued: z.number(), delayed: z.number(),
    p99AroundUs: z.number(), maxAroundUs: z.number(), availabilityAround: z.number(), callsHeld: z.number().nullable(), stateBytes: z.number().nullable(),
  }).strict()),
  comparison: z.object({
    swapUnavailableUs: z.number(), rebootUnavailableUs: z.number(), unavailableRatio: z.number().nullable(), swapLostOrRefused: z.number(), rebootLostOrRefused: z.number(),
    swapP99AroundUs: z.number(), rebootP99AroundUs: z.number(), p99AroundRatio: z.number().nullable(), swapAvailabilityAround: z.number(), rebootAvailabilityAround: z.number(),
  }).strict().nullable(),
  windows: z.array(z.object({ startS: z.number(), sent: z.number(), answered: z.number(), notAnswered: z.number(), completions: z.number(), throughputPerS: z.number(), p50Us: z.number(), p90Us: z.number(), p99Us: z.number(), p999Us: z.number(), maxUs: z.number() }).strict()).min(1),
  emulated: z.object({ endS: z.number(), instructions: z.number(), backgroundRuns: z.number() }).strict(),
  violations: z.array(z.string()),
}).strict();

describe('experiment outputs', () => {
  let dir: string;
  let r: UptimeResult;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-out-'));
    const cfg = tinyConfig({ name: 'outputs', events: [
      { at: '100ms', kind: 'swap', path: 'scheduler', impl: 'fair' },
      { at: '180ms', kind: 'reboot', mode: 'refuse', rebootCycles: '20ms' },
    ] });
    r = await runUptime(parseConfig(cfg), { out: dir });
  });

  it('writes every file', () => {
    expect([...r.files].sort()).toEqual(['comparison.svg', 'events.json', 'latency-cdf.svg', 'latency.svg', 'report.html', 'requests.csv', 'summary.json', 'throughput.svg']);
  });

  it('requests.csv parses: header, one row per request, consistent columns', () => {
    const lines = readFileSync(join(dir, 'requests.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0].split(',')).toEqual(REQUESTS_CSV_HEADER);
    expect(lines.length - 1).toBe(r.summary.requests.planned);
    const col = (name: string): number => REQUESTS_CSV_HEADER.indexOf(name);
    const statuses = new Set<string>();
    for (const line of lines.slice(1)) {
      const f = line.split(',');
      expect(f.length).toBe(REQUESTS_CSV_HEADER.length);
      const status = f[col('status')];
      statuses.add(status);
      if (status === 'answered') {
        const [sent, arrived, started, completed] = ['sent_cycle', 'arrived_cycle', 'started_cycle', 'completed_cycle'].map((c) => Number(f[col(c)]));
        expect(arrived).toBeGreaterThanOrEqual(sent);
        expect(started).toBeGreaterThanOrEqual(arrived);
        expect(completed).toBeGreaterThanOrEqual(started);
        expect(Number(f[col('latency_us')])).toBeCloseTo(Number(f[col('completed_us')]) - Number(f[col('sent_us')]), 2);
        expect(Number(f[col('latency_us')])).toBeGreaterThan(0);
      } else {
        expect(f[col('latency_us')]).toBe('');
        expect(f[col('completed_us')]).toBe('');
      }
    }
    expect(statuses.has('answered') && statuses.has('refused')).toBe(true);
  });

  it('summary.json and events.json follow their schema', () => {
    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summarySchema.safeParse(s).success).toBe(true);
    expect(s.comparison.swapLostOrRefused).toBe(0);
    expect(s.comparison.rebootLostOrRefused).toBeGreaterThan(0);
    expect(s.comparison.unavailableRatio).toBeNull(); // the swap stalled 0 cycles: no ratio over 0
    const ev = JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8'));
    expect(ev.events.length).toBe(2);
    expect(ev.events[0].reconfig.outcome).toBe('committed');
    expect(ev.events[0].reconfig.wallUs).toBeGreaterThan(0);
    expect(ev.events[1].rebootWallMs).toBeGreaterThan(0);
    expect(ev.segments.length).toBe(2);
  });

  it('every SVG is well-formed', () => {
    for (const f of r.files.filter((x) => x.endsWith('.svg'))) {
      const { root, elements } = wellFormed(readFileSync(join(dir, f), 'utf8'));
      expect(root).toBe('svg');
      expect(elements).toBeGreaterThan(20);
    }
  });

  it('report.html is self-contained: inline SVGs, tables, no external URL or script', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*"(https?:)?\/\//i);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBe(4);
    for (const svg of svgs) expect(wellFormed(svg).root).toBe('svg');
    expect((html.match(/<table>/g) ?? []).length).toBe(3);
    expect(html).toContain('swap scheduler -&gt; fair');
    // The head and body close once each, in order.
    expect(html.indexOf('</head>')).toBeLessThan(html.indexOf('<body>'));
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });
});
