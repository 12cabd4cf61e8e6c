// The plots of a run, as vega-lite specs rendered to SVG in-process (vega-lite compile → vega View with
// no renderer → toSVG), headless, no browser and no network: latency over time with event markers,
// throughput over time, latency CDF before/after the events, and the per-event comparison (hot swap
// vs reboot: unavailability, requests lost, p99 around the event).
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { endedAt, percentile, type Summary } from './metrics.js';
import type { RunResult } from './runner.js';

export interface Plot {
  file: string;
  title: string;
  svg: string;
}

const WIDTH = 640;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

interface Marker { t: number; label: string; kind: string }

function markers(s: Summary): Marker[] {
  return s.events.map((e) => ({ t: e.atS, label: `${e.index}: ${e.kind} ${e.what}`, kind: e.kind }));
}

function markerLayers(ms: Marker[], labels: boolean): object[] {
  if (ms.length === 0) return [];
  const layers: object[] = [{
    data: { values: ms },
    mark: { type: 'rule', strokeDash: [4, 3] },
    encoding: { x: { field: 't', type: 'quantitative' }, color: { field: 'kind', type: 'nominal', title: 'event', scale: { domain: ['swap', 'script', 'reboot'], range: ['#2b8a3e', '#1971c2', '#c92a2a'] } } },
  }];
  if (labels && ms.length <= 8) {
    layers.push({
      data: { values: ms },
      mark: { type: 'text', angle: 270, align: 'left', dx: 4, dy: -4, fontSize: 9, baseline: 'bottom' },
      encoding: { x: { field: 't', type: 'quantitative' }, y: { value: 4 }, text: { field: 'label' } },
    });
  }
  return layers;
}

export function latencySpec(s: Summary): TopLevelSpec {
  const rows = s.windows.flatMap((w) => (w.completions === 0 ? [] : [
    { t: w.startS, series: 'p50', ms: w.p50Us / 1000 },
    { t: w.startS, series: 'p99', ms: w.p99Us / 1000 },
    { t: w.startS, series: 'max', ms: w.maxUs / 1000 },
  ]));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Latency over time (${s.experiment}, per window of completions)`,
    width: WIDTH, height: 260,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: false },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time since load start (s, emulated)' },
          y: { field: 'ms', type: 'quantitative', title: 'latency (ms)', scale: { type: 'symlog' } },
          strokeDash: { field: 'series', type: 'nominal', title: 'percentile', sort: ['p50', 'p99', 'max'] },
        },
      },
      ...markerLayers(markers(s), true),
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

export function throughputSpec(s: Summary): TopLevelSpec {
  const rows = s.windows.map((w) => ({ t: w.startS, perS: w.throughputPerS }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Throughput over time (${s.experiment})`,
    width: WIDTH, height: 220,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time since load start (s, emulated)' },
          y: { field: 'perS', type: 'quantitative', title: 'replies per second' },
        },
      },
      ...markerLayers(markers(s), false),
    ],
  } as TopLevelSpec;
}

/** Latency quantiles of the requests that ended before the first event, and after each (or all) events. */
export function cdfSpec(run: RunResult, s: Summary): TopLevelSpec {
  const hz = run.config.kernel.hz;
  const times = run.events.map((e) => e.at);
  const groups = new Map<string, number[]>();
  const label = (k: number): string => (k < 0 ? 'before the events' : times.length > 4 ? 'after the first event' : `after ${s.events[k].index}: ${s.events[k].kind} ${s.events[k].what}`);
  for (const r of run.requests) {
    if (r.status !== 'answered' || r.sent < run.measureFrom || r.sent >= run.loadEnd) continue;
    const t = endedAt(r, run.endCycle);
    let k = -1;
    if (times.length > 4) k = t >= times[0] ? 0 : -1;
    else for (let i = 0; i < times.length; i++) if (t >= times[i]) k = i;
    const g = label(k);
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(((r.completed - r.sent) * 1000) / hz);
  }
  const rows: Array<{ group: string; ms: number; q: number }> = [];
  for (const [group, lat] of groups) {
    const sorted = Float64Array.from(lat).sort();
    for (let i = 0; i <= 200; i++) {
      const q = i / 200;
      rows.push({ group, q, ms: percentile(sorted, Math.max(0.0001, q * 100)) });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Latency CDF before and after the events',
    width: WIDTH, height: 260,
    data: { values: rows },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'ms', type: 'quantitative', title: 'latency (ms)', scale: { type: 'symlog' } },
      y: { field: 'q', type: 'quantitative', title: 'fraction of requests', scale: { domain: [0, 1] } },
      color: { field: 'group', type: 'nominal', title: null, legend: { labelLimit: 320, orient: 'bottom', direction: 'vertical' } },
    },
  } as TopLevelSpec;
}

/** Per kind of event (swaps of one family grouped): worst unavailability, requests lost or refused, worst p99 around. */
export function comparisonRows(s: Summary): Array<{ event: string; unavailableMs: number; lostOrRefused: number; p99AroundMs: number; count: number }> {
  const groups = new Map<string, { event: string; unavailableMs: number; lostOrRefused: number; p99AroundMs: number; count: number }>();
  for (const e of s.events) {
    const key = e.kind === 'swap' ? `hot swap ${e.what.split(' ')[0]}` : e.kind === 'reboot' ? `reboot (${e.what})` : `script ${e.what}`;
    const g = groups.get(key) ?? { event: key, unavailableMs: 0, lostOrRefused: 0, p99AroundMs: 0, count: 0 };
    g.unavailableMs = Math.max(g.unavailableMs, e.unavailableUs / 1000);
    g.lostOrRefused += e.lost + e.refused + e.unanswered;
    g.p99AroundMs = Math.max(g.p99AroundMs, e.p99AroundUs / 1000);
    g.count++;
    groups.set(key, g);
  }
  return [{ event: 'no event (baseline)', unavailableMs: 0, lostOrRefused: 0, p99AroundMs: s.baseline.p99Us / 1000, count: 0 }, ...groups.values()];
}

export function comparisonSpec(s: Summary): TopLevelSpec {
  const rows = comparisonRows(s);
  const bar = (field: string, title: string): object => ({
    width: 180, height: 200,
    layer: [
      { mark: 'bar', encoding: { x: { field: 'event', type: 'nominal', title: null, axis: { labelAngle: -30, labelLimit: 220 } }, y: { field, type: 'quantitative', title }, color: { field: 'event', type: 'nominal', legend: null } } },
      { mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { x: { field: 'event', type: 'nominal' }, y: { field, type: 'quantitative' }, text: { field, type: 'quantitative', format: '.3~f' } } },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Hot swap vs reboot (worst event of each kind)',
    data: { values: rows },
    hconcat: [bar('unavailableMs', 'unavailable (ms)'), bar('lostOrRefused', 'requests lost or refused'), bar('p99AroundMs', 'p99 latency around it (ms)')],
  } as TopLevelSpec;
}

export async function renderPlots(run: RunResult, s: Summary): Promise<Plot[]> {
  const specs: Array<[string, string, TopLevelSpec]> = [
    ['latency.svg', 'Latency over time', latencySpec(s)],
    ['throughput.svg', 'Throughput over time', throughputSpec(s)],
    ['latency-cdf.svg', 'Latency CDF before/after', cdfSpec(run, s)],
    ['comparison.svg', 'Hot swap vs reboot', comparisonSpec(s)],
  ];
  const out: Plot[] = [];
  for (const [file, title, spec] of specs) out.push({ file, title, svg: await renderSvg(spec) });
  return out;
}
