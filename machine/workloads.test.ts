// Whole-program tests: every committed guest of workloads/ that needs only the standalone
// runner's system calls runs on the machine and must match qemu-riscv32's recorded stdout byte for
// byte, and its exit status. Guests that need the kernel (files, processes) are listed and skipped
// here; the kernel's own tests run them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BufferConsole } from './devices/console.js';
import { StandaloneRunner } from './standalone/runner.js';

const root = fileURLToPath(new URL('../workloads/', import.meta.url));
/** Guests using files, fork, exec or pipes: not in the standalone runner's system-call set. */
const NEEDS_KERNEL = new Set(['files', 'forkpipe', 'exec']);

interface Expectation {
  exitCode: number;
  elf: string;
  args: string[];
  stdin: string | null;
}

const cases = existsSync(join(root, 'expected'))
  ? readdirSync(join(root, 'expected')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
  : [];

describe('workloads on the standalone runner match qemu-riscv32', () => {
  it('has guests to run', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of cases.filter((n) => !NEEDS_KERNEL.has(n))) {
    it(name, () => {
      const exp = JSON.parse(readFileSync(join(root, 'expected', `${name}.json`), 'utf8')) as Expectation;
      const elf = readFileSync(join(root, 'bin', exp.elf));
      const stdin = exp.stdin === null ? new Uint8Array(0) : new Uint8Array(readFileSync(join(root, exp.stdin)));
      let con!: BufferConsole;
      const warnings: string[] = [];
      const runner = new StandaloneRunner(new Uint8Array(elf), {
        argv: [exp.elf, ...exp.args],
        console: (bus) => (con = new BufferConsole(bus, stdin)),
        warn: (line) => warnings.push(line),
      });
      const outcome = runner.runSync(5e9);
      expect(outcome, `${name} did not finish; warnings: ${warnings.join(' | ')}`).not.toBeNull();
      const want = new Uint8Array(readFileSync(join(root, 'expected', `${name}.stdout`)));
      expect(Buffer.from(con.stdout()).toString('latin1')).toBe(Buffer.from(want).toString('latin1'));
      expect(outcome!.status, warnings.join(' | ')).toBe(exp.exitCode);
      if (exp.exitCode >= 128) expect(warnings.some((w) => /guest killed by SIG/.test(w))).toBe(true);
    });
  }
});
