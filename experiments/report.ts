// report.html: one self-contained page (inline SVG plots, tables, inline CSS; no script, no external
// URL) with the headline figures, the per-event table and the plots of a run.
import type { Summary } from './metrics.js';
import type { Plot } from './plots.js';
import { comparisonRows } from './plots.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An SVG from vega, made safe to inline: no XML prolog, no external references. */
function inlineSvg(svg: string): string {
  return svg.replace(/<\?xml[^>]*>\s*/, '').replace(/\s(xlink:)?href="https?:[^"]*"/g, '');
}

function table(head: string[], rows: Array<Array<string | number>>): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

const ms = (us: number): string => (us / 1000).toFixed(3);

export function reportHtml(s: Summary, plots: Plot[], description = ''): string {
  const overall = table(['measured', 'answered', 'refused', 'lost', 'unanswered', 'availability', 'throughput (/s)', 'p50 (ms)', 'p99 (ms)', 'p99.9 (ms)', 'max (ms)'], [[
    s.requests.measured, s.requests.answered, s.requests.refused, s.requests.lost, s.requests.unanswered,
    `${(s.availability * 100).toFixed(3)}%`, s.throughputPerS.toFixed(1), ms(s.latencyUs.p50), ms(s.latencyUs.p99), ms(s.latencyUs.p999), ms(s.latencyUs.max),
  ]]);
  const comparison = table(['event', 'count', 'worst unavailable (ms)', 'lost or refused', 'worst p99 around (ms)'],
    comparisonRows(s).map((r) => [r.event, r.count, r.unavailableMs.toFixed(3), r.lostOrRefused, r.p99AroundMs.toFixed(3)]));
  const events = table(['#', 'at (s)', 'event', 'outcome', 'unavailable (ms)', 'completion gap (ms)', 'in flight', 'lost', 'refused', 'delayed', 'p99 around (ms)', 'availability around', 'calls held', 'state bytes'],
    s.events.map((e) => [e.index, e.atS.toFixed(3), `${e.kind} ${e.what}`, e.outcome, ms(e.unavailableUs), ms(e.completionGapUs), e.inFlight, e.lost, e.refused, e.delayed,
      ms(e.p99AroundUs), `${(e.availabilityAround * 100).toFixed(2)}%`, e.callsHeld ?? '', e.stateBytes ?? '']));
  const violations = s.violations.length
    ? `<section class="bad"><h2>Violations</h2><ul>${s.violations.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul></section>` : '';
  const figures = plots.map((p) => `<figure><figcaption>${escapeHtml(p.title)}</figcaption>\n${inlineSvg(p.svg)}\n</figure>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tessera uptime experiment: ${escapeHtml(s.experiment)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f1f3f5; }
td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0 2em; }
figcaption { font-weight: 600; margin-bottom: 0.3em; }
.bad { color: #c92a2a; }
.meta { color: #555; }
</style>
</head>
<body>
<h1>Uptime experiment: ${escapeHtml(s.experiment)}</h1>
<p class="meta">${escapeHtml(description)}</p>
<p class="meta">seed ${s.seed}; ${escapeHtml(s.load.arrivals)} arrivals at ${s.load.ratePerS}/s for ${s.load.durationS} s of emulated time (warm-up ${s.load.warmupS} s);
${s.load.servers} server process(es), scale ${s.load.scale}${s.load.background.length ? `; background: ${escapeHtml(s.load.background.join(', '))}` : ''};
clock ${s.hz / 1e6} MHz; ${s.deterministic ? 'deterministic run' : 'engine wall time charged: not deterministic'}.</p>
${violations}
<h2>Overall</h2>
${overall}
<h2>Hot swap vs reboot</h2>
${comparison}
<h2>Events</h2>
${events}
<p class="meta">Unavailable: time during which arriving requests could not be served (a swap's stall; a reboot's down time, boot and server start).
Completion gap: time between the last reply before the event and the first after it (baseline longest gap: ${ms(s.baseline.maxGapUs)} ms).
Delayed: latency above ${ms(s.baseline.delayThresholdUs)} ms (the baseline p99 × the delay factor). Latency = reply − send, in emulated time.</p>
<h2>Plots</h2>
${figures}
</body>
</html>
`;
}
