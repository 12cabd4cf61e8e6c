// Probation (reconfig/probation.ts): what it costs. During the probation a watched call takes one
// exportState + structural copy of the successor's state; after it, the interceptor calls the content's
// own method again, so a call must cost what it costs after a swap without probation.
//  - sync call through the scheduler's interface: never swapped / swapped with probation 0 / swapped
//    and its probation of 16 calls over (ratio vs probation 0: must be ~1);
//  - the 16 watched calls of a probation vs the same 16 calls without one, at 10 and 1,000 processes.
import type { BenchOptions, BenchRow } from './harness.js';
import { nsPerCall } from './harness.js';
import { Fractal, type Component } from '../bindings/index.js';
import '../components/index.js';
import type { Scheduler } from '../components/scheduler/index.js';
import { ReconfigurationEngine } from '../reconfig/index.js';

export const name = 'reconfig-probation';

const RR = 'components.scheduler.RoundRobin';
const MLFQ = 'components.scheduler.Mlfq';

function scheduler(processes: number): { c: Component; api: Scheduler } {
  const boot = Fractal.createBootstrapComponent({ clock: () => 0 });
  const tf = Fractal.getTypeFactory(boot);
  const gf = Fractal.getGenericFactory(boot);
  const c = gf.newFcInstance(tf.createFcType([tf.createFcItfType('scheduler', 'components.scheduler.Scheduler', false, false, false)]), 'primitive', RR, { name: 'scheduler' });
  Fractal.getLifeCycleController(c).startFc();
  const api = c.getFcInterface('scheduler') as unknown as Scheduler;
  for (let pid = 1; pid <= processes; pid++) api.admit(pid, 0);
  return { c, api };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const iterations = Math.round(2_000_000 * opts.scale);
  const rows: BenchRow[] = [];

  // ---- hot path after the probation
  const never = scheduler(100);
  const zero = scheduler(100);
  const over = scheduler(100);
  const engine = new ReconfigurationEngine();
  // Every interceptor has served its first content before the swap, as in a running kernel.
  for (const x of [never, zero, over]) for (let i = 0; i < 100_000; i++) x.api.current();
  await engine.replace(zero.c, MLFQ, { probation: 0 });
  await engine.replace(over.c, MLFQ, { probation: 16 });
  for (let i = 0; i < 16; i++) over.api.current();
  if (engine.inProbation(over.c)) throw new Error('probation still running after 16 calls');
  let sink = 0;
  // Alternate the three, best of each, so that host noise hits them alike.
  const best = { never: Infinity, zero: Infinity, over: Infinity };
  for (let round = 0; round < 5; round++) {
    best.never = Math.min(best.never, nsPerCall(() => { sink += never.api.current(); }, iterations, 1));
    best.zero = Math.min(best.zero, nsPerCall(() => { sink += zero.api.current(); }, iterations, 1));
    best.over = Math.min(best.over, nsPerCall(() => { sink += over.api.current(); }, iterations, 1));
  }
  opts.log(`[probation] current(): never swapped ${best.never.toFixed(2)} ns, probation 0 ${best.zero.toFixed(2)} ns, probation over ${best.over.toFixed(2)} ns`);
  rows.push(
    { case: 'sync call via interface, never swapped', value: best.never, unit: 'ns/call', note: `${iterations} calls of current(), best of 5` },
    { case: 'sync call via interface, swapped with probation 0', value: best.zero, unit: 'ns/call', ratio: best.zero / best.never, note: 'ratio vs never swapped' },
    { case: 'sync call via interface, swapped, probation of 16 over', value: best.over, unit: 'ns/call', ratio: best.over / best.zero, note: 'ratio vs probation 0 (the residue of a probation: ~1)' },
  );

  // ---- the watched calls
  for (const n of [10, 1000]) {
    const watched: number[] = [];
    const plain: number[] = [];
    const s = scheduler(n);
    for (let k = 0; k < Math.max(5, Math.round(30 * opts.scale)); k++) {
      for (const [probation, out] of [[16, watched], [0, plain]] as const) {
        await engine.replace(s.c, k % 2 ? RR : MLFQ, { probation });
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < 8; i++) {
          const pid = s.api.pick();
          s.api.charge(pid, 100);
        }
        out.push(Number(process.hrtime.bigint() - t0) / 1000 / 16);
      }
    }
    const w = median(watched);
    const p = median(plain);
    opts.log(`[probation] ${n} processes: watched call ${w.toFixed(1)} µs, plain ${p.toFixed(1)} µs`);
    rows.push(
      { case: `watched call during probation, ${n} processes`, value: w, unit: 'µs/call', ratio: w / p, note: `median over swaps of the 16 calls after the swap (pick + charge); ratio vs the same calls with probation 0 (${p.toFixed(2)} µs)` },
      { case: `probation overhead per watched call, ${n} processes`, value: w - p, unit: 'µs/call', note: 'one exportState + structural copy' },
    );
  }
  if (sink === 42.5) opts.log('');
  return rows;
}
