// The kernel gives the same guest-visible run on every machine engine: the C-test-style guests whose
// behaviour depends most on traps and system calls (children dying by signal, stdin, abort, sleeps,
// files) run on the interpreter and on JavaScript blocks too, and must still match qemu-riscv32
// (the default-engine runs of every case are in matrix.test.ts).
import { describe, expect, it } from 'vitest';
import { guestCase, runCase } from './guests.js';

const CASES: Record<'interp' | 'js', string[]> = {
  interp: ['procs', 'exitcode-abort', 'timecheck'],
  js: ['procs', 'stdio', 'exitcode-killself', 'fileio'],
};

for (const engine of ['interp', 'js'] as const) {
  describe(`guests on the kernel with the '${engine}' engine match qemu-riscv32`, () => {
    for (const name of CASES[engine]) {
      it(name, async () => {
        const c = guestCase(name);
        const run = await runCase(c, { engine });
        expect(run.stdout.toString('latin1')).toBe(c.expectedStdout.toString('latin1'));
        expect(run.status).toBe(c.exitCode);
      });
    }
  });
}
