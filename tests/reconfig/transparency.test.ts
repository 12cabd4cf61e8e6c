// Swap transparency: with a fixed seed, a guest's stdout and exit status are byte-identical with and
// without hot swaps — random swap sequences (fast-check) interleaved with guest execution.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootSystem, type TesseraSystem } from '../../boot/system.js';
import { formatSwapStats, parseSwapSpec, runWithSwaps, type ScheduledSwap, type SwapSchedule } from '../../boot/reconfigure.js';
import { statusOf } from '../../boot/exec.js';
import { IMPLEMENTATIONS } from '../../components/index.js';
import { guestCase } from './guests.js';

async function bootCase(name: string): Promise<TesseraSystem> {
  const c = guestCase(name);
  const files = [c.elfPath, ...c.files].map((f) => ({ path: `/${basename(f)}`, data: readFileSync(f), mode: 0o755 }));
  const input = c.stdinPath ? readFileSync(c.stdinPath) : new Uint8Array();
  const s = await bootSystem({ files, console: { input }, seed: 1 });
  const elf = basename(c.elfPath);
  s.spawn(`/${elf}`, [elf, ...c.args]);
  return s;
}

async function runWith(name: string, schedule: SwapSchedule) {
  const s = await bootCase(name);
  const r = await runWithSwaps(s, schedule);
  return { ...r, stdout: Buffer.from(s.output().stdout), status: statusOf(s, 1), cycles: s.machine.cycle };
}

const FAMILIES = Object.keys(IMPLEMENTATIONS);
const swapArb = fc.record({
  gap: fc.integer({ min: 5_000, max: 600_000 }),
  family: fc.constantFrom(...FAMILIES),
  pick: fc.nat(),
});

describe('swap transparency', () => {
  it('random swap sequences do not change stdout or exit status (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('forkpipe', 'files', 'exec', 'filter', 'sort'), fc.array(swapArb, { minLength: 1, maxLength: 12 }), async (name, swaps) => {
        let cycle = 0;
        const at: ScheduledSwap[] = swaps.map((x) => {
          cycle += x.gap;
          const impls = Object.keys(IMPLEMENTATIONS[x.family]!);
          return { family: x.family, impl: impls[x.pick % impls.length]!, cycle };
        });
        const c = guestCase(name);
        const r = await runWith(name, { at });
        expect(r.exit).toBe('done');
        expect(r.rolledBack).toBe(0);
        expect(r.stdout.equals(c.expectedStdout)).toBe(true);
        expect(r.status).toBe(c.exitCode);
      }),
      { numRuns: 6, seed: 20261123 },
    );
  });

  it('--swap-every with a seed: same output as without swaps, and the same swaps on a re-run', async () => {
    const plain = await runWith('forkpipe', {});
    const a = await runWith('forkpipe', { every: 100_000, seed: 42 });
    const b = await runWith('forkpipe', { every: 100_000, seed: 42 });
    expect(a.done).toBeGreaterThan(5);
    expect(a.rolledBack).toBe(0);
    expect(a.stdout.equals(plain.stdout)).toBe(true);
    expect(a.status).toBe(plain.status);
    expect(b.records.map((r) => [r.actions, r.requested.cycle])).toEqual(a.records.map((r) => [r.actions, r.requested.cycle]));
    expect(new Set(a.records.map((r) => r.replacements[0]!.path.split('/').pop())).size).toBeGreaterThan(1);
    expect(formatSwapStats(a)).toMatch(new RegExp(`^tessera: ${a.done} swap\\(s\\) done, 0 rolled back; latency p50 \\d+ µs, max \\d+ µs wall, 0 emulated cycles$`));
  });

  it('parses --swap FAMILY=IMPL@CYCLE and refuses unknown names with the choices', () => {
    expect(parseSwapSpec('scheduler=mlfq@500000')).toEqual({ family: 'scheduler', impl: 'mlfq', cycle: 500000 });
    expect(() => parseSwapSpec('scheduler=lottery@5')).toThrow(/no scheduler implementation 'lottery'; expected one of round-robin, priority, mlfq, stride, fair/);
    expect(() => parseSwapSpec('scheduler:mlfq')).toThrow(/expected FAMILY=IMPL@CYCLE/);
  });
});
