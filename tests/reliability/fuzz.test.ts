// Fuzzing the kernel's inputs (ADL inputs are fuzzed in tests/adl): system-call arguments from a guest
// (guests/sysfuzz.c), random instruction streams as a guest's code, corrupted ELFs, reconfiguration
// scripts. The host process never crashes, bad input gets a clear error, a misbehaving guest is killed
// alone and the guest beside it finishes with the oracle's output.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootSystem, type TesseraSystem } from '../../boot/system.js';
import { script } from '../../boot/reconfigure.js';
import { parseElf } from '../../machine/elf.js';
import { ElfError } from '../../machine/errors.js';
import { parseScript, ScriptError } from '../../reconfig/index.js';
import { guestCase } from '../kernel/guests.js';
import { captureByTree, type Capture } from './capture.js';

const guestElf = (name: string) => readFileSync(new URL(`./guests/bin/${name}.elf`, import.meta.url));
const sort = guestCase('sort');
const SIGILL = 4;
const SIGSEGV = 11;

const captures = new WeakMap<TesseraSystem, Capture>();

async function bootWith(files: Array<{ path: string; data: Uint8Array }>): Promise<TesseraSystem> {
  const s = await bootSystem({ files: [...files.map((f) => ({ ...f, mode: 0o755 })), { path: '/sort.elf', data: readFileSync(sort.elfPath), mode: 0o755 }] });
  captures.set(s, captureByTree(s));
  return s;
}

/** The bystander: sort.elf must finish with qemu's output whatever its neighbour does. */
function expectBystanderCorrect(s: TesseraSystem, pid: number): void {
  const exit = s.process.exits().find((e) => e.pid === pid);
  expect(exit).toEqual(expect.objectContaining({ code: sort.exitCode, signal: null }));
  expect(captures.get(s)!.of(pid).equals(sort.expectedStdout)).toBe(true);
}

/** A minimal static RV32 ELF: one R+X segment at 0x10000 holding `code`, entry at its first word. */
function rawElf(code: Uint32Array): Uint8Array {
  const hdr = 52 + 32;
  const out = new Uint8Array(hdr + code.length * 4);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 243, true); // EM_RISCV
  v.setUint32(20, 1, true);
  v.setUint32(24, 0x10000 + hdr, true); // entry
  v.setUint32(28, 52, true); // phoff
  v.setUint16(40, 52, true);
  v.setUint16(42, 32, true);
  v.setUint16(44, 1, true);
  v.setUint32(52, 1, true); // PT_LOAD
  v.setUint32(56, 0, true);
  v.setUint32(60, 0x10000, true);
  v.setUint32(64, 0x10000, true);
  v.setUint32(68, out.length, true);
  v.setUint32(72, out.length, true);
  v.setUint32(76, 5, true); // R+X
  v.setUint32(80, 0x1000, true);
  for (let i = 0; i < code.length; i++) v.setUint32(hdr + i * 4, code[i]!, true);
  return out;
}

