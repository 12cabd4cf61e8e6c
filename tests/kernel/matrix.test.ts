// The kernel runs every committed guest exactly as qemu-riscv32 does (stdout byte for byte, exit status),
// on the default kernel and with every implementation of every family (the matrix of issue 6).
import { describe, expect, it } from 'vitest';
import { IMPLEMENTATIONS } from '../../components/index.js';
import { CASES, guestCase, runCase } from './guests.js';

describe('every guest on the default kernel matches qemu-riscv32', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.description}`, async () => {
      const run = await runCase(c);
      expect(run.stdout.toString('latin1')).toBe(c.expectedStdout.toString('latin1'));
      expect(run.status).toBe(c.exitCode);
    });
  }
});

// Cases that together use every family hard: scheduling (fork, pipes, sleep), frames (malloc, mmap,
// fork copies), files (the filesystem), execve, signals. The long CPU-bound ones add nothing here.
const MATRIX_CASES = ['forkpipe', 'exec', 'files', 'clock', 'filter', 'crash-segv'];
/** Per family, the heavy case that stresses it most. */
const EXTRA: Record<string, string[]> = { scheduler: [], allocator: ['alloc'], filesystem: [] };

for (const family of ['scheduler', 'allocator', 'filesystem'] as const) {
  describe(`every ${family} implementation runs the guests identically`, () => {
    for (const [impl, cls] of Object.entries(IMPLEMENTATIONS[family])) {
      it(`${family}=${impl}`, async () => {
        for (const name of [...MATRIX_CASES, ...EXTRA[family]]) {
          const c = guestCase(name);
          const run = await runCase(c, { adlArgs: { [family]: cls } });
          expect(run.system.component(family).getFcInterface(family)).toBeDefined();
          expect(`${name}: ${run.stdout.toString('latin1')}`).toBe(`${name}: ${c.expectedStdout.toString('latin1')}`);
          expect(run.status, `${name} exit status`).toBe(c.exitCode);
        }
      });
    }
  });
}
