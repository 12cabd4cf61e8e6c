// Fault injection on the real kernel while a guest runs: successors (or the running content) whose
// exportState / importState / startFc throw, hang or produce invalid state, and a quiescence that never
// comes. Each case must roll back to the exact previous configuration (same content instance, same
// bindings, equal state export), report the failing step, and leave the guest's output correct.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fractal } from '../../bindings/index.js';
import { bootSystem, type TesseraSystem } from '../../boot/system.js';
import { reconfigure, swap } from '../../boot/reconfigure.js';
import { statusOf } from '../../boot/exec.js';
import type { Scheduler } from '../../components/scheduler/signature.js';
import { guestCase } from '../kernel/guests.js';
import { FAULTY_SCHEDULER, FaultyScheduler, type Fault } from './faulty.js';

async function bootForkpipe(): Promise<TesseraSystem> {
  const c = guestCase('forkpipe');
  const s = await bootSystem({ files: [{ path: '/forkpipe.elf', data: readFileSync(c.elfPath), mode: 0o755 }] });
  s.spawn('/forkpipe.elf', ['forkpipe.elf']);
  s.run(800_000);
  expect(s.process.count()).toBeGreaterThan(1);
  return s;
}

/** Everything a rollback must restore: content instance, bindings of every kernel member, state. */
function configuration(s: TesseraSystem) {
  const comp = s.component('scheduler');
  const bindings = ['process', 'syscall', 'filesystem'].map((p) => {
    const bc = Fractal.getBindingController(s.component(p));
    return bc.listFc().map((n) => [p, n, bc.lookupFc(n)]);
  });
  return { content: comp.content, bindings, state: JSON.stringify((comp.content as Scheduler).exportState()), started: comp.isStarted() };
}

function expectGuestCorrect(s: TesseraSystem): void {
  const c = guestCase('forkpipe');
  expect(s.runToCompletion(4e9)).toBe('done');
  expect(Buffer.from(s.output().stdout).equals(c.expectedStdout)).toBe(true);
  expect(statusOf(s, 1)).toBe(c.exitCode);
}

// Faults of the successor: it is created, then fails during the swap.
const successorFaults: Array<[Fault, string, RegExp]> = [
  ['import-throws', 'import', /injected fault: importState throws/],
  ['import-invalid', 'import', /./],
  ['start-throws', 'start', /injected fault: startFc throws/],
];
// Faults of the running content: it was swapped in healthy, then fails when it is swapped out.
const targetFaults: Array<[Fault, string, RegExp]> = [
  ['export-throws', 'export', /injected fault: exportState throws/],
  ['export-invalid', 'validate', /version "not a number"; expected a number/],
  ['export-hangs', 'import', /./],
];

describe('fault injection: every failure rolls back exactly and the guest does not notice', () => {
  for (const [fault, step, reason] of successorFaults) {
    it(`successor ${fault}: rolled back at '${step}'`, async () => {
      const s = await bootForkpipe();
      const before = configuration(s);
      FaultyScheduler.next = fault;
      const r = await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER);
      FaultyScheduler.next = 'none';
      expect(r.outcome).toBe('rolled-back');
      expect(r.failedStep).toBe(step);
      expect(r.reason).toMatch(reason);
      expect(configuration(s)).toEqual(before);
      expectGuestCorrect(s);
    });
  }

  for (const [fault, step, reason] of targetFaults) {
    it(`running content ${fault}: rolled back at '${step}', the faulty content stays`, async () => {
      const s = await bootForkpipe();
      FaultyScheduler.next = 'none';
      expect((await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER)).outcome).toBe('committed');
      const before = configuration(s);
      (s.component('scheduler').content as FaultyScheduler).fault = fault;
      const r = await swap(s, 'scheduler', 'mlfq');
      (s.component('scheduler').content as FaultyScheduler).fault = 'none';
      expect(r.outcome).toBe('rolled-back');
      expect(r.failedStep).toBe(step);
      expect(r.reason).toMatch(reason);
      expect(configuration(s)).toEqual(before);
      expectGuestCorrect(s);
    });
  }

  it('a quiescence that never comes (a call that never returns holds the counter): the stop times out and rolls back', async () => {
    const s = await bootForkpipe();
    expect((await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER)).outcome).toBe('committed');
    const comp = s.component('scheduler');
    (comp.content as FaultyScheduler).fault = 'snapshot-hangs';
    const stuck = (comp.getFcInterface('scheduler') as unknown as Scheduler).snapshot();
    expect(stuck).toBeInstanceOf(Promise);
    (comp.content as FaultyScheduler).fault = 'none';
    const before = configuration(s);
    const r = await swap(s, 'scheduler', 'fair', { timeoutMs: 150 });
    expect(r.outcome).toBe('rolled-back');
    expect(r.failedStep).toBe('stop');
    expect(r.reason).toMatch(/150|timeout|timed out/i);
    expect(r.notSafe?.length).toBeGreaterThan(0);
    expect(configuration(s)).toEqual(before);
    expect(comp.isStarted()).toBe(true);
    expectGuestCorrect(s);
  });

  it('the rolled-back kernel still swaps: a healthy swap after a failed one commits', async () => {
    const s = await bootForkpipe();
    FaultyScheduler.next = 'import-throws';
    expect((await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER)).outcome).toBe('rolled-back');
    FaultyScheduler.next = 'none';
    const r = await swap(s, 'scheduler', 'stride');
    expect(r.outcome, r.reason).toBe('committed');
    expectGuestCorrect(s);
  });
});
