// `tessera exec --swap-every/--swap`: the swap-transparency check on any program. The guest's stdout
// and exit status are those of qemu-riscv32 whatever the kernel swaps under it.
import { describe, expect, it } from 'vitest';
import { execOnKernel } from '../../boot/exec.js';
import { currentImplementation, parseSwapSpec } from '../../boot/reconfigure.js';
import { guestCase } from './guests.js';

describe('exec with hot swaps', () => {
  for (const [name, every] of [['forkpipe', 150_000], ['exec', 100_000], ['files', 120_000]] as const) {
    it(`${name}: a random swap every ${every} cycles changes nothing the guest shows`, async () => {
      const c = guestCase(name);
      const r = await execOnKernel(c.elfPath, c.args, { files: c.files, console: { input: '' }, swaps: { every, seed: 42 } });
      expect(r.swaps!.done).toBeGreaterThan(2);
      expect(r.swaps!.rolledBack).toBe(0);
      expect(Buffer.from(r.system.output().stdout).toString('latin1')).toBe(c.expectedStdout.toString('latin1'));
      expect(r.status).toBe(c.exitCode);
    });
  }

  // Regression: a successor used to issue again every disk read in flight at the swap; with swaps
  // coming faster than the disk answered, the queue grew forever and the reader never woke.
  it('filesystem swaps faster than the disk answers do not starve a reader', async () => {
    const c = guestCase('errors');
    const r = await execOnKernel(c.elfPath, c.args, { files: c.files, console: { input: '' }, swaps: { every: 20_000, seed: 2, families: ['filesystem'] } });
    expect(r.swaps!.done).toBeGreaterThan(10);
    expect(Buffer.from(r.system.output().stdout).toString('latin1')).toBe(c.expectedStdout.toString('latin1'));
    expect(r.status).toBe(c.exitCode);
  });

  it('swaps at given cycles, to the named implementations', async () => {
    const c = guestCase('forkpipe');
    const r = await execOnKernel(c.elfPath, c.args, {
      console: { input: '' },
      swaps: { at: ['scheduler=fair@100000', 'allocator=free-list@200000', 'filesystem=write-back@300000'].map(parseSwapSpec) },
    });
    expect(r.swaps!.done).toBe(3);
    expect(currentImplementation(r.system, 'scheduler')).toBe('fair');
    expect(currentImplementation(r.system, 'allocator')).toBe('free-list');
    expect(currentImplementation(r.system, 'filesystem')).toBe('write-back');
    expect(Buffer.from(r.system.output().stdout).toString('latin1')).toBe(c.expectedStdout.toString('latin1'));
    expect(() => parseSwapSpec('scheduler=nope@1')).toThrow(/nope/);
    expect(() => parseSwapSpec('scheduler:mlfq')).toThrow(/FAMILY=IMPL@CYCLE/);
  });
});