describe('system-call fuzzing (guests/sysfuzz.c)', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: 1500 calls with random arguments and wild pointers; every result a value or an errno, the neighbour unharmed`, async () => {
      const s = await bootWith([{ path: '/sysfuzz.elf', data: guestElf('sysfuzz') }]);
      const fuzz = s.spawn('/sysfuzz.elf', ['sysfuzz.elf', String(seed), '1500']);
      const other = s.spawn('/sort.elf', ['sort.elf']);
      expect(s.runToCompletion(4e9)).toBe('done');
      const out = captures.get(s)!.of(fuzz).toString('latin1');
      const exit = s.process.exits().find((e) => e.pid === fuzz)!;
      // Either it ran to the end, or the kernel killed it alone (a signal, never the host).
      if (exit.signal === null) {
        expect(exit.code).toBe(0);
        expect(out).toContain('sysfuzz: done 1500 calls');
        const counted = [...out.matchAll(/calls +(\d+) ok +(\d+) err +(\d+)/g)];
        expect(counted.length).toBe(28);
        expect(counted.reduce((n, m) => n + Number(m[1]), 0)).toBe(1500);
      } else {
        expect([SIGSEGV, SIGILL, 13]).toContain(exit.signal);
      }
      expect(out).not.toContain('LEAK');
      expectBystanderCorrect(s, other);
      expect(s.process.count()).toBe(0);
    });
  }

  it('is deterministic: the same seed gives the same results', async () => {
    const run = async () => {
      const s = await bootWith([{ path: '/sysfuzz.elf', data: guestElf('sysfuzz') }]);
      const pid = s.spawn('/sysfuzz.elf', ['sysfuzz.elf', '9', '600']);
      s.runToCompletion(4e9);
      return captures.get(s)!.of(pid).toString('latin1');
    };
    expect(await run()).toBe(await run());
  });
});

describe('random instruction streams', () => {
  it('random 32-bit words as a guest program: the guest exits or is killed by SIGILL/SIGSEGV, the kernel and a neighbour continue', async () => {
    let tried = 0;
    let killed = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint32Array({ minLength: 1, maxLength: 64 }), async (words) => {
        const s = await bootWith([{ path: '/rand.elf', data: rawElf(words) }]);
        const other = s.spawn('/sort.elf', ['sort.elf']);
        const rand = s.spawn('/rand.elf', ['rand.elf']);
        // Random code may loop forever: a budget bounds it, then the tool kills it.
        s.runToCompletion(30_000_000);
        if (s.process.list().some((p) => p.pid === rand)) expect(s.process.kill(rand, 9)).toBe(0);
        expect(s.runToCompletion(4e9)).toBe('done');
        const exit = s.process.exits().find((e) => e.pid === rand)!;
        expect(exit.signal === null || [SIGILL, SIGSEGV, 9, 7, 5].includes(exit.signal)).toBe(true);
        if (exit.signal === SIGILL || exit.signal === SIGSEGV) killed++;
        expectBystanderCorrect(s, other);
        tried++;
      }),
      { numRuns: 6, seed: 424242 },
    );
    expect(tried).toBe(6);
    expect(killed).toBeGreaterThan(0);
  });
});

describe('corrupted ELFs', () => {
  const pristine = readFileSync(guestCase('hello').elfPath);
  it('byte mutations of a committed ELF: parseElf throws ElfError or the image loads; spawning never crashes the host', async () => {
    let refused = 0;
    let ran = 0;
    let elfErrors = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(fc.nat({ max: 127 }), fc.nat({ max: 4095 })), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (edits) => {
        const bytes = new Uint8Array(pristine);
        // Mutations concentrate on the ELF and program headers (first 128 bytes) and the first 4 KiB,
        // where the loader makes its decisions.
        for (const [at, b] of edits) bytes[at % bytes.length] = b;
        try {
          parseElf(bytes, 'mutant.elf');
        } catch (e) {
          elfErrors++;
          expect(e).toBeInstanceOf(ElfError);
          expect((e as Error).message.length).toBeGreaterThan(10);
        }
        const s = await bootWith([{ path: '/mutant.elf', data: bytes }]);
        const other = s.spawn('/sort.elf', ['sort.elf']);
        let pid = -1;
        try {
          pid = s.spawn('/mutant.elf', ['mutant.elf']);
        } catch (e) {
          expect((e as Error).message).toMatch(/spawn \/mutant.elf: error \d+/);
          refused++;
        }
        s.runToCompletion(30_000_000);
        if (pid > 0 && s.process.list().some((p) => p.pid === pid)) s.process.kill(pid, 9);
        expect(s.runToCompletion(4e9)).toBe('done');
        if (pid > 0) ran++;
        expectBystanderCorrect(s, other);
      }),
      { numRuns: 8, seed: 99 },
    );
    expect(refused + ran).toBe(8);
    expect(elfErrors).toBeGreaterThan(0);
  });

  it('truncated ELFs are refused with an ElfError naming the problem', () => {
    for (const n of [0, 3, 20, 51, 60, 100]) {
      expect(() => parseElf(pristine.subarray(0, n), 'cut.elf')).toThrow(ElfError);
    }
  });
});

describe('reconfiguration script fuzzing', () => {
  const valid = 'replace($kernel/scheduler, "mlfq")\nreplace($kernel/allocator, "buddy")\n';
  it('mutated scripts: parseScript returns statements or throws ScriptError with line:column, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.nat({ max: valid.length }), fc.nat({ max: 10 }), (junk, at, cut) => {
        const src = valid.slice(0, at) + junk + valid.slice(Math.min(valid.length, at + cut));
        try {
          parseScript(src);
        } catch (e) {
          expect(e).toBeInstanceOf(ScriptError);
          expect((e as Error).message).toMatch(/^\d+:\d+: /);
        }
      }),
      { numRuns: 400, seed: 5 },
    );
  });

  it('scripts run against a live kernel: bad names roll back or are refused, the guest is unharmed', async () => {
    const s = await bootWith([]);
    const other = s.spawn('/sort.elf', ['sort.elf']);
    s.run(300_000);
    for (const src of ['replace($kernel/scheduler, "lottery")', 'replace($kernel/nothing, "mlfq")', 'set-value($kernel/scheduler, quantum, "x")', 'unbind($kernel/process.scheduler)', 'replace($kernel/scheduler, "fair")']) {
      try {
        await script(s, src);
      } catch (e) {
        expect((e as Error).name).toMatch(/Error$/);
      }
      s.run(200_000);
    }
    expect(s.runToCompletion(4e9)).toBe('done');
    expectBystanderCorrect(s, other);
  });
});
