// The files of a run: requests.csv (one row per request), events.json (events with the engine's
// records, wall-clock figures included), summary.json (deterministic: emulated-time figures only).
// Key order is fixed by construction, numbers are rounded, so equal runs give equal bytes.
import type { EventResult, RunResult } from './runner.js';
import type { Summary } from './metrics.js';

export const REQUESTS_CSV_HEADER = [
  'id', 'sent_cycle', 'arrived_cycle', 'started_cycle', 'completed_cycle',
  'sent_us', 'arrived_us', 'started_us', 'completed_us', 'latency_us', 'work', 'segment', 'status', 'requeued',
];

/** One row per request: global cycles (-1: did not happen) and µs since the load start (empty: did not happen). */
export function requestsCsv(run: RunResult): string {
  const hz = run.config.kernel.hz;
  const us = (c: number): string => String(Math.round((c * 1e9) / hz) / 1000);
  const at = (c: number): string => (c < 0 ? '' : us(c - run.loadStart));
  const lines = [REQUESTS_CSV_HEADER.join(',')];
  for (const r of run.requests) {
    lines.push([
      r.id, r.sent, r.arrived, r.started, r.completed, at(r.sent), at(r.arrived), at(r.started), at(r.completed),
      r.status === 'answered' ? us(r.completed - r.sent) : '', r.work, r.segment, r.status, r.requeued ? 1 : 0,
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

function eventJson(e: EventResult, run: RunResult): unknown {
  const hz = run.config.kernel.hz;
  const ev = e.event;
  return {
    index: e.index,
    kind: ev.kind,
    ...(ev.kind === 'swap' ? { path: ev.path, impl: ev.impl, periodic: ev.periodic } : ev.kind === 'script' ? { file: ev.file } : { mode: ev.mode, rebootCycles: ev.rebootCycles }),
    atCycle: e.at,
    atS: (e.at - run.loadStart) / hz,
    servingAtCycle: e.servingAt,
    stallCycles: e.stallCycles,
    inFlight: e.inFlight,
    reconfig: e.reconfig,
    rebootWallMs: e.rebootWallMs,
  };
}

export function eventsJson(run: RunResult, summary: Summary): string {
  return JSON.stringify({
    experiment: run.config.name,
    seed: run.config.seed,
    hz: run.config.kernel.hz,
    events: run.events.map((e, i) => ({ ...(eventJson(e, run) as object), metrics: summary.events[i] })),
    segments: run.segments,
    wallMs: Math.round(run.wallMs),
    emulatedMips: Math.round((run.instructions / (run.wallMs * 1000)) * 100) / 100,
  }, null, 2) + '\n';
}

export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

/** The one-screen text summary printed at the end of a run. */
export function textSummary(s: Summary, outDir?: string, run?: RunResult): string {
  const pct = (x: number): string => `${(x * 100).toFixed(3)}%`;
  const ms = (u: number): string => (u >= 1000 ? `${(u / 1000).toFixed(2)} ms` : `${u.toFixed(1)} µs`);
  const lines = [
    `experiment ${s.experiment} (seed ${s.seed}, ${s.load.arrivals} ${s.load.ratePerS}/s for ${s.load.durationS} s, ${s.load.servers} server(s))`,
    `requests   ${s.requests.measured} measured: ${s.requests.answered} answered, ${s.requests.refused} refused, ${s.requests.lost} lost, ${s.requests.unanswered} unanswered`,
    `availability ${pct(s.availability)}   throughput ${s.throughputPerS.toFixed(1)}/s`,
    `latency    p50 ${ms(s.latencyUs.p50)}  p90 ${ms(s.latencyUs.p90)}  p99 ${ms(s.latencyUs.p99)}  p99.9 ${ms(s.latencyUs.p999)}  max ${ms(s.latencyUs.max)}`,
    `baseline   p99 ${ms(s.baseline.p99Us)}, longest completion gap ${ms(s.baseline.maxGapUs)}`,
  ];
  if (s.events.length) {
    lines.push('', 'event  at(s)     what                                  unavailable   gap         lost  refused  delayed  p99 around');
    const shown = s.events.length > 12 ? [...s.events.slice(0, 6), null, ...s.events.slice(-5)] : s.events;
    for (const e of shown) {
      if (e === null) { lines.push(`  ... ${s.events.length - 11} more in summary.json`); continue; }
      lines.push(`${String(e.index).padStart(5)}  ${e.atS.toFixed(3).padStart(8)}  ${`${e.kind} ${e.what}`.slice(0, 36).padEnd(36)}  ${ms(e.unavailableUs).padStart(11)}  ${ms(e.completionGapUs).padStart(10)}  ${String(e.lost).padStart(4)}  ${String(e.refused).padStart(7)}  ${String(e.delayed).padStart(7)}  ${ms(e.p99AroundUs).padStart(10)}`);
    }
  }
  const c = s.comparison;
  if (c) {
    const x = (r: number | null): string => (r === null ? 'n/a (swap: 0)' : `${r.toFixed(1)}x`);
    lines.push(`reboot vs worst hot swap: unavailable ${ms(c.rebootUnavailableUs)} vs ${ms(c.swapUnavailableUs)} (${x(c.unavailableRatio)}), lost or refused ${c.rebootLostOrRefused} vs ${c.swapLostOrRefused}, p99 around ${ms(c.rebootP99AroundUs)} vs ${ms(c.swapP99AroundUs)} (${x(c.p99AroundRatio)}), availability around ${pct(c.rebootAvailabilityAround)} vs ${pct(c.swapAvailabilityAround)}`);
  }
  const walls = (run?.events ?? []).flatMap((e) => (e.reconfig ? [e.reconfig.wallUs] : []));
  if (walls.length) {
    const charged = run!.config.costs.chargeWallTime ? 'charged as emulated stall' : 'not charged: costs.chargeWallTime is false';
    lines.push(`engine wall time per swap: min ${ms(Math.min(...walls))}, max ${ms(Math.max(...walls))} (${charged})`);
  }
  if (s.emulated.backgroundRuns) lines.push(`background program runs completed: ${s.emulated.backgroundRuns}`);
  if (s.violations.length) lines.push('', 'VIOLATIONS:', ...s.violations.map((v) => `  ${v}`));
  if (outDir) lines.push('', `written to ${outDir}: requests.csv events.json summary.json report.html *.svg`);
  return lines.join('\n');
}
