// Isolation: a guest cannot read or write another guest's memory or the kernel's (separate address
// spaces; probes of unmapped and kernel-half addresses die by SIGSEGV alone), cannot exhaust frames
// without getting ENOMEM (a small machine, tests/reliability/SmallKernel.fractal), and cannot block a
// swap forever (processes parked in read/waitid/sleep during swaps of every family wake up after).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bootSystem, type BootOptions, type TesseraSystem } from '../../boot/system.js';
import { swap } from '../../boot/reconfigure.js';
import { IMPLEMENTATIONS } from '../../components/index.js';
import type { Allocator } from '../../components/allocator/signature.js';
import { guestCase } from '../kernel/guests.js';
import { captureByTree, type Capture } from './capture.js';

const SIGSEGV = 11;
const probe = { path: '/probe.elf', data: readFileSync(new URL('./guests/bin/probe.elf', import.meta.url)), mode: 0o755 };
const sort = guestCase('sort');
const sortFile = { path: '/sort.elf', data: readFileSync(sort.elfPath), mode: 0o755 };

const captures = new WeakMap<TesseraSystem, Capture>();

async function boot(options: BootOptions = {}): Promise<TesseraSystem> {
  const s = await bootSystem({ ...options, files: [probe, sortFile, ...(options.files ?? [])] });
  captures.set(s, captureByTree(s));
  return s;
}

/** Output of the process tree rooted at `pid`. */
const out = (s: TesseraSystem, pid: number) => captures.get(s)!.of(pid).toString('latin1');
const exitOf = (s: TesseraSystem, pid: number) => s.process.exits().find((e) => e.pid === pid);

describe('address-space isolation', () => {
  it("a guest sees its own page at another guest's secret address, and the secret stays intact", async () => {
    const s = await boot();
    const secret = s.spawn('/probe.elf', ['probe.elf', 'secret', '20']);
    s.run(400_000); // the secret is written; its owner sleeps
    const peek = s.spawn('/probe.elf', ['probe.elf', 'peek']);
    expect(s.runToCompletion(4e9)).toBe('done');
    expect(exitOf(s, peek)).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(exitOf(s, secret)).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(out(s, peek)).toMatch(/peek at 0x[0-9a-f]+ sees 0 non-zero words/);
    expect(out(s, secret)).toMatch(/^probe: secret at 0x[0-9a-f]+\nprobe: secret intact\n$/);
  });

  for (const [what, mode, addr] of [
    ['the zero page', 'read', '10'],
    ['the kernel half (above the stack)', 'read', '80000000'],
    ['the top of the address space', 'write', 'fffff000'],
    ['a hole below the mmap area', 'write', '3ffff000'],
  ] as const) {
    it(`a probe that ${mode}s ${what} is killed by SIGSEGV alone; a neighbour finishes`, async () => {
      const s = await boot();
      const other = s.spawn('/sort.elf', ['sort.elf']);
      const p = s.spawn('/probe.elf', ['probe.elf', mode, addr]);
      expect(s.runToCompletion(4e9)).toBe('done');
      expect(exitOf(s, p)).toEqual(expect.objectContaining({ code: null, signal: SIGSEGV }));
      expect(out(s, p)).toBe(`probe: ${mode} 0x${addr}\n`); // the access never completed
      expect(exitOf(s, other)).toEqual(expect.objectContaining({ code: 0, signal: null }));
      expect(out(s, other)).toBe(sort.expectedStdout.toString('latin1'));
    });
  }
});

describe('frame exhaustion', () => {
  const adl = fileURLToPath(new URL('./SmallKernel.fractal', import.meta.url));

  it('the small kernel variant agrees with the machine: 640 frames', async () => {
    const s = await boot({ adl, frames: 640 });
    expect((s.component('allocator').getFcInterface('allocator') as unknown as Allocator).stats().total).toBe(640);
    await expect(bootSystem({ adl, frames: 320 })).rejects.toThrow(/manages 640 frames but the machine has 320/);
  });

  it('a guest that allocates until failure gets NULL / ENOMEM, frees, and allocates again; its neighbour finishes', async () => {
    const s = await boot({ adl, frames: 640 });
    const other = s.spawn('/sort.elf', ['sort.elf']);
    const p = s.spawn('/probe.elf', ['probe.elf', 'exhaust']);
    expect(s.runToCompletion(4e9)).toBe('done');
    const text = out(s, p);
    expect(text).toMatch(/malloc returned NULL after [1-9]\d* chunks of 64 KiB \(errno ENOMEM\)/);
    expect(text).toMatch(/mmap failed after \d+ maps \(errno ENOMEM\)/);
    expect(text).toContain('probe: malloc after freeing: ok');
    expect(exitOf(s, p)).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(exitOf(s, other)).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(out(s, other)).toBe(sort.expectedStdout.toString('latin1'));
    // Every frame came back.
    expect((s.component('allocator').getFcInterface('allocator') as unknown as Allocator).stats().used).toBe(0);
  });
});

describe('a blocked process cannot block a swap', () => {
  it('processes parked in waitid, pipe read and sleep: every family swaps at once, they wake and finish correctly', async () => {
    const fp = guestCase('forkpipe');
    const s = await boot({ files: [{ path: '/forkpipe.elf', data: readFileSync(fp.elfPath), mode: 0o755 }] });
    const sleeper = s.spawn('/probe.elf', ['probe.elf', 'secret', '30']);
    const fork = s.spawn('/forkpipe.elf', ['forkpipe.elf']);
    const waiting = () => s.process.list().map((p) => p.waiting ?? '');
    const seen = new Set<string>();
    let swaps = 0;
    const pick = (family: string, i: number) => {
      const impls = Object.keys(IMPLEMENTATIONS[family]!);
      return impls[i % impls.length]!;
    };
    for (let i = 0; s.process.count() > 0 && i < 400; i++) {
      s.run(7_000);
      const w = waiting().filter((x) => x);
      if (w.length === 0) continue;
      for (const x of w) seen.add(x.split(' ')[0]!);
      for (const family of Object.keys(IMPLEMENTATIONS)) {
        const r = await swap(s, family, pick(family, i + 1), { timeoutMs: 1000 });
        expect(r.outcome, r.reason).toBe('committed');
        swaps++;
      }
    }
    expect(s.runToCompletion(4e9)).toBe('done');
    expect(swaps).toBeGreaterThan(20);
    expect(seen.size).toBeGreaterThanOrEqual(2);
    expect(exitOf(s, sleeper)).toEqual(expect.objectContaining({ code: 0, signal: null }));
    expect(exitOf(s, fork)).toEqual(expect.objectContaining({ code: fp.exitCode, signal: null }));
    expect(out(s, sleeper)).toContain('probe: secret intact');
    expect(out(s, fork)).toBe(fp.expectedStdout.toString('latin1'));
  });
});
