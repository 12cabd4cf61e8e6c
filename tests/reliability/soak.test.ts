// Quick random-swap soak (the long one is `npm run soak`): five guests run concurrently while every
// kernel family is swapped to random implementations at random emulated times; nothing may be lost.
import { describe, expect, it } from 'vitest';
import { compareRound, emptyTotals, failer, soak, type RoundResult } from './soak-core.js';

describe('random-swap soak', () => {
  it('swaps every family at random times under six concurrent guests (one fuzzing system calls), with injected faults: no process, frame, file byte, request or output lost', async () => {
    const r = await soak({ seed: 20261123, swaps: 250, faultEvery: 10 });
    expect(r.failures).toEqual([]);
    expect(r.swaps).toBe(250);
    expect(r.faults).toBe(25);
    expect(r.inputs).toBeGreaterThanOrEqual(600);
    expect(r.rolledBack).toBe(0);
    expect(r.lost).toEqual({ processes: 0, frames: 0, fileBytes: 0, requests: 0, outputs: 0 });
    expect(r.rounds).toBeGreaterThanOrEqual(1);
  });

  it('the checker counts every kind of loss (it can fail)', () => {
    const want: RoundResult = {
      outputs: new Map([['bench', Buffer.from('ok\n')], ['sysfuzz', Buffer.from('sysfuzz: done 600 calls\n')]]), statuses: new Map([['bench', 0]]), exits: 5,
      frames: '[[1,2],[3,4]]', files: new Map([['/a', new Uint8Array([1, 2, 3])]]), replies: ['aa', 'bb', null], fsckErrors: [],
    };
    const totals = emptyTotals();
    compareRound({ ...want, outputs: new Map([['sysfuzz', Buffer.from('sysfuzz: LEAK read -> -65536\nsysfuzz: done 600 calls\n')]]), exits: 4, frames: '[[1,2]]', files: new Map([['/a', new Uint8Array([1, 2, 4])]]), replies: ['aa', null, null] }, want, totals, failer(totals));
    expect(totals.lost).toEqual({ processes: 1, frames: 1, fileBytes: 3, requests: 1, outputs: 2 });
    expect(totals.failures.join('\n')).toMatch(/bench stdout differs[\s\S]*sysfuzz did not finish its calls cleanly[\s\S]*4 exits recorded, expected 5[\s\S]*file \/a differs[\s\S]*request 1 never answered/);
    const clean = emptyTotals();
    compareRound(want, want, clean, failer(clean));
    expect(clean.failures).toEqual([]);
  });
});
