// Whole-program tests: every committed guest of workloads/ that needs only the standalone
// runner's system calls runs on the machine and must match qemu-riscv32's recorded stdout byte for
// byte, and its exit status. Which guests qualify comes from the system calls each one makes under
// qemu (workloads/expected/<case>.json); the others (files, processes) need the kernel's tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BufferConsole } from './devices/console.js';
import type { Engine } from './hart.js';
import { StandaloneRunner } from './standalone/runner.js';

const root = fileURLToPath(new URL('../workloads/', import.meta.url));
/** System calls the standalone runner implements (by the names workloads/expected/*.json use). */
const STANDALONE = new Set(['read', 'write', 'writev', 'close', 'ioctl', 'llseek', 'openat', 'exit', 'exit_group', 'brk', 'mmap2',
  'munmap', 'mprotect', 'clock_gettime64', 'clock_nanosleep_time64', 'getpid', 'gettid', 'getppid', 'getuid', 'geteuid', 'getgid',
  'getegid', 'set_tid_address', 'sched_yield', 'getrandom']);
/** openat answers ENOENT here: fine for a guest probing for a device, not for one using files. */
const NEEDS_FILES = new Set(['mkdirat', 'getdents64', 'statx', 'unlinkat']);

interface Expectation {
  exitCode: number;
  elf: string;
  args: string[];
  stdin: string | null;
  /** System calls the guest makes under qemu (recorded by workloads/build.sh). */
  syscalls: string[];
}

const load = (name: string) => JSON.parse(readFileSync(join(root, 'expected', `${name}.json`), 'utf8')) as Expectation;
const standalone = (e: Expectation) => e.syscalls.every((c) => STANDALONE.has(c)) && !e.syscalls.some((c) => NEEDS_FILES.has(c));

const cases = existsSync(join(root, 'expected'))
  ? readdirSync(join(root, 'expected')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
  : [];

/**
 * Runs a case on the standalone runner with BufferConsole input; returns the outcome, output,
 * warnings and a log of every trap (cycle, pc, cause, tval and a hash of the registers).
 */
function runCase(exp: Expectation, translateAfter?: number, engine?: Engine) {
  const elf = readFileSync(join(root, 'bin', exp.elf));
  const stdin = exp.stdin === null ? new Uint8Array(0) : new Uint8Array(readFileSync(join(root, exp.stdin)));
  let con!: BufferConsole;
  const warnings: string[] = [];
  const runner = new StandaloneRunner(new Uint8Array(elf), {
    argv: [exp.elf, ...exp.args],
    console: (bus) => (con = new BufferConsole(bus, stdin)),
    warn: (line) => warnings.push(line),
    translateAfter,
    engine,
  });
  const traps: number[] = [];
  const hart = runner.machine.hart;
  const onTrap = runner.onTrap.bind(runner);
  runner.onTrap = (cause, tval) => {
    let hash = 0;
    for (let i = 0; i < 32; i++) hash = (Math.imul(hash, 31) + hart.regs[i]) | 0;
    traps.push(runner.machine.cycle, hart.pc, cause, tval, hash);
    onTrap(cause, tval);
  };
  const outcome = runner.runSync(5e9);
  return { outcome, stdout: con.stdout(), warnings, traps };
}

describe('workloads on the standalone runner match qemu-riscv32', () => {
  const runnable = cases.filter((n) => standalone(load(n)));
  it('has guests to run', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(10);
  });
  for (const name of runnable) {
    it(name, () => {
      const exp = load(name);
      const { outcome, stdout, warnings } = runCase(exp);
      expect(outcome, `${name} did not finish; warnings: ${warnings.join(' | ')}`).not.toBeNull();
      const want = new Uint8Array(readFileSync(join(root, 'expected', `${name}.stdout`)));
      expect(Buffer.from(stdout).toString('latin1')).toBe(Buffer.from(want).toString('latin1'));
      expect(outcome!.status, warnings.join(' | ')).toBe(exp.exitCode);
      // 128 + n for signals 1..31; exit(255) or exit(-2) (254) are normal exits a shell reports the same way.
      if (exp.exitCode > 128 && exp.exitCode < 160) expect(warnings.some((w) => /guest killed by SIG/.test(w))).toBe(true);
    });
  }
});

describe('every engine gives the same runs: same output, same traps at the same cycles', () => {
  for (const name of ['arith', 'strings', 'recurse', 'filter', 'clock', 'crash-segv']) {
    it(`${name}: interpreter, JavaScript blocks and WebAssembly regions`, () => {
      const exp = load(name);
      const interp = runCase(exp, Infinity, 'interp');
      for (const engine of ['js', 'jit'] as const) {
        const other = runCase(exp, undefined, engine);
        expect(other.outcome, engine).toEqual(interp.outcome); // status, signal, instructions and cycles
        expect(other.stdout, engine).toEqual(interp.stdout);
        expect(other.traps, engine).toEqual(interp.traps);
      }
    });
  }
  for (const name of cases.filter((n) => standalone(load(n)))) {
    it(`${name}: JavaScript blocks and WebAssembly regions`, () => {
      const exp = load(name);
      const js = runCase(exp, undefined, 'js');
      const jit = runCase(exp, undefined, 'jit');
      expect(jit.outcome).toEqual(js.outcome);
      expect(jit.stdout).toEqual(js.stdout);
      expect(jit.traps).toEqual(js.traps);
    });
  }
});
