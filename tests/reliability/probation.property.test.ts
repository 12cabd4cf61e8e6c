// Swap transparency with faulty successors: random swap sequences, some of them to a scheduler that
// throws on one of its first calls after that call changed its state, interleaved with guest execution,
// leave every guest's stdout byte-identical to the run without swaps (qemu's output) and its exit status
// unchanged. Each faulty successor that reaches its failing call within its probation is rolled back
// exactly (reconfig/probation.ts): no fault ever reaches the trap glue, no process is killed.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../boot/system.js';
import { reconfigure, swap } from '../../boot/reconfigure.js';
import { IMPLEMENTATIONS } from '../../components/index.js';
import { guestCase } from '../kernel/guests.js';
import { captureByTree } from './capture.js';
import { FAULTY_SCHEDULER, FaultyScheduler } from './faulty.js';

const GUESTS = ['forkpipe', 'files'];
const FAMILIES = Object.keys(IMPLEMENTATIONS);
const PROBATION = 16;

type Step = { gap: number; fault: boolean; nth: number; family: number; impl: number };

const step: fc.Arbitrary<Step> = fc.record({
  gap: fc.integer({ min: 2_000, max: 120_000 }),
  fault: fc.boolean(),
  nth: fc.integer({ min: 1, max: PROBATION }),
  family: fc.nat({ max: FAMILIES.length - 1 }),
  impl: fc.nat({ max: 9 }),
});

describe('probation keeps swaps transparent with faulty successors', () => {
  it('random swaps and faulty schedulers interleaved with two guests: stdout and exit status as without swaps', async () => {
    let rollbacks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const files = GUESTS.map((g) => ({ path: `/${g}.elf`, data: readFileSync(guestCase(g).elfPath), mode: 0o755 }));
        const s = await bootSystem({ files });
        const capture = captureByTree(s);
        const pids = GUESTS.map((g) => s.spawn(`/${g}.elf`, [`${g}.elf`]));
        const engine = reconfigure(s);
        const faulty: number[] = [];
        for (const st of steps) {
          if (s.process.count() === 0) break;
          s.run(st.gap);
          if (s.process.count() === 0) break;
          if (st.fault) {
            FaultyScheduler.next = 'nth-call-throws';
            FaultyScheduler.nth = st.nth;
            try {
              const r = await engine.replace(s.component('scheduler'), FAULTY_SCHEDULER);
              expect(r.outcome).toBe('committed');
              faulty.push(r.id);
            } finally {
              FaultyScheduler.next = 'none';
            }
          } else {
            const family = FAMILIES[st.family]!;
            const impls = Object.keys(IMPLEMENTATIONS[family]!);
            expect((await swap(s, family, impls[st.impl % impls.length]!)).outcome).toBe('committed');
          }
        }
        expect(s.runToCompletion(4e9)).toBe('done');
        expect(s.traps.faults).toEqual([]);
        GUESTS.forEach((g, i) => {
          expect(capture.of(pids[i]!).equals(guestCase(g).expectedStdout)).toBe(true);
          expect(s.process.exits().find((e) => e.pid === pids[i])).toMatchObject({ code: guestCase(g).exitCode, signal: null });
        });
        // Every rollback is a probation rollback of a faulty swap, exact, its call rerun.
        const undos = engine.records().filter((r) => r.outcome === 'rolled-back');
        rollbacks += undos.length;
        for (const u of undos) {
          expect(u).toMatchObject({ failedStep: 'probation', probation: { exact: true, rerun: true } });
          expect(faulty).toContain(u.rollbackOf);
        }
        // A faulty scheduler still installed at the end has not reached its failing call.
        const last = s.component('scheduler').content;
        if (last instanceof FaultyScheduler && last.fault === 'nth-call-throws') expect(last.calls).toBeLessThan(last.nth);
      }),
      { numRuns: Number(process.env.PROBATION_RUNS ?? 8) },
    );
    expect(rollbacks).toBeGreaterThan(0); // the faults did reach their failing calls
  }, 120_000);
});
