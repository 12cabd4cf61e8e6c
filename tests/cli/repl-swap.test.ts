// A scripted REPL session swaps the scheduler while a CPU-bound guest (bench) and I/O-bound guests
// (the request server on the request port, files on the disk, forkpipe on pipes) run: the swap record
// is printed, the new policy serves, and every guest's output is complete and what qemu printed.
import { describe, expect, it } from 'vitest';
import { expectedLines, guestLines, outputOf, scripted } from './helpers.js';

describe('REPL: swap the scheduler while guests run', { timeout: 120_000 }, () => {
  it('prints the swap record and every guest finishes with its full output', async () => {
    const r = await scripted(['run-for 3m', 'ps', 'swap scheduler mlfq', 'ls', 'top', 'history', 'wait'].join('\n'));
    expect(r.code).toBe(0);
    // Before the swap the CPU-bound and I/O-bound guests are alive.
    const ps = outputOf(r.lines, 'ps').join('\n');
    expect(ps).toMatch(/^\s*1\s+0\s+\w+.*bench 200$/m);
    expect(ps).toMatch(/^\s*2\s+0\s+blocked.*request port\s+server 1$/m);
    // The record: committed, what moved, what it cost.
    const swap = outputOf(r.lines, 'swap scheduler mlfq');
    expect(swap[0]).toMatch(/^#1 replace committed \(strategy thread-counting\)$/);
    expect(swap.join('\n')).toMatch(/latency [\d.]+ µs, \d+ cycles;.* quiescence wait [\d.]+ µs; calls held \d+/);
    expect(swap.join('\n')).toMatch(/state kernel\/scheduler: \d+ bytes, \d+ entries/);
    expect(swap.join('\n')).toMatch(/phases: .*stop .*import .*release/);
    expect(outputOf(r.lines, 'ls').join('\n')).toMatch(/scheduler\s+STARTED\s+0\s+0\s+mlfq \(components\.scheduler\.Mlfq\)/);
    expect(outputOf(r.lines, 'top').join('\n')).toMatch(/^scheduler mlfq: running/m);
    expect(outputOf(r.lines, 'history')[0]).toBe(swap[0]);
    // Programs kept running: complete outputs, as qemu printed them.
    expect(guestLines(r.lines, 4)).toEqual(expectedLines('files'));
    expect(guestLines(r.lines, 3)).toEqual(expectedLines('forkpipe'));
    expect(guestLines(r.lines, 1)).toEqual([expect.stringMatching(/^bench: iterations=200 crclist=0x[0-9a-f]{4} /)]);
    expect(guestLines(r.lines, 2)).toEqual(['server: ready (device, scale 1)', expect.stringMatching(/^server: served=5 rejected=0 units=2500 digest=0x[0-9a-f]{8} \(quit request\)$/)]);
    const exits = r.system.process.exits();
    expect(exits.map((e) => [e.name, e.code]).sort()).toEqual([['bench', 0], ['files', 0], ['forkpipe', 0], ['server', 0]]);
    expect(r.lines.at(-1)).toMatch(/^\[tessera\] end of input: every process has ended at cycle \d+$/);
  });

  it('gives the same guest output as a session without the swap (swap transparency)', async () => {
    const withSwap = await scripted('run-for 2m\nswap scheduler stride\nrun-for 4m\nswap allocator buddy\nwait');
    const without = await scripted('wait');
    for (const pid of [1, 2, 3, 4]) expect(guestLines(withSwap.lines, pid)).toEqual(guestLines(without.lines, pid));
    expect(outputOf(withSwap.lines, 'swap allocator buddy')[0]).toMatch(/^#2 replace committed/);
  });
});
