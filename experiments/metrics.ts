// Metrics of a run: latency percentiles, throughput and availability, over the measured period and
// over time windows; per event: unavailability, the completion gap around it, requests lost, refused
// and delayed, p99 around it. Everything here is a pure function of the run's requests and events in
// emulated cycles, so the summary is deterministic (wall-clock figures stay in events.json).
//
// Definitions (docs/experiments.md): latency = completion − send (what the client sees); the measured
// requests are those sent in [load start + warm-up, load end); availability = answered / sent; a
// request belongs to event k when it ended (answered, dropped or given up) in [T_k, T_k+1), so the
// requests in flight at an event count for it; percentiles are nearest-rank.
import type { RequestResult, RunResult } from './runner.js';

export interface LatencyStats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export interface WindowStats {
  startS: number;
  sent: number;
  answered: number;
  notAnswered: number;
  completions: number;
  throughputPerS: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

export interface EventStats {
  index: number;
  kind: string;
  what: string;
  atS: number;
  outcome: string;
  /** Time during which arriving requests could not be served (stall, or down + boot + server start). */
  unavailableUs: number;
  /** Gap between the last completion at or before the event and the first after it. */
  completionGapUs: number;
  inFlight: number;
  attributed: number;
  lost: number;
  refused: number;
  unanswered: number;
  requeued: number;
  delayed: number;
  p99AroundUs: number;
  maxAroundUs: number;
  availabilityAround: number;
  callsHeld: number | null;
  stateBytes: number | null;
}

export interface Comparison {
  swapUnavailableUs: number;
  rebootUnavailableUs: number;
  unavailableRatio: number | null;
  swapLostOrRefused: number;
  rebootLostOrRefused: number;
  swapP99AroundUs: number;
  rebootP99AroundUs: number;
  p99AroundRatio: number | null;
  swapAvailabilityAround: number;
  rebootAvailabilityAround: number;
}

export interface Summary {
  experiment: string;
  seed: number;
  hz: number;
  deterministic: boolean;
  load: { arrivals: string; ratePerS: number; durationS: number; warmupS: number; servers: number; scale: number; background: string[] };
  requests: { planned: number; measured: number; answered: number; refused: number; lost: number; unanswered: number; requeued: number; wrongReplies: number };
  availability: number;
  throughputPerS: number;
  latencyUs: LatencyStats;
  baseline: { count: number; p99Us: number; maxGapUs: number; delayThresholdUs: number; delayedFraction: number };
  events: EventStats[];
  /** Worst hot swap (swap or script) against worst reboot, when the run has both; ratios are null over 0. */
  comparison: Comparison | null;
  windows: WindowStats[];
  emulated: { endS: number; instructions: number; backgroundRuns: number };
  violations: string[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Nearest-rank percentile of an ascending array (0 for an empty one). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function latencyStats(latencies: number[]): LatencyStats {
  const s = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    count: s.length, p50: r3(percentile(s, 50)), p90: r3(percentile(s, 90)), p99: r3(percentile(s, 99)),
    p999: r3(percentile(s, 99.9)), max: r3(s.length ? s[s.length - 1] : 0), mean: r3(s.length ? sum / s.length : 0),
  };
}

/** When a request's story ended (global cycles). */
export function endedAt(r: RequestResult, endCycle: number): number {
  if (r.status === 'answered') return r.completed;
  if (r.status === 'lost') return r.droppedAt;
  if (r.status === 'refused') return r.sent;
  return endCycle;
}

export function summarize(run: RunResult): Summary {
  const { config, requests, events } = run;
  const hz = config.kernel.hz;
  const us = (cycles: number): number => (cycles * 1e6) / hz;
  const latUs = (r: RequestResult): number => us(r.completed - r.sent);
  const measured = requests.filter((r) => r.sent >= run.measureFrom && r.sent < run.loadEnd);
  const answered = measured.filter((r) => r.status === 'answered');
  const count = (rs: RequestResult[], st: RequestResult['status']): number => rs.reduce((n, r) => n + (r.status === st ? 1 : 0), 0);
  const measuredS = (run.loadEnd - run.measureFrom) / hz;

  const completions = Float64Array.from(requests.filter((r) => r.status === 'answered').map((r) => r.completed)).sort();
  const eventTimes = events.map((e) => e.at);
  const firstEvent = eventTimes.length ? eventTimes[0] : Infinity;

  // Baseline: measured requests that ended before the first event.
  const baseline = measured.filter((r) => endedAt(r, run.endCycle) < firstEvent);
  const baselineAnswered = baseline.filter((r) => r.status === 'answered');
  const baselineLat = latencyStats(baselineAnswered.map(latUs));
  const threshold = baselineLat.p99 * config.metrics.delayFactor;
  let maxGap = 0;
  {
    const from = run.measureFrom;
    const to = Math.min(firstEvent, run.loadEnd);
    let prev = from;
    for (const c of completions) {
      if (c < from) continue;
      if (c > to) break;
      maxGap = Math.max(maxGap, c - prev);
      prev = c;
    }
  }

  const gapAround = (t: number): number => {
    // Binary search for the first completion > t.
    let lo = 0, hi = completions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (completions[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? completions[lo - 1] : run.measureFrom;
    const next = lo < completions.length ? completions[lo] : run.endCycle;
    return next - prev;
  };

  const eventStats: EventStats[] = events.map((e, k) => {
    const from = e.at;
    const to = k + 1 < events.length ? events[k + 1].at : Infinity;
    const mine = requests.filter((r) => {
      const t = endedAt(r, run.endCycle);
      return t >= from && t < to && r.sent >= run.measureFrom;
    });
    // Around = from `around` before the event to `around` after it served again (so a reboot's restart counts).
    const around = requests.filter((r) => r.sent >= e.at - config.metrics.around && r.sent < e.servingAt + config.metrics.around);
    const aroundAnswered = around.filter((r) => r.status === 'answered');
    const aroundLat = latencyStats(aroundAnswered.map(latUs));
    const ev = e.event;
    const what = ev.kind === 'swap' ? `${ev.path} -> ${ev.impl}` : ev.kind === 'script' ? ev.file.split('/').pop()! : `${ev.mode}, down ${r3(us(ev.rebootCycles) / 1000)} ms`;
    return {
      index: k,
      kind: ev.kind,
      what,
      atS: r6((e.at - run.loadStart) / hz),
      outcome: e.reconfig ? e.reconfig.outcome : 'rebooted',
      unavailableUs: r3(us(e.servingAt - e.at)),
      completionGapUs: r3(us(gapAround(e.at))),
      inFlight: e.inFlight,
      attributed: mine.length,
      lost: count(mine, 'lost'),
      refused: count(mine, 'refused'),
      unanswered: count(mine, 'unanswered'),
      requeued: mine.reduce((n, r) => n + (r.requeued ? 1 : 0), 0),
      delayed: mine.reduce((n, r) => n + (r.status === 'answered' && latUs(r) > threshold ? 1 : 0), 0),
      p99AroundUs: aroundLat.p99,
      maxAroundUs: aroundLat.max,
      availabilityAround: r6(around.length ? aroundAnswered.length / around.length : 1),
      callsHeld: e.reconfig ? e.reconfig.callsHeld : null,
      stateBytes: e.reconfig ? e.reconfig.stateBytes : null,
    };
  });

  const violations: string[] = [];
  for (const s of eventStats) {
    if (s.kind !== 'reboot' && s.lost + s.refused + s.unanswered > 0) {
      violations.push(`event ${s.index} (${s.kind} ${s.what}): ${s.lost + s.refused + s.unanswered} requests lost; expected 0 for a swap`);
    }
  }
  for (const f of run.background.failures) violations.push(`background program ${f}`);
  if (run.wrongReplies.count) violations.push(`${run.wrongReplies.count} wrong replies, e.g. ${run.wrongReplies.examples[0]}`);
  if (events.length === 0 && count(measured, 'unanswered') > 0) violations.push(`${count(measured, 'unanswered')} requests never answered`);

  return {
    experiment: config.name,
    seed: config.seed,
    hz,
    deterministic: !config.costs.chargeWallTime,
    load: {
      arrivals: config.load.arrivals, ratePerS: config.load.rate, durationS: r6(config.load.duration / hz), warmupS: r6(config.load.warmup / hz),
      servers: config.server.processes, scale: config.server.scale,
      background: config.background.map((b) => `${b.program}${b.args.length ? ' ' + b.args.join(' ') : ''} x${b.copies}${b.loop ? ' (loop)' : ''}`),
    },
    requests: {
      planned: requests.length, measured: measured.length, answered: answered.length,
      refused: count(measured, 'refused'), lost: count(measured, 'lost'), unanswered: count(measured, 'unanswered'),
      requeued: measured.reduce((n, r) => n + (r.requeued ? 1 : 0), 0),
      wrongReplies: run.wrongReplies.count,
    },
    availability: r6(measured.length ? answered.length / measured.length : 1),
    throughputPerS: r3(answered.length / measuredS),
    latencyUs: latencyStats(answered.map(latUs)),
    baseline: {
      count: baselineAnswered.length, p99Us: baselineLat.p99, maxGapUs: r3(us(maxGap)), delayThresholdUs: r3(threshold),
      delayedFraction: r6(baselineAnswered.length ? baselineAnswered.filter((r) => latUs(r) > threshold).length / baselineAnswered.length : 0),
    },
    events: eventStats,
    comparison: compare(eventStats),
    windows: windows(run, latUs),
    emulated: { endS: r6(run.endCycle / hz), instructions: run.instructions, backgroundRuns: run.background.runs },
    violations,
  };
}

function windows(run: RunResult, latUs: (r: RequestResult) => number): WindowStats[] {
  const w = run.config.metrics.window;
  const hz = run.config.kernel.hz;
  const n = Math.ceil((run.loadEnd - run.measureFrom) / w);
  const bySent: RequestResult[][] = Array.from({ length: n }, () => []);
  const byDone: RequestResult[][] = Array.from({ length: n }, () => []);
  for (const r of run.requests) {
    const i = Math.floor((r.sent - run.measureFrom) / w);
    if (i >= 0 && i < n) bySent[i].push(r);
    if (r.status === 'answered') {
      const j = Math.floor((r.completed - run.measureFrom) / w);
      if (j >= 0 && j < n) byDone[j].push(r);
    }
  }
  return bySent.map((sent, i) => {
    const lat = latencyStats(byDone[i].map(latUs));
    const answered = sent.filter((r) => r.status === 'answered').length;
    const width = Math.min(w, run.loadEnd - (run.measureFrom + i * w));
    return {
      startS: r6((run.measureFrom + i * w - run.loadStart) / hz),
      sent: sent.length, answered, notAnswered: sent.length - answered,
      completions: byDone[i].length, throughputPerS: r3(byDone[i].length / (width / hz)),
      p50Us: lat.p50, p90Us: lat.p90, p99Us: lat.p99, p999Us: lat.p999, maxUs: lat.max,
    };
  });
}

function compare(events: EventStats[]): Comparison | null {
  const swaps = events.filter((e) => e.kind !== 'reboot');
  const reboots = events.filter((e) => e.kind === 'reboot');
  if (swaps.length === 0 || reboots.length === 0) return null;
  const max = (es: EventStats[], f: (e: EventStats) => number): number => es.reduce((m, e) => Math.max(m, f(e)), 0);
  const min = (es: EventStats[], f: (e: EventStats) => number): number => es.reduce((m, e) => Math.min(m, f(e)), 1);
  const sum = (es: EventStats[], f: (e: EventStats) => number): number => es.reduce((n, e) => n + f(e), 0);
  const ratio = (a: number, b: number): number | null => (b > 0 ? r3(a / b) : null);
  const lost = (e: EventStats): number => e.lost + e.refused + e.unanswered;
  const c = {
    swapUnavailableUs: max(swaps, (e) => e.unavailableUs), rebootUnavailableUs: max(reboots, (e) => e.unavailableUs),
    swapLostOrRefused: sum(swaps, lost), rebootLostOrRefused: sum(reboots, lost),
    swapP99AroundUs: max(swaps, (e) => e.p99AroundUs), rebootP99AroundUs: max(reboots, (e) => e.p99AroundUs),
    swapAvailabilityAround: min(swaps, (e) => e.availabilityAround), rebootAvailabilityAround: min(reboots, (e) => e.availabilityAround),
  };
  return {
    swapUnavailableUs: c.swapUnavailableUs, rebootUnavailableUs: c.rebootUnavailableUs, unavailableRatio: ratio(c.rebootUnavailableUs, c.swapUnavailableUs),
    swapLostOrRefused: c.swapLostOrRefused, rebootLostOrRefused: c.rebootLostOrRefused,
    swapP99AroundUs: c.swapP99AroundUs, rebootP99AroundUs: c.rebootP99AroundUs, p99AroundRatio: ratio(c.rebootP99AroundUs, c.swapP99AroundUs),
    swapAvailabilityAround: c.swapAvailabilityAround, rebootAvailabilityAround: c.rebootAvailabilityAround,
  };
}
