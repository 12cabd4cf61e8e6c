// A kernel component that throws (a bug, or a faulty successor swapped in) does not take the host down:
// the trap glue reports the fault, kills the process whose trap failed, and the machine runs on.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootSystem } from '../../boot/system.js';
import { reconfigure } from '../../boot/reconfigure.js';
import { FAULTY_SCHEDULER, FaultyScheduler } from '../reliability/faulty.js';
import { guestCase } from './guests.js';

describe('kernel fault containment', () => {
  it('a scheduler that throws after a swap: faults reported, processes killed, no host exception', async () => {
    const s = await bootSystem({ files: [{ path: '/forkpipe.elf', data: readFileSync(guestCase('forkpipe').elfPath), mode: 0o755 }] });
    s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    s.run(800_000);
    FaultyScheduler.next = 'first-calls-throw';
    const r = await reconfigure(s).replace(s.component('scheduler'), FAULTY_SCHEDULER, { probation: 0 }); // no probation: the fault reaches the trap glue
    FaultyScheduler.next = 'none';
    expect(r.outcome).toBe('committed');
    expect(() => s.runToCompletion(4e9)).not.toThrow();
    expect(s.traps.faults.length).toBeGreaterThan(0);
    expect(s.traps.faults[0]!.error).toMatch(/\w/);
    expect(new TextDecoder().decode(s.output().stderr)).toMatch(/tessera: kernel fault during .*: /);
  });
});
