// Regression tests for bugs this suite found in code outside tests/reliability (see docs/reliability.md
// "Bugs found"). Each test asserts the CORRECT behaviour. An open bug's test is marked `it.fails`:
// vitest checks that it still fails, and when a fix lands it reports "expected to fail but passed":
// then change `it.fails` to `it` (move it to the fixed block) and update the docs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../boot/system.js';
import { reconfigure, swap } from '../../boot/reconfigure.js';
import { guestCase } from '../kernel/guests.js';
import { FAULTY_SCHEDULER, FaultyScheduler } from './faulty.js';

const file = (name: string) => ({ path: `/${name}.elf`, data: readFileSync(guestCase(name).elfPath), mode: 0o755 });

describe('fixed bugs', () => {
  // Was: components/filesystem/core.ts importState adopted buffers whose read was in flight as
  // READ_PENDING and re-issued their reads; the old request ids completed into nothing. Reads queue on
  // the disk (~11k cycles each), so a filesystem swap every 20k cycles while a guest loaded 13 blocks
  // restarted them all every time: the guest never got its program. Fixed in 0262214.
  it('filesystem swaps every 20,000 cycles do not starve a guest loading from the disk', async () => {
    const s = await bootSystem({ files: [file('getpid')] });
    s.spawn('/getpid.elf', ['getpid.elf', '1000']);
    const impls = ['write-back', 'write-through'];
    for (let i = 0; i < 150 && s.process.count() > 0; i++) {
      s.run(20_000);
      if (s.process.count() > 0) expect((await swap(s, 'filesystem', impls[i % 2]!)).outcome).toBe('committed');
    }
    // Without swaps the guest ends after ~320,000 cycles; 150 swaps give it 3,000,000.
    expect(s.process.count()).toBe(0);
  });

  // Was: reconfig/engine.ts replaceInPlace ignored the result of the successor's importState, so an
  // importState that returned a promise (async, or never settling) committed a successor without state;
  // the next trap then threw on the host ("round-robin.charge: unknown pid 3"). Fixed: a promise from
  // importState or a start hook fails that step and the swap rolls back.
  it('a successor whose importState returns a never-settling promise is rolled back at import', async () => {
    const s = await bootSystem({ files: [file('forkpipe')] });
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(800_000);
    const old = s.component('scheduler').content;
    FaultyScheduler.next = 'import-hangs';
    const r = await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER);
    FaultyScheduler.next = 'none';
    expect(r.outcome).toBe('rolled-back');
    expect(r.failedStep).toBe('import');
    expect(s.component('scheduler').content).toBe(old);
  });
  // Was: a committed successor that threw on its first calls was not rolled back (no probation after
  // the commit); boot/traps.ts contained the fault by killing the process whose trap failed, so the
  // guest's output was not the one without faults. Fixed: reconfig/probation.ts watches each successor's
  // first calls (16 by default); the failing call rolls the swap back to the state just before it and
  // runs again on the predecessor, so the caller never sees the error (docs/reconfiguration.md).
  it('a successor that throws on its first calls does not take the host down', async () => {
    const c = guestCase('forkpipe');
    const s = await bootSystem({ files: [file('forkpipe')] });
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(800_000);
    const old = s.component('scheduler').content;
    FaultyScheduler.next = 'first-calls-throw';
    const r = await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER);
    FaultyScheduler.next = 'none';
    expect(r.outcome).toBe('committed');
    expect(() => s.runToCompletion(4e9)).not.toThrow();
    expect(Buffer.from(s.output().stdout).equals(c.expectedStdout)).toBe(true);
    expect(s.traps.faults).toEqual([]);
    expect(s.component('scheduler').content).toBe(old);
    const undo = reconfigure(s).records().find((x) => x.rollbackOf === r.id);
    expect(undo).toMatchObject({ outcome: 'rolled-back', failedStep: 'probation', probation: { exact: true, rerun: true, outgoingCalls: 0 } });
    expect(undo!.probation!.call).toMatch(/^scheduler\.\w+\.pick$/);
  });
});

// Open bugs: none at the moment. A new one goes here, in a describe('open bugs (it.fails until fixed)')
// block, as `it.fails(...)` with a comment saying where the bug is.
